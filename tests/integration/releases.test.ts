import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { sha256 } from '@/lib/releases/snapshot';
import type { publishRelease as PublishRelease } from '@/lib/writes/releases';

// Route handlers use the app's `db` (built from DATABASE_URL at import time): point it at this
// file's temp database first.
const dbFile = vi.hoisted(() => {
  const dir = `${process.env.TMPDIR ?? '/tmp'}/pollboard-releases-${process.pid}-${Date.now()}`;
  process.env.DATABASE_URL = `file:${dir}/test.db`;
  return `${dir}/test.db`;
});

type Ctx<P> = { params: Promise<P> };
let db: PrismaClient;
let questionChart: (r: Request, c: Ctx<{ slug: string; chart: string }>) => Promise<Response>;
let pollsCsv: (r: Request) => Promise<Response>;
let releaseApi: (r: Request, c: Ctx<{ version: string }>) => Promise<Response>;
let publishRelease: typeof PublishRelease;

const chart = (slug: string, file: string, query = '') =>
  questionChart(new Request(`http://localhost/api/v1/questions/${slug}/${file}${query}`), { params: Promise.resolve({ slug, chart: file }) });

/** The seed story's poll: Levada Center, 22–28 Nov 2018, 74% against. */
async function levada2018(): Promise<{ pollId: number; resultId: number }> {
  const poll = await db.poll.findFirstOrThrow({
    where: { pollster: { slug: 'levada-center' }, sampleSize: 1600, questions: { some: { question: { slug: 'kuril-transfer' } } } },
  });
  const result = await db.result.findFirstOrThrow({ where: { pollQuestion: { pollId: poll.id }, option: { key: 'against' } } });
  return { pollId: poll.id, resultId: result.id };
}

beforeAll(async () => {
  // A copy of the run's migrated template (tests/support/sqlite-template.ts).
  const { copySeededSqliteFile, createMigratedSqliteFile } = await import('../support/sqlite-template');
  const copied = copySeededSqliteFile(dbFile);
  if (!copied) await createMigratedSqliteFile(dbFile);
  ({ db } = await import('@/lib/db'));
  if (!copied) {
    const { seedDemo } = await import('@/lib/seed/demo');
    await seedDemo(db);
  }
  questionChart = (await import('@/app/api/v1/questions/[slug]/[chart]/route')).GET;
  pollsCsv = (await import('@/app/api/v1/export/polls.csv/route')).GET;
  releaseApi = (await import('@/app/api/v1/releases/[version]/route')).GET;
  ({ publishRelease } = await import('@/lib/writes/releases'));
});

afterAll(async () => {
  await db.$disconnect();
  rmSync(path.dirname(dbFile), { recursive: true, force: true });
});

