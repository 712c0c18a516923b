import type { QuestionPollView, QuestionView } from '@/lib/data/questions';
import { resolveSampleSizes, type ResolvedSampleSizeSource } from '@/lib/stats/sample-size';
import { computeTrend } from '@/lib/stats/trend/index';
import { TOTAL_ERROR_SD } from '@/lib/stats/total-error';
import type { TrendPoint, TrendResult } from '@/lib/stats/trend/types';
import type { PointInterval } from '@/lib/charts/types';
import { percentInterval, pollPrecision, round } from '@/lib/charts/precision';
import { dateParamEnd, dateParamStart, DEFAULT_TREND_METHOD, type TQuestionViewInput, type TTrendMethod } from '@/lib/schemas/views';
import { formatFieldDates } from '@/lib/format/display';

/**
 * The shared first step of every question chart (trend, waves, house effects, compare, API): pick
 * the option, apply the URL filters, impute undisclosed n, and split polls into wording series.
 * Charts built from the same view therefore always agree.
 */

export interface QuestionViewState {
  method: TTrendMethod;
  from: string | null;
  to: string | null;
  pollster: string | null;
  option: string;
  zoom: boolean;
  /** bands include the calibrated non-sampling error (TOTAL_ERROR_SD) */
  totalError: boolean;
  /** 'one': the selected answer; 'all': every answer of the main wording; 'net': first answer minus second */
  show: 'one' | 'all' | 'net';
}

/** One poll's reading of the selected option, with everything a tooltip or table row shows. */
export interface SeriesPoll {
  pollId: number;
  /** end of fieldwork (ISO date), the date the trend uses */
  date: string;
  /** epoch ms of `date` (the x value) */
  t: number;
  pollster: string;
  pollsterSlug: string;
  fieldDates: string;
  wording: string;
  wordingKey: string;
  /** share of the selected option, percent */
  percent: number;
  /** every option of that poll, percent */
  values: { key: string; label: string; percent: number }[];
  /** disclosed n; null when not disclosed */
  sampleSize: number | null;
  /** n used by the statistics: n / deff when disclosed, else the imputed n */
  effectiveSampleSize: number;
  imputed: boolean;
  /** where the n the statistics use came from ('implied-by-moe': n = (z·0.5/MoE)², not imputed) */
  sampleSizeSource: ResolvedSampleSizeSource;
  /** 'day', or 'month'/'year' when the source dates the poll only that precisely (placed mid-period) */
  datePrecision: string;
  /** 95% Wilson interval, only for polls that disclosed n (never for imputed n) */
  interval: PointInterval | null;
}

export interface WordingSeries {
  wordingKey: string;
  wording: string;
  /** oldest first */
  polls: SeriesPoll[];
}

export interface PreparedQuestion {
  state: QuestionViewState;
  options: { key: string; label: string }[];
  option: { key: string; label: string };
  /** every wording series with ≥ 1 poll of the option after filters; the main series (most polls) first */
  series: WordingSeries[];
  pollsters: { slug: string; name: string }[];
  /** polls left out and why */
  excluded: { noDate: number; noValue: number; filtered: number };
}

/**
 * The date a poll sits at on the time axis: the end of fieldwork; for a poll dated only to a
 * month or a year (stored as the period's first and last day), the middle of that period, so an
 * annual poll does not sit at 31 December. Its precision is shown with it.
 */
export function pollDate(p: Pick<QuestionPollView, 'fieldStart' | 'fieldEnd' | 'datePrecision'>): string | null {
  const end = p.fieldEnd ?? p.fieldStart;
  if (end === null || p.datePrecision === 'day') return end;
  const e = new Date(end);
  const start = p.fieldStart
    ? new Date(p.fieldStart)
    : p.datePrecision === 'year'
      ? new Date(Date.UTC(e.getUTCFullYear(), 0, 1))
      : new Date(Date.UTC(e.getUTCFullYear(), e.getUTCMonth(), 1));
  const periodEnd = p.fieldEnd
    ? e
    : p.datePrecision === 'year'
      ? new Date(Date.UTC(e.getUTCFullYear(), 11, 31))
      : new Date(Date.UTC(e.getUTCFullYear(), e.getUTCMonth() + 1, 0));
  const mid = start.getTime() + (periodEnd.getTime() - start.getTime()) / 2;
  const d = new Date(mid);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())).toISOString();
}

/** Default option: the one with the largest share in the newest poll, so the chart opens on the headline. */
function defaultOption(question: QuestionView): string {
  const newest = question.polls[0];
  const top = newest ? [...newest.results].sort((a, b) => b.percent - a.percent)[0] : undefined;
  return top?.optionKey ?? question.options[0]?.key ?? '';
}

export function resolveViewState(question: QuestionView, input: Partial<TQuestionViewInput>): QuestionViewState {
  const optionKeys = new Set(question.options.map((o) => o.key));
  return {
    method: input.method ?? DEFAULT_TREND_METHOD,
    from: input.from ?? null,
    to: input.to ?? null,
    pollster: input.pollster ?? null,
    option: input.option && optionKeys.has(input.option) ? input.option : defaultOption(question),
    zoom: input.zoom === '1',
    totalError: input.error === 'total',
    show: input.show ?? 'one',
  };
}

