import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDbClient } from '@/lib/db';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { estimateBytes, getQuestionView, MAX_CACHED_BYTES, MAX_ENTRIES, memoChart, questionCacheSize } from '@/lib/data/question-cache';
import { getQuestionBySlug } from '@/lib/data/questions';
import { buildTrendChart } from '@/lib/charts/trend';
import { getReadStamp } from '@/lib/http/cache';
import { seedDemo } from '@/lib/seed/demo';
import { createTempDatabase, type TempDatabase } from '../support/temp-db';

/**
 * The question cache of lib/data/question-cache.ts on a real database (SQLite, and PostgreSQL in
 * the `postgresql` project). Two PrismaClients over one database stand in for two app servers:
 * each has its own process-local cache, and only the database connects them.
 */
let temp: TempDatabase;
let serverA: PrismaClient;
let serverB: PrismaClient;

beforeAll(async () => {
  temp = await createTempDatabase('pollboard-question-cache-');
  await seedDemo(temp.db);
  serverA = createDbClient(temp.url);
  serverB = createDbClient(temp.url);
}, 60_000);

afterAll(async () => {
  await serverA.$disconnect();
  await serverB.$disconnect();
  await temp.cleanup();
});

/** An audited edit of one Kuril result, the way every app write is made (one transaction). */
async function editAgainst(client: PrismaClient, from: number, percent: number): Promise<void> {
  const result = await client.result.findFirstOrThrow({
    where: { percent: from, option: { key: 'against' }, pollQuestion: { question: { slug: 'kuril-transfer' } } },
    orderBy: { id: 'asc' },
  });
  await client.$transaction([
    client.result.update({ where: { id: result.id }, data: { percent } }),
    client.auditEvent.create({ data: { entity: 'Result', entityId: String(result.id), action: 'update' } }),
  ]);
}

const againstShares = (view: Awaited<ReturnType<typeof getQuestionView>>) =>
  (view?.polls ?? []).map((p) => p.results.find((r) => r.optionKey === 'against')?.percent);

describe('read stamp', () => {
  it('moves on an insert and on a data audit row, not on a sign-in', async () => {
    const s0 = (await getReadStamp(temp.db, 'polls')).token;
    expect((await getReadStamp(temp.db, 'polls')).token).toBe(s0);
    await temp.db.auditEvent.create({ data: { entity: 'User', entityId: '1', action: 'login' } });
    expect((await getReadStamp(temp.db, 'polls')).token).toBe(s0);
    const pollster = await temp.db.pollster.findFirstOrThrow();
    await temp.db.poll.create({ data: { pollsterId: pollster.id, sourceUrls: '[]' } });
    const s1 = (await getReadStamp(temp.db, 'polls')).token;
    expect(s1).not.toBe(s0);
    await temp.db.auditEvent.create({ data: { entity: 'Poll', entityId: '1', action: 'update' } });
    const s2 = await getReadStamp(temp.db, 'polls');
    expect(s2.token).not.toBe(s1);
    expect(s2.lastModified).toBeInstanceOf(Date);
    // Indicators have their own scope: a poll insert does not change it.
    const i0 = (await getReadStamp(temp.db, 'indicators')).token;
    await temp.db.poll.create({ data: { pollsterId: pollster.id, sourceUrls: '[]' } });
    expect((await getReadStamp(temp.db, 'indicators')).token).toBe(i0);
    expect((await getReadStamp(temp.db, 'polls')).token).not.toBe(s2.token);
  });
});

describe('question cache', () => {
  it('returns the same view as the uncached read, and the same object while nothing changes', async () => {
    const cached = await getQuestionView('kuril-transfer', { client: serverA });
    const direct = await getQuestionBySlug('kuril-transfer', serverA);
    expect(cached).toEqual(direct);
    expect(cached?.polls.length).toBe(6);
    expect(await getQuestionView('kuril-transfer', { client: serverA })).toBe(cached);
    expect(await getQuestionView('no-such-question', { client: serverA })).toBeNull();
  });

  it('memoises charts per view and forgets them with the view', async () => {
    const view = await getQuestionView('kuril-transfer', { client: serverA });
    if (!view) throw new Error('seeded question missing');
    let builds = 0;
    const build = (q: typeof view, v: { method: string }) => {
      builds += 1;
      return buildTrendChart(q, { method: v.method as 'weighted' });
    };
    const a = memoChart(view, 'trend-test', build, { method: 'weighted' });
    expect(memoChart(view, 'trend-test', build, { method: 'weighted' })).toBe(a);
    memoChart(view, 'trend-test', build, { method: 'mean' });
    expect(builds).toBe(2);
  });

  it('shows an edit made through one server on the other server at its next request', async () => {
    const beforeA = await getQuestionView('kuril-transfer', { client: serverA });
    const beforeB = await getQuestionView('kuril-transfer', { client: serverB });
    expect(againstShares(beforeB)).toEqual(againstShares(beforeA));
    expect(againstShares(beforeA)).toContain(74);

    await editAgainst(serverA, 74, 73);

    const afterB = await getQuestionView('kuril-transfer', { client: serverB });
    expect(afterB).not.toBe(beforeB);
    expect(againstShares(afterB)).toContain(73);
    expect(againstShares(afterB)).not.toContain(74);
    const afterA = await getQuestionView('kuril-transfer', { client: serverA });
    expect(againstShares(afterA)).toEqual(againstShares(afterB));

    await editAgainst(serverB, 73, 74);
    expect(againstShares(await getQuestionView('kuril-transfer', { client: serverA }))).toContain(74);
  });

  it('loads a question once for concurrent requests under one stamp', async () => {
    const fresh = createDbClient(temp.url);
    try {
      const views = await Promise.all(Array.from({ length: 5 }, () => getQuestionView('kuril-transfer', { client: fresh })));
      for (const v of views) expect(v).toBe(views[0]);
    } finally {
      await fresh.$disconnect();
    }
  });
});

describe('unknown slugs (issue #15, finding 1)', () => {
  it('keeps no entry for a slug that does not exist, and refuses one that cannot exist before any look-up', async () => {
    const client = createDbClient(temp.url);
    try {
      await getQuestionView('kuril-transfer', { client });
      const before = questionCacheSize(client);
      expect(before.entries).toBe(1);
      expect(before.bytes).toBeGreaterThan(0);
      const misses = await Promise.all(Array.from({ length: 500 }, (_, i) => getQuestionView(`no-such-question-${i}`, { client })));
      expect(misses.every((m) => m === null)).toBe(true);
      for (const bad of ['x'.repeat(12_000), 'UPPER', 'a--b', '../etc', 'sp ace', '-lead', 'a'.repeat(81)]) {
        expect(await getQuestionView(bad, { client })).toBeNull();
      }
      expect(questionCacheSize(client)).toEqual(before);
    } finally {
      await client.$disconnect();
    }
  });

  it('estimates a view\'s size from its contents (bytes, not poll counts, bound the cache)', async () => {
    const view = await getQuestionView('kuril-transfer', { client: serverA });
    if (!view) throw new Error('no kuril-transfer');
    const bytes = estimateBytes(view);
    // More than the bare text of its wording and polls, less than ten times their JSON.
    const json = JSON.stringify(view).length;
    expect(bytes).toBeGreaterThan(json / 2);
    expect(bytes).toBeLessThan(json * 10);
    expect(estimateBytes({ a: 'x'.repeat(1000) })).toBeGreaterThan(1000);
    expect(MAX_CACHED_BYTES).toBeLessThanOrEqual(256 * 2 ** 20);
    expect(MAX_ENTRIES).toBeGreaterThan(100);
  });
});
