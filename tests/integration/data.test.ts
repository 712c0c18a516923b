import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getQuestionBySlug, listLatestPolls } from '@/lib/data/questions';
import { getQuestionView } from '@/lib/data/question-cache';
import { searchQuestions } from '@/lib/data/question-list';
import { getPollById, getPollsterBySlug, listPolls, listPollsters } from '@/lib/data/polls';
import { getIndicatorBySlug, listIndicators } from '@/lib/data/indicators';
import { buildTrendChart } from '@/lib/charts/trend';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildIndicatorChart } from '@/lib/charts/indicator';
import { indicatorDetail, pollDetail, questionDetail } from '@/lib/api/payloads';
import { ZIndicatorDetailResponse, ZPollDetailResponse, ZQuestionDetailResponse } from '@/lib/api/schemas';
import { createTempDatabase, type TempDatabase } from '../support/temp-db';

/** Levada's monthly approval waves as the seed file has them (read here, not through the app). */
function putinApproveWaves() {
  const rows = readFileSync(path.join('prisma', 'seed-data', 'levada_putin_approval_monthly_1999_2020.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  return rows.map((line) => {
    const [date, approve] = line.split(',');
    return { date: Date.parse(date ?? ''), value: Number(approve) / 100 };
  });
}

let t: TempDatabase;

beforeAll(async () => {
  t = await createTempDatabase('pollboard-test-', { seeded: true });
});
afterAll(async () => {
  await t.cleanup();
});

