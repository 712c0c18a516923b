import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDbClient } from '@/lib/db';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { estimateBytes, getQuestionView, MAX_CACHED_BYTES, MAX_ENTRIES, memoChart, questionCacheSize } from '@/lib/data/question-cache';
import { getQuestionBySlug } from '@/lib/data/questions';
import { buildTrendChart } from '@/lib/charts/trend';
import { stopSignal } from '@/lib/freshness/signal';
import { getDataVersion } from '@/lib/http/cache';
import { touchPolls } from '@/lib/writes/versioned-update';
import { runWrite } from '@/lib/writes/write';
import { createTempDatabase, type TempDatabase } from '../support/temp-db';

/**
 * The question cache of lib/data/question-cache.ts on a real database (SQLite, and PostgreSQL in
 * the `postgresql` project). Two PrismaClients over one database stand in for two app servers:
 * each has its own cache, and only the database (through the freshness signal) connects them.
 */
let temp: TempDatabase;
let serverA: PrismaClient;
let serverB: PrismaClient;

beforeAll(async () => {
  temp = await createTempDatabase('pollboard-question-cache-', { seeded: true });
  serverA = createDbClient(temp.url);
  serverB = createDbClient(temp.url);
}, 60_000);

afterAll(async () => {
  stopSignal(temp.db);
  await serverA.$disconnect();
  await serverB.$disconnect();
  await temp.cleanup();
});

/** An edit of one Kuril result through the write path (one transaction, audit row, ChangeLog row). */
async function editAgainst(client: PrismaClient, from: number, percent: number): Promise<void> {
  const result = await client.result.findFirstOrThrow({
    where: { percent: from, option: { key: 'against' }, pollQuestion: { question: { slug: 'kuril-transfer' } } },
    orderBy: { id: 'asc' },
    select: { id: true, pollQuestion: { select: { pollId: true } } },
  });
  await runWrite(client, { actor: null, source: 'script' }, async (w) => {
    await w.tx.result.update({ where: { id: result.id }, data: { percent } });
    await touchPolls(w, [result.pollQuestion.pollId]);
    await w.audit({ entity: 'Poll', entityId: result.pollQuestion.pollId, action: 'update' });
  });
}

const againstShares = (view: Awaited<ReturnType<typeof getQuestionView>>) =>
  (view?.polls ?? []).map((p) => p.results.find((r) => r.optionKey === 'against')?.percent);

describe('data version (the freshness signal)', () => {
  it('moves on a write that touches the scope, not on a sign-in, and on SQL edited by hand', async () => {
    const p0 = (await getDataVersion(temp.db, 'polls')).token;
    expect((await getDataVersion(temp.db, 'polls')).token).toBe(p0);
    await temp.db.auditEvent.create({ data: { entity: 'User', entityId: '1', action: 'login' } });
    expect((await getDataVersion(temp.db, 'polls')).token).toBe(p0);
    const i0 = (await getDataVersion(temp.db, 'indicators')).token;
    await editAgainst(serverA, 74, 75);
    const p1 = await getDataVersion(temp.db, 'polls');
    expect(p1.token).not.toBe(p0);
    expect(p1.lastModified).toBeInstanceOf(Date);
    // Indicators have their own scope: a poll edit does not change it.
    expect((await getDataVersion(temp.db, 'indicators')).token).toBe(i0);
    await editAgainst(serverA, 75, 74);
    // By hand, outside the app: the database triggers tell the signal (PostgreSQL: by notification).
    const p2 = (await getDataVersion(temp.db, 'polls')).token;
    await serverB.$executeRawUnsafe(`UPDATE "Question" SET "notes" = 'by hand' WHERE "slug" = 'putin-approval'`); // write-path: hand edit on purpose
    await expect.poll(async () => (await getDataVersion(temp.db, 'polls')).token).not.toBe(p2);
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

  it('an edit of one Kuril poll leaves the Putin question cached; SQL edited by hand drops everything', async () => {
    const putin = await getQuestionView('putin-approval', { client: serverA });
    const kuril = await getQuestionView('kuril-transfer', { client: serverA });
    await editAgainst(serverB, 74, 73);
    expect(await getQuestionView('putin-approval', { client: serverA })).toBe(putin);
    expect(await getQuestionView('kuril-transfer', { client: serverA })).not.toBe(kuril);
    await editAgainst(serverB, 73, 74);

    await serverB.$executeRawUnsafe(`UPDATE "Poll" SET "notes" = 'by hand' WHERE "id" = (SELECT MIN("id") FROM "Poll")`); // write-path: hand edit on purpose
    await expect.poll(async () => (await getQuestionView('putin-approval', { client: serverA })) !== putin).toBe(true);
  });

  it('loads a question once for concurrent requests', async () => {
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

  it("estimates a view's size from its contents (bytes, not poll counts, bound the cache)", async () => {
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