/**
 * URL query of a view. Defaults are left out, except the option: its default depends on the newest
 * poll, so a shared link names it to keep showing the same answer later.
 */
export function viewQuery(_question: QuestionView, s: QuestionViewState): Record<string, string> {
  const q: Record<string, string> = {};
  if (s.method !== DEFAULT_TREND_METHOD) q.method = s.method;
  if (s.from) q.from = s.from;
  if (s.to) q.to = s.to;
  if (s.pollster) q.pollster = s.pollster;
  if (s.option) q.option = s.option;
  if (s.zoom) q.zoom = '1';
  if (s.totalError) q.error = 'total';
  if (s.show !== 'one') q.show = s.show;
  return q;
}

export function prepareQuestion(question: QuestionView, input: Partial<TQuestionViewInput>): PreparedQuestion {
  const state = resolveViewState(question, input);
  const option = question.options.find((o) => o.key === state.option) ?? { key: state.option, label: state.option };
  const resolved = resolveSampleSizes(
    question.polls.map((p) => ({
      pollster: p.pollster.slug,
      question: question.slug,
      n: pollPrecision(p).effectiveSampleSize,
      moe: p.reportedMoe !== null && p.reportedMoe > 0 ? p.reportedMoe / 100 : null,
      moeLevel: p.moeConfidence,
    })),
  );
  const imputed = question.polls.map((poll, i) => {
    const r = resolved[i] ?? { n: 1000, imputed: true, source: 'default' as const };
    return { poll, n: r.n, imputed: r.imputed, nSource: r.source };
  });
  const fromMs = state.from ? dateParamStart(state.from) : -Infinity;
  const toMs = state.to ? dateParamEnd(state.to) : Infinity;
  const excluded = { noDate: 0, noValue: 0, filtered: 0 };
  const groups = new Map<string, WordingSeries>();
  const pollsters = new Map<string, string>();
  for (const { poll: p, n, imputed: wasImputed, nSource } of imputed) {
    pollsters.set(p.pollster.slug, p.pollster.name);
    const date = pollDate(p);
    if (date === null) {
      excluded.noDate += 1;
      continue;
    }
    const t = Date.parse(date);
    if (t < fromMs || t > toMs || (state.pollster !== null && p.pollster.slug !== state.pollster)) {
      excluded.filtered += 1;
      continue;
    }
    const value = p.results.find((r) => r.optionKey === state.option);
    if (!value) {
      excluded.noValue += 1;
      continue;
    }
    const g = groups.get(p.wordingKey) ?? { wordingKey: p.wordingKey, wording: p.wording, polls: [] };
    g.polls.push({
      pollId: p.pollId,
      date,
      t,
      pollster: p.pollster.name,
      pollsterSlug: p.pollster.slug,
      fieldDates: formatFieldDates(p.fieldStart, p.fieldEnd, p.datePrecision),
      wording: p.wording,
      wordingKey: p.wordingKey,
      percent: value.percent,
      values: p.results.map((r) => ({ key: r.optionKey, label: r.optionLabel, percent: r.percent })),
      sampleSize: p.sampleSize,
      effectiveSampleSize: round(n, 1),
      imputed: wasImputed,
      sampleSizeSource: nSource,
      datePrecision: p.datePrecision,
      interval: wasImputed ? null : roundInterval(percentInterval(value.percent, n)),
    });
    groups.set(p.wordingKey, g);
  }
  const series = [...groups.values()];
  for (const s of series) s.polls.sort((a, b) => a.t - b.t || a.pollId - b.pollId);
  // Main series = the wording with most polls; ties go to the one with the newest poll.
  series.sort((a, b) => b.polls.length - a.polls.length || (b.polls.at(-1)?.t ?? 0) - (a.polls.at(-1)?.t ?? 0));
  return {
    state,
    options: question.options.map((o) => ({ key: o.key, label: o.label })),
    option,
    series,
    pollsters: [...pollsters].map(([slug, name]) => ({ slug, name })).sort((a, b) => a.name.localeCompare(b.name)),
    excluded,
  };
}

function roundInterval(i: PointInterval): PointInterval {
  return { ...i, low: round(i.low), high: round(i.high) };
}

export function trendPoints(series: WordingSeries): TrendPoint[] {
  return series.polls.map((p) => ({
    date: p.t,
    value: Math.min(1, Math.max(0, p.percent / 100)),
    n: p.effectiveSampleSize,
    pollster: p.pollsterSlug,
    imputed: p.imputed,
  }));
}

/** The aggregate trend of one wording series with the default parameters of the chosen method. */
export function seriesTrend(series: WordingSeries, method: TTrendMethod, totalError = false): TrendResult {
  return computeTrend(trendPoints(series), { method, ...(totalError ? { nonSamplingSd: TOTAL_ERROR_SD } : {}) });
}
