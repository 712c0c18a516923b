import { rmSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PrismaClient } from '@/lib/generated/prisma/client';

// Route handlers use the app's `db` (built from DATABASE_URL at import time): point it at this
// file's temp database first.
const dbFile = vi.hoisted(() => {
  const dir = `${process.env.TMPDIR ?? '/tmp'}/pollboard-chart-routes-${process.pid}-${Date.now()}`;
  process.env.DATABASE_URL = `file:${dir}/test.db`;
  return `${dir}/test.db`;
});

type Ctx<P> = { params: Promise<P> };
let db: PrismaClient;
let questionChart: (r: Request, c: Ctx<{ slug: string; chart: string }>) => Promise<Response>;
let pollFile: (r: Request, c: Ctx<{ id: string; file: string }>) => Promise<Response>;
let indicatorFile: (r: Request, c: Ctx<{ slug: string; file: string }>) => Promise<Response>;
let compareCsv: (r: Request) => Promise<Response>;
let questionApi: (r: Request, c: Ctx<{ slug: string }>) => Promise<Response>;

beforeAll(async () => {
  // A copy of the run's seeded template (tests/support/sqlite-template.ts), else migrate and seed here.
  const { copySeededSqliteFile, createMigratedSqliteFile } = await import('../support/sqlite-template');
  const copied = copySeededSqliteFile(dbFile);
  if (!copied) await createMigratedSqliteFile(dbFile);
  ({ db } = await import('@/lib/db'));
  if (!copied) {
    const { seedDemo } = await import('@/lib/seed/demo');
    await seedDemo(db);
  }
  questionChart = (await import('@/app/api/v1/questions/[slug]/[chart]/route')).GET;
  pollFile = (await import('@/app/api/v1/polls/[id]/[file]/route')).GET;
  indicatorFile = (await import('@/app/api/v1/indicators/[slug]/[file]/route')).GET;
  compareCsv = (await import('@/app/api/v1/compare.csv/route')).GET;
  questionApi = (await import('@/app/api/v1/questions/[slug]/route')).GET;
});

afterAll(async () => {
  await db.$disconnect();
  rmSync(path.dirname(dbFile), { recursive: true, force: true });
});

const req = (url: string, headers: Record<string, string> = {}) => new Request(`http://localhost${url}`, { headers });
const params = <P>(p: P): Ctx<P> => ({ params: Promise.resolve(p) });
const rows = (text: string) => {
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: 'greedy' });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
};
const today = new Date().toISOString().slice(0, 10);