describe('citable releases', () => {
  it('freezes the dumps byte for byte: a correction after publishing leaves ?release= unchanged', async () => {
    const first = await publishRelease(db, null, { version: '2026.12.1' }, { now: new Date('2026-12-01T10:00:00Z') });
    expect(first.previousVersion).toBeNull();
    // Every poll of the seeded database is new in the first release.
    expect(first.changelog.added).toHaveLength(await db.poll.count());
    // The dump's long format: one row per top-line result and one per breakdown result.
    expect(first.pollsRows).toBe((await db.result.count()) + (await db.breakdownResult.count()));
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entity: 'Release', entityId: '2026.12.1' } });
    expect(audit.action).toBe('publish');

    // The frozen dump is served byte for byte and matches its stated checksum.
    const frozen = await (await pollsCsv(new Request('http://localhost/api/v1/export/polls.csv?release=2026.12.1'))).text();
    expect(sha256(frozen)).toBe(first.pollsSha256);
    const liveBefore = await (await pollsCsv(new Request('http://localhost/api/v1/export/polls.csv'))).text();
    const distBefore = await (await chart('kuril-transfer', 'distribution.csv', '?release=2026.12.1')).text();
    const trendBefore = await (await chart('kuril-transfer', 'trend.csv', '?release=2026.12.1')).text();
    expect(distBefore).toContain(',74,');
    // As of the release, the chart is the live chart of the same data.
    expect(trendBefore).toBe(await (await chart('kuril-transfer', 'trend.csv')).text());

    // An editor corrects the seed story's poll: 74% → 73% against (one transaction, one audit row).
    const { pollId, resultId } = await levada2018();
    await db.$transaction(async (tx) => {
      await tx.result.update({ where: { id: resultId }, data: { percent: 73 } });
      await tx.poll.update({ where: { id: pollId }, data: { version: { increment: 1 } } });
      await tx.auditEvent.create({ data: { entity: 'Poll', entityId: String(pollId), action: 'update', after: '{"against":73}' } });
    });

    const frozenAfter = await (await pollsCsv(new Request('http://localhost/api/v1/export/polls.csv?release=2026.12.1'))).text();
    expect(frozenAfter).toBe(frozen);
    expect(await (await chart('kuril-transfer', 'distribution.csv', '?release=2026.12.1')).text()).toBe(distBefore);
    expect(await (await chart('kuril-transfer', 'trend.csv', '?release=2026.12.1')).text()).toBe(trendBefore);
    // …while the current data shows the correction.
    const liveAfter = await (await pollsCsv(new Request('http://localhost/api/v1/export/polls.csv'))).text();
    expect(liveAfter).not.toBe(liveBefore);
    const distNow = await (await chart('kuril-transfer', 'distribution.csv')).text();
    expect(distNow).toContain(',73,');
    expect(distNow).not.toContain(',74,');

    // The next release's changelog names the corrected poll and the column that changed.
    const second = await publishRelease(db, null, { version: '2026.12.2' }, { now: new Date('2026-12-02T10:00:00Z') });
    expect(second.previousVersion).toBe('2026.12.1');
    expect(second.changelog.added).toHaveLength(0);
    expect(second.changelog.removed).toHaveLength(0);
    expect(second.changelog.corrected.map((c) => [c.pollId, c.changed])).toEqual([[pollId, ['percent']]]);
  });

  it('shows what changed on a question since a release', async () => {
    const { questionAtRelease } = await import('@/lib/data/releases');
    const { getQuestionBySlug } = await import('@/lib/data/questions');
    const { questionChanges } = await import('@/lib/releases/snapshot');
    const live = await getQuestionBySlug('kuril-transfer');
    const { pollId } = await levada2018();
    expect(questionChanges(await questionAtRelease('2026.12.1', 'kuril-transfer', live), live)).toEqual([
      { pollId, pollster: 'Levada Center', fieldEnd: '2018-11-28T00:00:00.000Z', kind: 'corrected' },
    ]);
    expect(questionChanges(await questionAtRelease('2026.12.2', 'kuril-transfer', live), live)).toEqual([]);
  });

  it('refuses a taken or malformed version, and cites a release in APA, BibTeX and CSL-JSON', async () => {
    await expect(publishRelease(db, null, { version: '2026.12.1' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(publishRelease(db, null, { version: '2026.13.1' })).rejects.toMatchObject({
      code: 'VALIDATION',
      fieldErrors: { version: [expect.stringMatching(/2026\.12\.1/)] },
    });
    expect(await db.release.count()).toBe(2);
    const res = await releaseApi(new Request('http://localhost/api/v1/releases/2026.12.1'), { params: Promise.resolve({ version: '2026.12.1' }) });
    const body = (await res.json()) as { data: { citation: { apa: string; bibtex: string; cslJson: Record<string, unknown> }; pollsRows: number } };
    expect(body.data.citation.apa).toBe(
      'Pollboard. (2026). Pollboard polls and indicators, release 2026.12.1 (Version 2026.12.1) [Data set]. Pollboard. http://localhost:3000/releases/2026.12.1',
    );
    expect(body.data.citation.bibtex).toMatch(/^@misc\{pollboard_2026_12_1,\n/);
    expect(body.data.citation.bibtex).toContain('version = {2026.12.1}');
    expect(body.data.citation.cslJson).toMatchObject({ type: 'dataset', version: '2026.12.1', issued: { 'date-parts': [[2026, 12, 1]] } });
    const missing = await releaseApi(new Request('http://localhost/api/v1/releases/2030.1.1'), { params: Promise.resolve({ version: '2030.1.1' }) });
    expect(missing.status).toBe(404);
  });

  it('finds a question by its wording in the language it was asked in', async () => {
    const { searchQuestions } = await import('@/lib/data/question-list');
    const found = await searchQuestions({ q: 'Курильской' }, { page: 1, pageSize: 10 });
    expect(found.rows.map((q) => q.slug)).toEqual(['kuril-transfer']);
    expect((await searchQuestions({ q: 'Сахалин' }, { page: 1, pageSize: 10 })).rows).toEqual([]);
  });
});
