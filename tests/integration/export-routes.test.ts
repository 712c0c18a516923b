import { rmSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PrismaClient } from '@/lib/generated/prisma/client';

// The route handlers use the app's own `db` (lib/db/index.ts, built from DATABASE_URL at import time), so
// DATABASE_URL must point at this file's temp database before anything imports lib/db.
const dbFile = vi.hoisted(() => {
  const dir = `${process.env.TMPDIR ?? '/tmp'}/pollboard-export-routes-${process.pid}-${Date.now()}`;
  process.env.DATABASE_URL = `file:${dir}/test.db`;
  return `${dir}/test.db`;
});

type Handler = (request: Request) => Promise<Response>;
let db: PrismaClient;
let pollsCsv: Handler;
let pollsJson: Handler;
let indicatorsCsv: Handler;
let indicatorsJson: Handler;

const BASE = 'http://localhost/api/v1/export';

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
  pollsCsv = (await import('@/app/api/v1/export/polls.csv/route')).GET;
  pollsJson = (await import('@/app/api/v1/export/polls.json/route')).GET;
  indicatorsCsv = (await import('@/app/api/v1/export/indicators.csv/route')).GET;
  indicatorsJson = (await import('@/app/api/v1/export/indicators.json/route')).GET;
});

afterAll(async () => {
  await db.$disconnect();
  rmSync(path.dirname(dbFile), { recursive: true, force: true });
});

function get(pathAndQuery: string, headers: Record<string, string> = {}): Request {
  return new Request(`${BASE}/${pathAndQuery}`, { headers });
}

function parseCsv(text: string): Record<string, string>[] {
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: 'greedy' });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

const today = new Date().toISOString().slice(0, 10);

