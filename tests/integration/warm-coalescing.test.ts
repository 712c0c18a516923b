import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDbClient } from '@/lib/db';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { derivedComputations, getQuestionView, isDerived, setWarmTiming, warmedCount } from '@/lib/data/question-cache';
import { buildTrendChart } from '@/lib/charts/trend';
import { DEFAULT_QUESTION_VIEW, questionPageCharts, trendOf } from '@/lib/charts/question-charts';
import { stopSignal } from '@/lib/freshness/signal';
import { touchPolls } from '@/lib/writes/versioned-update';
import { runWrite } from '@/lib/writes/write';
import { createTempDatabase, type TempDatabase } from '../support/temp-db';

/**
 * Readers under writes (issue #14): a burst of saves to one question is warmed once, for the state
 * after the last save (lib/data/question-cache.ts warmTiming), while a reader during or after the
 * burst always sees the latest numbers — the warm-up only saves readers time, it never serves them
 * anything older.
 */
let temp: TempDatabase;
let server: PrismaClient;
let previousTiming: { quietMs: number; maxWaitMs: number };
const TREND_KEY = `trend:${JSON.stringify(DEFAULT_QUESTION_VIEW)}`;

beforeAll(async () => {
  temp = await createTempDatabase('pollboard-warm-burst-', { seeded: true });
  server = createDbClient(temp.url);
  // Long enough that the burst below (five writes, however slow the machine) ends inside one quiet period.
  previousTiming = setWarmTiming({ quietMs: 1_500, maxWaitMs: 30_000 });
}, 60_000);

afterAll(async () => {
  setWarmTiming(previousTiming);
  stopSignal(server);
  await server.$disconnect();
  await temp.cleanup();
});

async function kurilAgainst(): Promise<{ resultId: number; pollId: number; pollQuestionId: number }> {
  const result = await temp.db.result.findFirstOrThrow({
    where: { option: { key: 'against' }, pollQuestion: { question: { slug: 'kuril-transfer' } } },
    orderBy: { id: 'asc' },
    select: { id: true, pollQuestionId: true, pollQuestion: { select: { pollId: true } } },
  });
  return { resultId: result.id, pollId: result.pollQuestion.pollId, pollQuestionId: result.pollQuestionId };
}

/** One save through the write path (transaction, audit row, ChangeLog row), from `client`'s process view. */
async function save(client: PrismaClient, resultId: number, pollId: number, percent: number): Promise<void> {
  await runWrite(client, { actor: null, source: 'script' }, async (w) => {
    await w.tx.result.update({ where: { id: resultId }, data: { percent } });
    await touchPolls(w, [pollId]);
    await w.audit({ entity: 'Poll', entityId: pollId, action: 'update' });
  });
}

const againstOf = (view: Awaited<ReturnType<typeof getQuestionView>>, pollQuestionId: number) =>
  view?.polls.find((p) => p.pollQuestionId === pollQuestionId)?.results.find((r) => r.optionKey === 'against')?.percent;

describe('warm-up after a burst of saves', () => {
  it('computes the question once, for the state after the last save, and readers see every save at once', async () => {
    const { resultId, pollId, pollQuestionId } = await kurilAgainst();
    // A reader has the question open: it is cached, recently read, with its page charts computed.
    const first = await getQuestionView('kuril-transfer', { client: server });
    if (!first) throw new Error('kuril-transfer missing');
    questionPageCharts(first, DEFAULT_QUESTION_VIEW);
    const warmedBefore = warmedCount();

    // Five saves in a burst, written by another client (another app server, or the editor's process).
    const writer = createDbClient(temp.url);
    const values = [61, 62, 63, 64, 65];
    try {
      for (const percent of values) {
        await save(writer, resultId, pollId, percent);
        // A reader in the middle of the burst gets that save's number, not the cached view.
        expect(againstOf(await getQuestionView('kuril-transfer', { client: server }), pollQuestionId)).toBe(percent);
      }
    } finally {
      stopSignal(writer);
      await writer.$disconnect();
    }
    // The readers above reloaded the question; the warm-up has not run yet (its quiet period
    // restarts with every save).
    expect(warmedCount()).toBe(warmedBefore);
    const computedBefore = derivedComputations();

    // Once the burst is quiet: exactly one warm-up, on the final state.
    await expect.poll(() => warmedCount(), { timeout: 20_000, interval: 50 }).toBe(warmedBefore + 1);
    const after = await getQuestionView('kuril-transfer', { client: server });
    if (!after) throw new Error('kuril-transfer missing');
    expect(againstOf(after, pollQuestionId)).toBe(65);
    expect(isDerived(after, TREND_KEY)).toBe(true);
    // The page's charts of that one view were computed once (distribution, trend, waves, house
    // effects, the trend drawing and its thinned plot): six results, not six per save.
    expect(derivedComputations() - computedBefore).toBe(6);
    expect(trendOf(after, DEFAULT_QUESTION_VIEW)).toEqual(buildTrendChart(after, DEFAULT_QUESTION_VIEW));
    // Nothing else is pending: a while later the count has not moved.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(warmedCount()).toBe(warmedBefore + 1);
  }, 60_000);

  it('warms a question written to without pause no later than maxWaitMs after the first save', async () => {
    const { resultId, pollId, pollQuestionId } = await kurilAgainst();
    await getQuestionView('kuril-transfer', { client: server });
    const warmedBefore = warmedCount();
    setWarmTiming({ quietMs: 60_000, maxWaitMs: 300 });
    try {
      await save(server, resultId, pollId, 70);
      await getQuestionView('putin-approval', { client: server }); // any request hears the change
      await expect.poll(() => warmedCount(), { timeout: 20_000, interval: 50 }).toBe(warmedBefore + 1);
      expect(againstOf(await getQuestionView('kuril-transfer', { client: server }), pollQuestionId)).toBe(70);
    } finally {
      setWarmTiming({ quietMs: 1_500, maxWaitMs: 30_000 });
    }
  }, 60_000);
});