describe('question chart data URLs', () => {
  it('serves the Kuril distribution as CSV with the Wilson interval of the page', async () => {
    const res = await questionChart(req('/api/v1/questions/kuril-transfer/distribution.csv'), params({ slug: 'kuril-transfer', chart: 'distribution.csv' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="kuril-transfer-distribution-${today}.csv"`);
    const against = rows(await res.text()).find((r) => r.option_key === 'against');
    expect(against?.percent).toBe('74');
    expect(Number(against?.interval_low).toFixed(1)).toBe('71.8');
    expect(Number(against?.interval_high).toFixed(1)).toBe('76.1');
  });

  it('names the trend method in the file name, filters "as shown", and answers 304 to its ETag', async () => {
    const url = '/api/v1/questions/kuril-transfer/trend.json?method=loess&from=2015';
    const res = await questionChart(req(url), params({ slug: 'kuril-transfer', chart: 'trend.json' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(`kuril-transfer-trend-loess-${today}.json`);
    const doc = (await res.json()) as { method: { name: string }; rows: { row_type: string; date: string }[]; url_state: { query: Record<string, string> } };
    expect(doc.method.name).toBe('loess');
    expect(doc.url_state.query).toMatchObject({ method: 'loess', from: '2015' });
    expect(doc.rows.filter((r) => r.row_type === 'poll').every((r) => r.date >= '2015')).toBe(true);
    const again = await questionChart(req(url, { 'If-None-Match': res.headers.get('etag') ?? '' }), params({ slug: 'kuril-transfer', chart: 'trend.json' }));
    expect(again.status).toBe(304);
  });

  it('writes one CSV per chart version and view: repeats are the same bytes, ?bom=1 and another method are their own, a correction shows at once', async () => {
    const csv = async (query = '') =>
      (await questionChart(req(`/api/v1/questions/kuril-transfer/trend.csv${query}`), params({ slug: 'kuril-transfer', chart: 'trend.csv' }))).text();
    const plain = await csv();
    expect(await csv()).toBe(plain);
    // Response.text() drops a leading BOM, so read the bytes.
    const bom = await questionChart(req('/api/v1/questions/kuril-transfer/trend.csv?bom=1'), params({ slug: 'kuril-transfer', chart: 'trend.csv' }));
    const bytes = Buffer.from(await bom.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(plain);
    expect(await csv()).toBe(plain);
    const mean = await csv('?method=mean');
    expect(mean).not.toBe(plain);
    expect(rows(mean).every((r) => r.method === undefined || r.method === 'mean')).toBe(true);
    // A sample-size correction moves the weighted trend: the next request has it.
    const { versionedUpdate } = await import('@/lib/writes/versioned-update');
    const poll = await db.poll.findFirstOrThrow({
      where: { questions: { some: { question: { slug: 'kuril-transfer' } } } },
      orderBy: { fieldEnd: 'desc' },
      select: { id: true, version: true, sampleSize: true },
    });
    const saved = await versionedUpdate(db, {
      entity: 'Poll',
      id: poll.id,
      expectedVersion: poll.version,
      userId: null,
      data: { sampleSize: (poll.sampleSize ?? 1600) * 4 },
    });
    expect(saved.ok).toBe(true);
    await expect.poll(() => csv(), { timeout: 5_000 }).not.toBe(plain);
  });

  it('gives 400 naming the parameter and 404 for unknown charts and slugs', async () => {
    const bad = await questionChart(req('/api/v1/questions/kuril-transfer/trend.csv?method=magic'), params({ slug: 'kuril-transfer', chart: 'trend.csv' }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { parameter: string } }).error.parameter).toBe('method');
    expect((await questionChart(req('/x'), params({ slug: 'kuril-transfer', chart: 'pie.csv' }))).status).toBe(404);
    expect((await questionChart(req('/x'), params({ slug: 'nope', chart: 'trend.csv' }))).status).toBe(404);
  });

  it('keeps negative changes numeric in the waves CSV', async () => {
    const res = await questionChart(req('/api/v1/questions/kuril-transfer/waves.csv'), params({ slug: 'kuril-transfer', chart: 'waves.csv' }));
    expect(res.headers.get('content-disposition')).toMatch(/filename="kuril-transfer-waves-against-\d{4}-\d{2}-\d{2}\.csv"/);
    const table = rows(await res.text());
    expect(new Set(table.map((r) => r.option))).toEqual(new Set(['against']));
    const changes = table.map((r) => r.change).filter((c): c is string => !!c);
    expect(changes.length).toBeGreaterThan(0);
    for (const c of changes) expect(c).toMatch(/^-?\d+(\.\d+)?$/);
  });
});

describe('poll, indicator and compare data URLs', () => {
  it('serves poll results, indicator series and the compare table', async () => {
    const poll = await pollFile(req('/api/v1/polls/1/results.csv?bom=1'), params({ id: '1', file: 'results.csv' }));
    expect(poll.status).toBe(200);
    const bytes = new Uint8Array(await poll.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(rows(new TextDecoder().decode(bytes)).length).toBeGreaterThan(0);
    const series = await indicatorFile(req('/api/v1/indicators/russia-japan-trade/series.csv'), params({ slug: 'russia-japan-trade', file: 'series.csv' }));
    expect(series.status).toBe(200);
    expect(rows(await series.text()).some((r) => r.role === 'actual')).toBe(true);
    const compare = await compareCsv(req('/api/v1/compare.csv?question=kuril-transfer&indicator=russia-japan-trade'));
    expect(compare.status).toBe(200);
    const panels = new Set(rows(await compare.text()).map((r) => r.panel));
    expect([...panels].sort()).toEqual(['indicator', 'poll', 'trend']);
    expect((await pollFile(req('/x'), params({ id: 'abc', file: 'results.csv' }))).status).toBe(400);
  });

  it('the read API sends an ETag and 304s a matching If-None-Match', async () => {
    const first = await questionApi(req('/api/v1/questions/kuril-transfer'), params({ slug: 'kuril-transfer' }));
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\/"/);
    const second = await questionApi(req('/api/v1/questions/kuril-transfer', { 'If-None-Match': etag ?? '' }), params({ slug: 'kuril-transfer' }));
    expect(second.status).toBe(304);
  });
});
