import type { QuestionView } from '@/lib/data/questions';
import { prepareQuestion, type SeriesPoll, type WordingSeries } from '@/lib/charts/question-series';
import { round } from '@/lib/charts/precision';
import { computeTrend, trendValueAt } from '@/lib/stats/trend/index';
import type { TrendPoint } from '@/lib/stats/trend/types';
import { herdingTest, type HerdingPoll, type HerdingResult } from '@/lib/stats/herding';
import { DEFAULT_TREND_METHOD } from '@/lib/schemas/views';

/** Where the expected value of each poll came from. */
export type HerdingReference = 'other-pollsters' | 'leave-one-out' | 'none';

/** Fewest polls of other pollsters in a series for their trend to be the reference. */
export const MIN_REFERENCE_POLLS = 3;

export interface HerdingSeriesRow {
  wordingKey: string;
  wording: string;
  /** the pollster's polls in the series with a published n (the ones tested) */
  polls: number;
  reference: HerdingReference;
  result: HerdingResult;
}

/** The herding check of one pollster on one question: per wording and pooled over its wordings. */
export interface PollsterHerdingData {
  kind: 'herding';
  questionSlug: string;
  questionTitle: string;
  option: { key: string; label: string };
  trendMethod: string;
  pooled: HerdingResult;
  bySeries: HerdingSeriesRow[];
}

const toPoint = (p: SeriesPoll): TrendPoint => ({
  date: p.t,
  value: Math.min(1, Math.max(0, p.percent / 100)),
  n: p.effectiveSampleSize,
  pollster: p.pollsterSlug,
  imputed: p.imputed,
});

const clamp = (x: number) => Math.min(0.999, Math.max(0.001, x));

function seriesPolls(series: WordingSeries, pollsterSlug: string): { polls: HerdingPoll[]; reference: HerdingReference } {
  const method = DEFAULT_TREND_METHOD;
  // Only polls that published n can be tested: an imputed n would make the test test the imputation.
  const own = series.polls.filter((p) => p.pollsterSlug === pollsterSlug && p.sampleSize !== null && p.sampleSize > 0 && !p.imputed);
  const others = series.polls.filter((p) => p.pollsterSlug !== pollsterSlug);
  const herding = (p: SeriesPoll, expected: number): HerdingPoll => ({
    value: Math.min(1, Math.max(0, p.percent / 100)),
    expected: clamp(expected),
    n: p.sampleSize ?? 1,
    deff: p.sampleSize !== null && p.effectiveSampleSize > 0 ? Math.max(1e-6, p.sampleSize / p.effectiveSampleSize) : 1,
    series: series.wordingKey,
  });
  if (own.length === 0) return { polls: [], reference: 'none' };
  if (others.length >= MIN_REFERENCE_POLLS) {
    // Leave the pollster out: its own polls never pull the trend they are measured against.
    const trend = computeTrend(others.map(toPoint), { method });
    return { polls: own.map((p) => herding(p, trendValueAt(trend, p.t))), reference: 'other-pollsters' };
  }
  if (own.length < 3) return { polls: [], reference: 'none' };
  // Only this pollster asked the wording: each poll against the trend of its other polls.
  return {
    polls: own.map((p) => {
      const rest = own.filter((x) => x !== p);
      return herding(p, trendValueAt(computeTrend(rest.map(toPoint), { method }), p.t));
    }),
    reference: 'leave-one-out',
  };
}

/**
 * Herding check of a pollster on a question's headline option (the option leading in the newest
 * poll, as the question page opens on), per wording series and pooled over them (the χ² statistics
 * and degrees of freedom add over independent series). See lib/stats/herding.ts.
 */
export function buildPollsterHerding(question: QuestionView, pollsterSlug: string): PollsterHerdingData {
  const prepared = prepareQuestion(question, {});
  const bySeries: HerdingSeriesRow[] = [];
  const all: HerdingPoll[] = [];
  for (const s of prepared.series) {
    if (!s.polls.some((p) => p.pollsterSlug === pollsterSlug)) continue;
    const { polls, reference } = seriesPolls(s, pollsterSlug);
    all.push(...polls);
    bySeries.push({ wordingKey: s.wordingKey, wording: s.wording, polls: polls.length, reference, result: roundResult(herdingTest(polls)) });
  }
  return {
    kind: 'herding',
    questionSlug: question.slug,
    questionTitle: question.title,
    option: prepared.option,
    trendMethod: DEFAULT_TREND_METHOD,
    pooled: roundResult(herdingTest(all)),
    bySeries,
  };
}

function roundResult(r: HerdingResult): HerdingResult {
  return {
    ...r,
    statistic: r.statistic === null ? null : round(r.statistic, 3),
    dispersionRatio: r.dispersionRatio === null ? null : round(r.dispersionRatio, 3),
    pValue: r.pValue === null ? null : round(r.pValue, 4),
    pValueUpper: r.pValueUpper === null ? null : round(r.pValueUpper, 4),
  };
}
