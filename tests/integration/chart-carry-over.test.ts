import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDbClient } from '@/lib/db';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { carriedOverCount, derivedComputations, getQuestionView, numbersDigest, pageDigest, warmedCount } from '@/lib/data/question-cache';
import { buildQuestionCard } from '@/lib/charts/overview';
import type { QuestionView } from '@/lib/data/questions';
import { getQuestionBySlug } from '@/lib/data/questions';
import { buildDistributionChart } from '@/lib/charts/distribution';
import { buildTrendChart, toTrendDrawing } from '@/lib/charts/trend';
import { buildWavesTable } from '@/lib/charts/waves';
import { buildHouseEffectsChart } from '@/lib/charts/house-effects';
import { thinForDrawing } from '@/lib/charts/downsample';
import { DEFAULT_QUESTION_VIEW, questionPageCharts } from '@/lib/charts/question-charts';
import { stopSignal } from '@/lib/freshness/signal';
import { touchPolls } from '@/lib/writes/versioned-update';
import { runWrite } from '@/lib/writes/write';
import { createTempDatabase, type TempDatabase } from '../support/temp-db';

/**
 * Readers under writes (issue #14): a write that changes only notes (a poll's or the question's)
 * gives the question's next version the charts already computed (lib/data/question-cache.ts
 * carryOver), instead of four trend models again; any change to a number recomputes them. The
 * first test holds the charts to the claim that makes this safe: none of them shows a note.
 */
let temp: TempDatabase;
let server: PrismaClient;

beforeAll(async () => {
  temp = await createTempDatabase('pollboard-carry-over-', { seeded: true });
  server = createDbClient(temp.url);
}, 60_000);

afterAll(async () => {
  stopSignal(server);
  await server.$disconnect();
  await temp.cleanup();
});

/** Every chart the question page memoises with deriveFromNumbers, built without any cache. */
function chartsOf(view: QuestionView) {
  const latest = view.polls[0];
  const trend = buildTrendChart(view, DEFAULT_QUESTION_VIEW);
  const drawing = toTrendDrawing(trend);
  return {
    distribution: latest ? buildDistributionChart(view, latest) : null,
    trend,
    waves: buildWavesTable(view, DEFAULT_QUESTION_VIEW),
    houseEffects: buildHouseEffectsChart(view, DEFAULT_QUESTION_VIEW),
    drawing,
    plotted: thinForDrawing(drawing),
  };
}

async function editPoll(client: PrismaClient, pollId: number, edit: { notes?: string; againstPercent?: number; resultId?: number }): Promise<void> {
  await runWrite(client, { actor: null, source: 'script' }, async (w) => {
    if (edit.notes !== undefined) await w.tx.poll.update({ where: { id: pollId }, data: { notes: edit.notes } });
    if (edit.againstPercent !== undefined && edit.resultId !== undefined)
      await w.tx.result.update({ where: { id: edit.resultId }, data: { percent: edit.againstPercent } });
    await touchPolls(w, [pollId]);
    await w.audit({ entity: 'Poll', entityId: pollId, action: 'update' });
  });
}

describe('charts carried over a write that changed only notes', () => {
  it.each(['kuril-transfer', 'putin-approval'])('%s: no chart depends on a note', async (slug) => {
    const view = await getQuestionBySlug(slug, temp.db);
    if (!view) throw new Error(`${slug} missing`);
    const renoted: QuestionView = {
      ...view,
      notes: 'A question note no chart may show',
      polls: view.polls.map((p, i) => ({ ...p, notes: `Changed note ${i}, with "quotes"` })),
    };
    expect(numbersDigest(renoted)).toBe(numbersDigest(view));
    expect(chartsOf(renoted)).toEqual(chartsOf(view));
    // The digest does see numbers: one share moved by a tenth of a point changes it.
    const first = view.polls[0];
    if (!first) throw new Error('no polls');
    const moved: QuestionView = {
      ...view,
      polls: [{ ...first, results: first.results.map((r, i) => (i === 0 ? { ...r, percent: r.percent + 0.1 } : r)) }, ...view.polls.slice(1)],
    };
    expect(numbersDigest(moved)).not.toBe(numbersDigest(view));

    // What the question page shows (pageDigest, the page cache's fingerprint of it): poll notes are
    // not in it, the question's notes and every number are.
    const pollsRenoted: QuestionView = { ...view, polls: renoted.polls };
    expect(pageDigest(pollsRenoted)).toBe(pageDigest(view));
    expect(pageDigest(renoted)).not.toBe(pageDigest(view));
    expect(pageDigest(moved)).not.toBe(pageDigest(view));

    // The overview card takes the page's memoised default trend: the same card as its own trend.
    expect(buildQuestionCard(view, () => buildTrendChart(view, DEFAULT_QUESTION_VIEW))).toEqual(buildQuestionCard(view));
  });

  it('keeps the computed charts through a notes edit and recomputes them after a number changes', async () => {
    const target = await temp.db.result.findFirstOrThrow({
      where: { option: { key: 'against' }, pollQuestion: { question: { slug: 'kuril-transfer' } } },
      orderBy: { id: 'asc' },
      select: { id: true, percent: true, pollQuestionId: true, pollQuestion: { select: { pollId: true } } },
    });
    const pollId = target.pollQuestion.pollId;
    const v0 = await getQuestionView('kuril-transfer', { client: server });
    if (!v0) throw new Error('kuril-transfer missing');
    const charts0 = questionPageCharts(v0, DEFAULT_QUESTION_VIEW);

    // Notes only: a new version (the page shows the note), the same chart objects, nothing computed.
    const carried = carriedOverCount();
    await editPoll(server, pollId, { notes: 'Corrected the source link; numbers unchanged' });
    const computed = derivedComputations();
    const v1 = await getQuestionView('kuril-transfer', { client: server });
    if (!v1) throw new Error('kuril-transfer missing');
    expect(v1).not.toBe(v0);
    expect(v1.polls.find((p) => p.pollId === pollId)?.notes).toBe('Corrected the source link; numbers unchanged');
    const charts1 = questionPageCharts(v1, DEFAULT_QUESTION_VIEW);
    expect(carriedOverCount()).toBe(carried + 1);
    expect(charts1.trend).toBe(charts0.trend);
    expect(charts1.houseEffects).toBe(charts0.houseEffects);
    expect(charts1.plotted).toBe(charts0.plotted);
    expect(derivedComputations()).toBe(computed);
    expect(charts1).toEqual(chartsOf(v1));

    // A number: the charts are computed again, from the new share.
    const warmed = warmedCount();
    await editPoll(server, pollId, { againstPercent: target.percent + 5, resultId: target.id });
    const v2 = await getQuestionView('kuril-transfer', { client: server });
    if (!v2) throw new Error('kuril-transfer missing');
    expect(v2.polls.find((p) => p.pollQuestionId === target.pollQuestionId)?.results.find((r) => r.optionKey === 'against')?.percent).toBe(target.percent + 5);
    const charts2 = questionPageCharts(v2, DEFAULT_QUESTION_VIEW);
    expect(charts2.trend).not.toBe(charts1.trend);
    expect(charts2).toEqual(chartsOf(v2));
    expect(charts2.trend).not.toEqual(charts1.trend);
    // The warm-up after that write finds the charts done; let it finish before the database goes.
    await expect.poll(() => warmedCount(), { timeout: 20_000 }).toBeGreaterThan(warmed);
  }, 60_000);
});
