import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDbClient } from '@/lib/db';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { getQuestionView, getQuestionViews, isDerived, warmedCount } from '@/lib/data/question-cache';
import { getQuestionBySlug } from '@/lib/data/questions';
import { buildTrendChart } from '@/lib/charts/trend';
import { DEFAULT_QUESTION_VIEW, questionPageCharts, trendOf } from '@/lib/charts/question-charts';
import { stopSignal } from '@/lib/freshness/signal';
import { touchPolls } from '@/lib/writes/versioned-update';
import { runWrite } from '@/lib/writes/write';
import { createTempDatabase, type TempDatabase } from '../support/temp-db';

/**
 * Issue #14 item 6 and #18 "one question reader": the batch reader of lib/data/question-cache.ts
 * and the warm-up after a write (lib/charts/question-charts.ts registers the question page's
 * default charts). Real database (SQLite; PostgreSQL in the `postgresql` project).
 */
let temp: TempDatabase;
let server: PrismaClient;
const TREND_KEY = `trend:${JSON.stringify(DEFAULT_QUESTION_VIEW)}`;

beforeAll(async () => {
  temp = await createTempDatabase('pollboard-question-warm-', { seeded: true });
  server = createDbClient(temp.url);
}, 60_000);

afterAll(async () => {
  stopSignal(temp.db);
  await server.$disconnect();
  await temp.cleanup();
});

/** An edit of one Kuril "against" share through the write path (transaction, audit row, ChangeLog row). */
async function editKuril(client: PrismaClient, percent: number): Promise<number> {
  const result = await client.result.findFirstOrThrow({
    where: { option: { key: 'against' }, pollQuestion: { question: { slug: 'kuril-transfer' } } },
    orderBy: { id: 'asc' },
    select: { id: true, pollQuestion: { select: { pollId: true } } },
  });
  await runWrite(client, { actor: null, source: 'script' }, async (w) => {
    await w.tx.result.update({ where: { id: result.id }, data: { percent } });
    await touchPolls(w, [result.pollQuestion.pollId]);
    await w.audit({ entity: 'Poll', entityId: result.pollQuestion.pollId, action: 'update' });
  });
  return result.id;
}

describe('getQuestionViews (several questions, one round of queries)', () => {
  it('returns what the uncached reader returns, in the order asked, without unknown or malformed slugs', async () => {
    const slugs = ['putin-approval', 'no-such-question', 'kuril-transfer', 'Not A Slug!', 'trump-impeach'];
    const views = await getQuestionViews(slugs, { client: server });
    expect(views.map((v) => v.slug)).toEqual(['putin-approval', 'kuril-transfer', 'trump-impeach']);
    for (const v of views) expect(v).toEqual(await getQuestionBySlug(v.slug, server));
    // Each poll view belongs to its own question (rows of several questions come from one query).
    const kuril = views[1];
    expect(kuril?.polls.length).toBeGreaterThan(0);
    const direct = await temp.db.pollQuestion.count({ where: { question: { slug: 'kuril-transfer' } } });
    expect(kuril?.polls).toHaveLength(direct);
    // Now cached: the single reader hands out the same objects.
    expect(await getQuestionView('putin-approval', { client: server })).toBe(views[0]);
  });
});

describe('warming after a write', () => {
  it('recomputes the charts of the question a write touched, ahead of its readers, and leaves the others alone', async () => {
    const kuril0 = await getQuestionView('kuril-transfer', { client: server });
    const putin0 = await getQuestionView('putin-approval', { client: server });
    expect(kuril0 && putin0).toBeTruthy();
    if (!kuril0 || !putin0) return;
    questionPageCharts(kuril0, DEFAULT_QUESTION_VIEW);
    const putinCharts = questionPageCharts(putin0, DEFAULT_QUESTION_VIEW);
    const before = warmedCount();

    const resultId = await editKuril(server, 71);
    await expect.poll(() => warmedCount(), { timeout: 10_000 }).toBeGreaterThan(before);

    const kuril1 = await getQuestionView('kuril-transfer', { client: server });
    expect(kuril1).not.toBe(kuril0);
    if (!kuril1) return;
    // Computed by the warm-up: this test has not asked for the new version's charts.
    expect(isDerived(kuril1, TREND_KEY)).toBe(true);
    // …and with the edited value: the share the write set is in the view the charts were built on.
    const edited = await temp.db.result.findUniqueOrThrow({ where: { id: resultId }, select: { pollQuestionId: true } });
    expect(kuril1.polls.find((p) => p.pollQuestionId === edited.pollQuestionId)?.results.find((r) => r.optionKey === 'against')?.percent).toBe(71);
    expect(trendOf(kuril1, DEFAULT_QUESTION_VIEW)).toEqual(buildTrendChart(kuril1, DEFAULT_QUESTION_VIEW));

    // Putin was not touched: same view object, same memoised charts.
    const putin1 = await getQuestionView('putin-approval', { client: server });
    expect(putin1).toBe(putin0);
    expect(questionPageCharts(putin0, DEFAULT_QUESTION_VIEW).trend).toBe(putinCharts.trend);
  });

  it('does not warm a question nobody has read', async () => {
    // A second client (another app server): it has read nothing, so its cache warms nothing.
    const other = createDbClient(temp.url);
    try {
      await getQuestionView('putin-approval', { client: other });
      const before = warmedCount();
      // Read by `server` only: `server` warms it, `other` must not add a second warm-up.
      await getQuestionView('kuril-transfer', { client: server });
      await editKuril(server, 72);
      await expect.poll(() => warmedCount(), { timeout: 10_000 }).toBeGreaterThan(before);
      const after = warmedCount();
      // Let any further warm-up of the same change run before counting.
      for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(warmedCount()).toBe(after);
      expect(after - before).toBe(1);
    } finally {
      await other.$disconnect();
    }
  });

  it('does not warm a question that was only listed (an overview card), and does once its page is read', async () => {
    // Another app server whose readers saw Kuril only as a card: its cache must not warm it.
    const lister = createDbClient(temp.url);
    try {
      await getQuestionViews(['kuril-transfer', 'putin-approval'], { client: lister });
      await getQuestionView('kuril-transfer', { client: server });
      let before = warmedCount();
      await editKuril(server, 73);
      await expect.poll(() => warmedCount(), { timeout: 10_000 }).toBeGreaterThan(before);
      for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
      // `server` read the page and warmed it; `lister` only listed it.
      expect(warmedCount() - before).toBe(1);

      // Once its page is read through `lister` too, both warm after the next write.
      await getQuestionView('kuril-transfer', { client: lister });
      before = warmedCount();
      await editKuril(server, 74);
      await expect.poll(() => warmedCount(), { timeout: 10_000 }).toBeGreaterThanOrEqual(before + 2);
    } finally {
      await lister.$disconnect();
    }
  });
});