describe('GET /api/v1/export/polls.csv (route handler on a seeded SQLite file)', () => {
  it('streams every result of every poll in long format with documented headers', async () => {
    const res = await pollsCsv(get('polls.csv'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="pollboard-polls-${today}.csv"`);
    expect(res.headers.get('x-pollboard-schema-version')).toBe('2');
    expect(res.headers.get('etag')).toMatch(/^W\/"/);
    expect(res.headers.get('last-modified')).toMatch(/GMT$/);
    expect(res.body).toBeInstanceOf(ReadableStream);
    const text = await res.text();
    expect(text.startsWith('schema_version,export_key,poll_id,pollster,')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(text);
    // One row per stored result and one per crosstab result: the seeded impeachment polls have 1,824
    // party results (Rep/Dem/Ind × Yes/No cells filled in the CSV rows seeded, counted by a script).
    expect(rows.filter((r) => r.breakdown_dimension === 'party')).toHaveLength(1824);
    expect(rows).toHaveLength((await db.result.count()) + 1824);
    expect(new Set(rows.map((r) => r.poll_id)).size).toBe(589);

    // The seed story: Levada Center, 22–28 Nov 2018, n = 1,600, 74% against, 17% for, 9% don't know.
    const levada = rows.filter((r) => r.pollster_slug === 'levada-center' && r.sample_size === '1600' && r.question_slug === 'kuril-transfer');
    expect(levada.map((r) => [r.option_key, r.percent])).toEqual([
      ['for', '17'],
      ['against', '74'],
      ['dont_know', '9'],
    ]);
    const first = levada[0] as Record<string, string>;
    expect(first.field_start).toBe('2018-11-22');
    expect(first.field_end).toBe('2018-11-28');
    expect(first.mode).toBe('face-to-face');
    expect(first.schema_version).toBe('2');
    expect(first.breakdown_dimension).toBe('');
    // Disclosure: pollster, day-precise dates, population, mode, n and sources = 6 of 11 AAPOR items.
    expect(first.disclosure_score).toBe('54.5');
    // The wording as entered is an English summary; the Russian text as the cited report gives it rides along.
    expect([first.asked_language, first.wording_language, first.wording_exact]).toEqual(['ru', 'en', 'false']);
    expect(first.wording_original_language).toBe('ru');
    expect(first.wording_original).toMatch(/Курильской гряды/);
    expect(first.wording_original_status).toBe('press-report');
    expect(first.wording_original_source).toBe('https://kiozk.ru/article/ostrova-stanovatsa-bolee-spornymi');
    expect(first.source_urls?.split(' ')).toHaveLength(3);
    expect(first.export_key).toMatch(/^seed:kuril_islands_russia_polls\.csv:\d+$/);

    // Missing stays missing: the 1990 poll has no sample size and no don't-know share.
    const p1990 = rows.filter((r) => r.export_key === 'seed:kuril_islands_russia_polls.csv:1');
    expect(p1990.map((r) => r.option_key)).toEqual(['for', 'against']);
    expect(p1990[0]?.sample_size).toBe('');
    expect(p1990[0]?.date_precision).toBe('year');
  });

  it('writes the same bytes through Prisma as through the direct SQLite reader', async () => {
    const { dumpBody } = await import('@/lib/export/http');
    const now = new Date('2026-11-28T12:00:00Z');
    for (const name of ['polls', 'indicators'] as const) {
      for (const format of ['csv', 'json'] as const) {
        const viaPrisma = await new Response(dumpBody(db, name, { format, now, batchSize: 37 })).text();
        const viaSqlite = await new Response(dumpBody(db, name, { format, now, databaseUrl: `file:${dbFile}` })).text();
        expect(viaSqlite).toBe(viaPrisma);
      }
    }
  });

  it('keeps the rows in order across small batches (keyset pagination)', async () => {
    const { dumpBody } = await import('@/lib/export/http');
    const whole = await new Response(dumpBody(db, 'polls', { format: 'csv', databaseUrl: `file:${dbFile}` })).text();
    const batched = await new Response(dumpBody(db, 'polls', { format: 'csv', batchSize: 7, databaseUrl: `file:${dbFile}` })).text();
    expect(batched).toBe(whole);
    const ids = parseCsv(whole).map((r) => Number(r.poll_id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('prefixes the BOM with ?bom=1 and gives that variant its own ETag', async () => {
    const plain = await pollsCsv(get('polls.csv'));
    const withBom = await pollsCsv(get('polls.csv?bom=1'));
    const bytes = new Uint8Array(await withBom.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(withBom.headers.get('etag')).not.toBe(plain.headers.get('etag'));
    const bad = await pollsCsv(get('polls.csv?bom=yes'));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { issues: { field: string }[] } }).error.issues[0]?.field).toBe('bom');
  });

  it('answers 304 to If-None-Match / If-Modified-Since, and a write changes the ETag', async () => {
    const first = await pollsCsv(get('polls.csv'));
    const etag = first.headers.get('etag') as string;
    const lastModified = first.headers.get('last-modified') as string;
    await first.body?.cancel();

    const again = await pollsCsv(get('polls.csv', { 'If-None-Match': etag }));
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');
    const since = await pollsCsv(get('polls.csv', { 'If-Modified-Since': lastModified }));
    expect(since.status).toBe(304);

    // Edits made straight in the database, outside lib/writes (as by hand in SQL): the database
    // triggers move the freshness signal. SQLite: seen at the next request (PRAGMA data_version);
    // PostgreSQL: pushed by NOTIFY a moment later, hence the polling.
    const changedFrom = async (tag: string) => {
      let next = '';
      await expect
        .poll(async () => {
          const res = await pollsCsv(get('polls.csv', { 'If-None-Match': tag }));
          next = res.headers.get('etag') ?? '';
          await res.body?.cancel();
          return res.status;
        })
        .toBe(200);
      expect(next).not.toBe(tag);
      return next;
    };
    // An edit of one result (no new row, no updatedAt).
    const result = await db.result.findFirstOrThrow({ orderBy: { id: 'asc' } });
    await db.result.update({ where: { id: result.id }, data: { percent: result.percent + 1 } }); // write-path: hand edit on purpose
    const etag2 = await changedFrom(etag);

    // An edit of a poll.
    const edited = await db.poll.findFirstOrThrow({ orderBy: { id: 'asc' } });
    await db.poll.update({ where: { id: edited.id }, data: { notes: 'corrected', version: { increment: 1 } } }); // write-path: hand edit on purpose
    const etag3 = await changedFrom(etag2);

    // A new row changes it too.
    const pollster = await db.pollster.findFirstOrThrow();
    await db.poll.create({ data: { pollsterId: pollster.id, sourceUrls: '[]' } }); // write-path: hand edit on purpose
    await changedFrom(etag3);
    const afterInsert = await pollsCsv(get('polls.csv'));
    const text = await afterInsert.text();
    // The poll without questions still appears, as one row with empty question columns.
    const last = parseCsv(text).at(-1) as Record<string, string>;
    expect(last.question_slug).toBe('');
    expect(last.export_key).toMatch(/^pollboard:poll:\d+$/);

    // A sign-in audit row is not a data change.
    const etag4 = afterInsert.headers.get('etag') as string;
    await db.auditEvent.create({ data: { entity: 'User', entityId: '1', action: 'login' } });
    expect((await pollsCsv(get('polls.csv', { 'If-None-Match': etag4 }))).status).toBe(304);
  });
});

describe('GET /api/v1/export/polls.json', () => {
  it('streams { schema_version, generated_at, columns, rows } with the CSV fields in native JSON types', async () => {
    const res = await pollsJson(get('polls.json'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="pollboard-polls-${today}.json"`);
    const body = (await res.json()) as { schema_version: number; generated_at: string; columns: string[]; rows: Record<string, unknown>[] };
    expect(body.schema_version).toBe(2);
    expect(Number.isNaN(Date.parse(body.generated_at))).toBe(false);
    expect(body.columns[0]).toBe('export_key');
    const levada = body.rows.find((r) => r.pollster_slug === 'levada-center' && r.sample_size === 1600 && r.option_key === 'against');
    expect(levada).toMatchObject({ percent: 74, field_start: '2018-11-22', breakdown_dimension: null, reported_moe: null });
    expect(Array.isArray(levada?.source_urls)).toBe(true);
    const csvRows = parseCsv(await (await pollsCsv(get('polls.csv'))).text());
    expect(body.rows).toHaveLength(csvRows.length);
    expect(Object.keys(body.rows[0] ?? {})).toEqual(Object.keys(csvRows[0] ?? {}).filter((k) => k !== 'schema_version'));
  });
});

describe('GET /api/v1/export/indicators.csv', () => {
  it('streams one row per observation, the US$30bn target as a target', async () => {
    const res = await indicatorsCsv(get('indicators.csv'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="pollboard-indicators-${today}.csv"`);
    const rows = parseCsv(await res.text());
    expect(rows).toHaveLength(await db.observation.count());
    const target = rows.filter((r) => r.kind === 'target');
    expect(target.map((r) => [r.indicator_slug, r.value, r.unit])).toEqual([['russia-japan-trade', '30', 'US$ bn']]);
    const y2017 = rows.filter((r) => r.indicator_slug === 'russia-japan-trade' && r.period === '2017' && r.is_primary === 'true');
    expect(y2017.map((r) => r.value)).toEqual(['18']);
    expect(rows[0]?.schema_version).toBe('1');
  });

  it('serves JSON too and 304s on its own ETag', async () => {
    const res = await indicatorsJson(get('indicators.json'));
    const body = (await res.json()) as { rows: { kind: string; derived: boolean; value: number }[] };
    expect(body.rows.find((r) => r.kind === 'target')?.value).toBe(30);
    expect(typeof body.rows[0]?.derived).toBe('boolean');
    const again = await indicatorsJson(get('indicators.json', { 'If-None-Match': res.headers.get('etag') as string }));
    expect(again.status).toBe(304);
  });

  it('names the file after the request date', async () => {
    const { dumpResponse } = await import('@/lib/export/http');
    const res = await dumpResponse(get('indicators.csv'), db, 'indicators', 'csv', { now: new Date('2026-11-28T23:59:59Z') });
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="pollboard-indicators-2026-11-28.csv"');
    await res.body?.cancel();
  });
});