describe('lib/data on the seeded demo database', () => {
  it('lists questions with their polls newest first', async () => {
    // The readers the overview and the question page use: the list, then one question from the cache.
    const list = await searchQuestions({}, { pageSize: 100 }, t.db);
    expect(list.rows.map((q) => q.slug).sort()).toEqual([
      'kuril-transfer',
      'kuril-transfer-residents',
      'putin-approval',
      'trump-impeach',
      'trump-impeach-remove',
    ]);
    const putin = await getQuestionView('putin-approval', { client: t.db });
    expect(putin?.polls).toHaveLength(252);
    expect(putin?.polls[0]?.fieldEnd?.slice(0, 7)).toBe('2020-08');
    expect(list.rows.find((s) => s.slug === 'kuril-transfer')?.pollCount).toBe(6);
    expect((await listLatestPolls(3, t.db)).map((p) => p.questionSlug)).toContain('putin-approval');
  });

  it('keeps the Levada 2018 and VCIOM 2018 Kuril polls in different wording series', async () => {
    const kuril = await getQuestionBySlug('kuril-transfer', t.db);
    expect(kuril).not.toBeNull();
    if (!kuril) return;
    const chart = buildTrendChart(kuril, { option: 'against' });
    const levada = chart.series.find((s) => s.polls.some((p) => p.pollster === 'Levada Center' && p.date.startsWith('2018-11')));
    const vciom = chart.series.find((s) => s.polls.some((p) => p.pollster === 'VCIOM (WCIOM)'));
    expect(levada?.wordingKey).toBeDefined();
    expect(vciom?.wordingKey).toBeDefined();
    expect(levada?.wordingKey).not.toBe(vciom?.wordingKey);
    // The 2018 Levada poll disclosed n = 1,600 (interval shown); VCIOM stated MoE 2.5 → deff from MoE.
    const l2018 = levada?.polls.find((p) => p.date.startsWith('2018-11'));
    expect(l2018).toMatchObject({ sampleSize: 1600, imputed: false, percent: 74 });
    expect(l2018?.interval?.low).toBeCloseTo(71.8, 1);
  });

  it('reads a poll with its questions, and pages through polls', async () => {
    const kuril = await getQuestionBySlug('kuril-transfer', t.db);
    const levadaId = kuril?.polls.find((p) => p.sampleSize === 1600 && p.pollster.slug === 'levada-center')?.pollId ?? -1;
    const poll = await getPollById(levadaId, t.db);
    expect(poll?.questions[0]?.results.map((r) => r.percent)).toEqual([17, 74, 9]);
    expect(poll?.sourceUrls).toHaveLength(3);
    expect(await getPollById(999999, t.db)).toBeNull();
    expect(await getPollById(-1, t.db)).toBeNull();
    const page1 = await listPolls({ offset: 0, limit: 100 }, {}, t.db);
    expect(page1.total).toBe(589);
    expect(page1.polls).toHaveLength(100);
    const filtered = await listPolls({ offset: 0, limit: 10 }, { pollster: 'vciom' }, t.db);
    expect(filtered.total).toBe(2);
    const byQuestion = await listPolls({ offset: 0, limit: 10 }, { question: 'kuril-transfer' }, t.db);
    expect(byQuestion.total).toBe(6);
  });

  it('reads pollsters and indicators', async () => {
    const levada = await getPollsterBySlug('levada-center', t.db);
    expect(levada?.polls.length).toBe(252 + 5);
    const pollsters = (await listPollsters(t.db)).map((p) => p.slug);
    // 3 Russian pollsters + the 30 pollsters of the seeded impeachment polls.
    expect(pollsters).toHaveLength(33);
    expect(pollsters).toEqual(expect.arrayContaining(['levada-center', 'vciom', 'vciom-foundation', 'monmouth-university', 'ipsos']));
    const trade = await getIndicatorBySlug('russia-japan-trade', t.db);
    expect(trade).not.toBeNull();
    if (!trade) return;
    const chart = buildIndicatorChart(trade);
    // Newest full-year actual: 2023, US$9.6bn; target US$30bn → gap 20.4; by 2028: (30/9.6)^(1/5) − 1 = 25.6% a year
    expect(chart.latestActual).toEqual({ period: '2023', year: 2023, value: 9.6 });
    expect(chart.gap?.absolute).toBe(20.4);
    expect(chart.requiredGrowth).toMatchObject({ byYear: 2028, rate: 25.6, isDefaultYear: true });
    // 2018 "about US$20bn" is an estimate (hollow dot); 2022 Jan–Nov is table-only.
    expect(chart.points.find((p) => p.period === '2018')?.role).toBe('estimate');
    expect(chart.points.find((p) => p.periodType === 'partial-year' && p.year === 2022)?.drawn).toBe(false);
    expect((await listIndicators(t.db)).length).toBe(2);
  });

  it('builds API payloads that satisfy the published response schemas', async () => {
    const putin = await getQuestionBySlug('putin-approval', t.db);
    if (!putin) throw new Error('seed missing');
    const detail = questionDetail(putin, { method: 'kalman' });
    expect(() => ZQuestionDetailResponse.parse({ data: detail })).not.toThrow();
    expect(detail.trend.method).toBe('kalman');
    // One point per monthly wave of the seed file, and one change between each two waves.
    const waves = putinApproveWaves();
    const approve = detail.trend.points.filter((p) => p.option === 'approve');
    expect(approve).toHaveLength(waves.length);
    expect(detail.changes.filter((c) => c.option === 'approve')).toHaveLength(waves.length - 1);
    expect(detail.houseEffects.rows).toEqual([]);
    // approve, disapprove, no answer: one pollster, so no house effect for any option.
    expect(detail.houseEffects.notShown).toHaveLength(putin.options.length);
    // The API's line against the seed file's own shares (not against buildTrendChart, which the
    // payload itself calls): in percent, in wave order, for the right option, smoothing but following.
    const gaps = approve.map((p, i) => Math.abs(p.estimate - (waves[i]?.value ?? Number.NaN) * 100));
    expect(Math.max(...gaps)).toBeLessThan(10);
    expect(gaps.reduce((a, b) => a + b, 0) / gaps.length).toBeLessThan(3);
    expect(approve.map((p) => p.date.slice(0, 7))).toEqual(waves.map((w) => new Date(w.date).toISOString().slice(0, 7)));

    const kuril = await getQuestionBySlug('kuril-transfer', t.db);
    const id = kuril?.polls.find((p) => p.sampleSize === 1600 && p.pollster.slug === 'levada-center')?.pollId ?? -1;
    const poll = await getPollById(id, t.db);
    if (!poll) throw new Error('poll missing');
    const p = pollDetail(poll);
    expect(() => ZPollDetailResponse.parse({ data: p })).not.toThrow();
    expect(p).toMatchObject({ sampleSize: 1600, designEffect: { value: 1, origin: 'assumed' }, effectiveSampleSize: 1600 });
    expect(p.questions[0]?.lead).toMatchObject({ leader: 'against', runnerUp: 'for', lead: 57, moe: 3.75 });

    const trade = await getIndicatorBySlug('russia-japan-trade', t.db);
    if (!trade) throw new Error('indicator missing');
    const ind = indicatorDetail(trade, 2030);
    expect(() => ZIndicatorDetailResponse.parse({ data: ind })).not.toThrow();
    // (30/9.6)^(1/7) − 1 = 17.7% a year
    expect(ind.requiredGrowth).toEqual({ byYear: 2030, isDefaultYear: false, years: 7, rate: 17.7 });
  });
});
