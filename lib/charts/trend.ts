import type { QuestionView } from '@/lib/data/questions';
import type { ChartBase } from '@/lib/charts/types';
import { titleWith } from '@/lib/charts/types';
import { StatsError } from '@/lib/stats/errors';
import { LOESS_MIN_POLLS } from '@/lib/stats/trend/index';
import type { BandLevel } from '@/lib/stats/trend/types';
import { seriesColour, seriesShape, type SeriesShape } from '@/lib/charts/palette';
import { downsample } from '@/lib/charts/downsample';
import { round } from '@/lib/charts/precision';
import { prepareQuestion, seriesTrend, viewQuery, type QuestionViewState, type SeriesPoll, type WordingSeries } from '@/lib/charts/question-series';
import { computeTrend } from '@/lib/stats/trend/index';
import type { TrendPoint, TrendResult } from '@/lib/stats/trend/types';
import { leadInterval } from '@/lib/stats/lead';
import type { TQuestionViewInput, TTrendMethod } from '@/lib/schemas/views';
import { formatDate } from '@/lib/format/display';
import { bandHonesty } from '@/lib/charts/coverage';
import { TOTAL_ERROR_SD } from '@/lib/stats/total-error';

/**
 * A trend line is not drawn across more than ~13 months without polls: a straight segment over a
 * multi-year gap would suggest a steady change nobody measured.
 */
export const MAX_GAP_DAYS = 400;

export const TREND_METHOD_LABELS: Record<TTrendMethod, string> = {
  weighted: 'Weighted average',
  mean: 'Mean of last 5 polls',
  loess: 'LOESS',
  kalman: 'Kalman smoother',
};

const METHOD_TEXT: Record<TTrendMethod, string> = {
  weighted: 'weighted average (√n, 30-day half-life, 1/√k per pollster), corrected for lag by the local slope, plus between-poll variance',
  mean: 'simple mean of the last 5 polls',
  loess: `LOESS local-linear regression (tricube, bandwidth in days chosen by AICc; a straight line below ${LOESS_MIN_POLLS} polls)`,
  kalman: 'Kalman local-level smoother with house effects and drift in the model',
};

/** How the chart names where the Kalman process variance came from. */
function kalmanNote(p: Record<string, number | string | boolean>): string {
  const q = Number(p.processVariancePerDay);
  const perMonth = Number.isFinite(q) ? `${(100 * Math.sqrt(q * 30.4375)).toFixed(2)} points a month` : '';
  const source = String(p.processVarianceSource ?? '');
  let text = `Random-walk SD ${perMonth} (${source})`;
  if (p.processVarianceAtBound === 'lower')
    text += '; the estimate sits at the lower end of its search range: the polls show no movement beyond sampling noise';
  if (p.processVarianceAtBound === 'upper') text += '; the estimate sits at the upper end of its search range: the line follows every poll';
  return `${text}.`;
}

/** One point of the aggregate line: estimate and nested 50/80/95% bands, in percent. */
export interface TrendLinePoint {
  date: string;
  t: number;
  estimate: number;
  bands: Record<BandLevel, [number, number]>;
}

export interface TrendSeries {
  wordingKey: string;
  wording: string;
  isMain: boolean;
  colour: string;
  shape: SeriesShape;
  /** polls drawn as dots, oldest first */
  polls: SeriesPoll[];
  pollCount: number;
  /** the aggregate line of this wording only (never averaged across wordings) */
  line: TrendLinePoint[];
  /** parameters computeTrend actually used (with estimated values) */
  parameters: Record<string, number | string | boolean>;
  /** why there is no line, when there is none */
  lineNote: string | null;
  /** set when points were thinned for the browser */
  downsampled: { polls: number; line: number } | null;
}

/** Everything the trend chart draws (and its table, CSV and JSON export contain). */
export interface TrendChartData extends ChartBase {
  kind: 'trend';
  unit: 'percent';
  questionSlug: string;
  option: { key: string; label: string };
  options: { key: string; label: string }[];
  trendMethod: TTrendMethod;
  state: QuestionViewState;
  series: TrendSeries[];
  /** the line is broken (not drawn across) where two consecutive points are further apart than this */
  maxGapDays: number;
  /** y axis: [0, 100] unless zoomed */
  yDomain: [number, number];
  /** x axis, epoch ms; shared by every series */
  xDomain: [number, number] | null;
  pollsters: { slug: string; name: string }[];
  imputedCount: number;
  excluded: { noDate: number; noValue: number; filtered: number };
  /** what the band covers and what it leaves out (from bench/coverage.json), and the model's own notes */
  bandNotes: string[];
  /** the non-sampling SD added to the bands (points at 50%), or null for sampling error only */
  totalErrorPoints: number | null;
}

function zoomDomain(series: TrendSeries[], bounds: [number, number] = [0, 100]): [number, number] {
  let lo = bounds[1];
  let hi = bounds[0];
  for (const s of series) {
    for (const p of s.polls) {
      lo = Math.min(lo, p.percent);
      hi = Math.max(hi, p.percent);
    }
    for (const l of s.line) {
      lo = Math.min(lo, l.bands[95][0]);
      hi = Math.max(hi, l.bands[95][1]);
    }
  }
  if (lo > hi) return bounds;
  return [Math.max(bounds[0], Math.floor((lo - 2) / 5) * 5), Math.min(bounds[1], Math.ceil((hi + 2) / 5) * 5)];
}

/**
 * The net (first answer minus second) of each poll of a series, in points, with the lead's own
 * interval: Var(p₁ − p₂) = (p₁ + p₂ − (p₁ − p₂)²)/n_eff (leadVariance).
 */
function netSeries(s: WordingSeries, a: string, b: string): WordingSeries {
  const polls: SeriesPoll[] = [];
  for (const p of s.polls) {
    const pa = p.values.find((v) => v.key === a)?.percent;
    const pb = p.values.find((v) => v.key === b)?.percent;
    if (pa === undefined || pb === undefined) continue;
    const lead = leadInterval(pa / 100, pb / 100, p.effectiveSampleSize);
    polls.push({
      ...p,
      percent: round(pa - pb),
      interval: p.imputed ? null : { low: round(lead.low * 100), high: round(lead.high * 100), level: 0.95, method: 'wald' },
    });
  }
  return { ...s, polls };
}

/**
 * Trend of the net on the scale v = (d + 1)/2 ∈ [0, 1] (d the net as a proportion), with each poll's
 * n chosen so that v(1 − v)/n' equals Var(d)/4 = (p₁ + p₂ − d²)/(4n): the lead's variance, not a
 * share's. Estimates and bands are mapped back to points, d = 200v − 100.
 */
function netTrend(s: WordingSeries, method: TTrendMethod, totalError: boolean): TrendResult {
  const points: TrendPoint[] = s.polls.map((p) => {
    const d = p.percent / 100;
    const v = Math.min(0.999, Math.max(0.001, (d + 1) / 2));
    const sum = p.values.reduce((acc, x) => acc + x.percent, 0) / 100;
    const varD = Math.max(1e-6, Math.min(1, sum) - d * d) / p.effectiveSampleSize;
    return { date: p.t, value: v, n: Math.max(1, (4 * v * (1 - v)) / varD), pollster: p.pollsterSlug, imputed: p.imputed };
  });
  const t = computeTrend(points, { method, ...(totalError ? { nonSamplingSd: TOTAL_ERROR_SD } : {}) });
  const back = (x: number): number => 2 * x - 1;
  return {
    ...t,
    points: t.points.map((p) => ({
      ...p,
      estimate: back(p.estimate),
      standardError: 2 * p.standardError,
      bands: {
        50: [back(p.bands[50][0]), back(p.bands[50][1])],
        80: [back(p.bands[80][0]), back(p.bands[80][1])],
        95: [back(p.bands[95][0]), back(p.bands[95][1])],
      },
    })),
  };
}

export function buildTrendChart(question: QuestionView, input: Partial<TQuestionViewInput>): TrendChartData {
  const prepared = prepareQuestion(question, input);
  const { state } = prepared;
  let option = prepared.option;
  // What is drawn: the selected answer per wording (default), every answer of the main wording, or the net.
  let groups: WordingSeries[] = prepared.series;
  const [first, second] = question.options;
  if (state.show === 'all') {
    const mainKey = prepared.series[0]?.wordingKey;
    groups = question.options.flatMap((o) => {
      const s = prepareQuestion(question, { ...input, option: o.key }).series.find((x) => x.wordingKey === mainKey);
      return s ? [{ ...s, wordingKey: `${s.wordingKey}~${o.key}`, wording: `${o.label} — “${s.wording}”` }] : [];
    });
  } else if (state.show === 'net' && first && second) {
    option = { key: 'net', label: `${first.label} − ${second.label}` };
    groups = prepareQuestion(question, { ...input, option: first.key })
      .series.map((s) => netSeries(s, first.key, second.key))
      .filter((s) => s.polls.length > 0);
  }
  const series: TrendSeries[] = groups.map((s, i) => {
    let line: TrendLinePoint[] = [];
    let parameters: Record<string, number | string | boolean> = {};
    let lineNote: string | null = null;
    if (s.polls.length < 2) {
      lineNote = 'one poll with this wording: no trend line';
    } else {
      try {
        const trend = state.show === 'net' ? netTrend(s, state.method, state.totalError) : seriesTrend(s, state.method, state.totalError);
        parameters = trend.parameters;
        line = trend.points.map((p) => ({
          date: new Date(p.date).toISOString(),
          t: p.date,
          estimate: round(p.estimate * 100),
          bands: {
            50: [round(p.bands[50][0] * 100), round(p.bands[50][1] * 100)],
            80: [round(p.bands[80][0] * 100), round(p.bands[80][1] * 100)],
            95: [round(p.bands[95][0] * 100), round(p.bands[95][1] * 100)],
          },
        }));
      } catch (error) {
        if (!(error instanceof StatsError)) throw error;
        lineNote = `trend not computable: ${error.message}`;
      }
    }
    // Every poll stays in the chart data (its table and exports); only the drawing thins them
    // (lib/charts/downsample.ts thinForDrawing). The model's line is thinned here: it has a point
    // per day of a long series, which no export reader needs at that density.
    const polls = s.polls;
    const thinLine = downsample(line);
    return {
      wordingKey: s.wordingKey,
      wording: s.wording,
      isMain: state.show === 'all' ? true : i === 0,
      colour: seriesColour(i),
      shape: seriesShape(i),
      polls,
      pollCount: s.polls.length,
      line: thinLine,
      parameters,
      lineNote,
      downsampled: polls.length < s.polls.length || thinLine.length < line.length ? { polls: polls.length, line: thinLine.length } : null,
    };
  });
  const allT = series.flatMap((s) => s.polls.map((p) => p.t));
  const xDomain: [number, number] | null = allT.length > 0 ? [Math.min(...allT), Math.max(...allT)] : null;
  const main = series[0];
  const last = main?.line.at(-1);
  const lastPoll = main?.polls.at(-1);
  const imputedCount = series.reduce((acc, s) => acc + s.polls.filter((p) => p.imputed).length, 0);
  let summary: string;
  if (state.show === 'all' && series.length > 0)
    summary =
      `${TREND_METHOD_LABELS[state.method]} of every answer, main wording: ` +
      series.map((s) => `${s.wording.split(' — ')[0] ?? ''} ${s.line.at(-1)?.estimate.toFixed(1) ?? s.polls.at(-1)?.percent ?? ''}%`).join('; ') +
      '.';
  else if (!main) summary = `No polls of “${option.label}” match this view.`;
  else if (last)
    summary =
      `${TREND_METHOD_LABELS[state.method]} of “${option.label}” for the main wording (${main.pollCount} polls): ` +
      `${last.estimate.toFixed(1)}% on ${formatDate(last.date)} (95% band ${last.bands[95][0].toFixed(1)} to ${last.bands[95][1].toFixed(1)})` +
      (series.length > 1 ? `; ${series.length - 1} other wording${series.length > 2 ? 's' : ''} shown separately.` : '.');
  else
    summary = `One poll of “${option.label}” with the main wording: ${lastPoll?.percent ?? ''}% (${lastPoll?.pollster ?? ''}, ${lastPoll?.fieldDates ?? ''}).`;
  const sources = new Map<string, string[]>();
  for (const p of question.polls) {
    const urls = sources.get(p.pollster.name) ?? [];
    for (const u of p.sourceUrls) if (!urls.includes(u)) urls.push(u);
    sources.set(p.pollster.name, urls);
  }
  const bandNotes: string[] = [bandHonesty(state.method)];
  if (state.method === 'kalman' && main?.parameters.processVarianceSource) bandNotes.push(kalmanNote(main.parameters));
  bandNotes.push(
    state.totalError
      ? `Bands include non-sampling error (SD ${(100 * TOTAL_ERROR_SD).toFixed(1)} points at 50%, calibrated on 268 US elections 1998–2009 so that 95% bands held the result in 95% of races; with sampling error alone they held it in 78%).`
      : 'Bands show sampling error only; polls also share errors that no sample size removes — switch on “non-sampling error” for bands calibrated on past elections.',
  );
  return {
    kind: 'trend',
    title: titleWith(question.title, state.show === 'all' ? 'every answer' : state.show === 'net' ? `net ${option.label}` : option.label),
    subtitle: `Every poll as a dot; line and 50/80/95% bands${state.totalError ? ' (with non-sampling error)' : ''}: ${METHOD_TEXT[state.method]}`,
    unit: 'percent',
    method: {
      name: state.method,
      label: METHOD_TEXT[state.method],
      parameters: main?.parameters ?? {},
      anchor: `trend-${state.method}`,
    },
    sources: [...sources].map(([label, urls]) => ({ label, urls: urls.slice(0, 5) })),
    urlState: { path: `/questions/${question.slug}`, query: viewQuery(question, state) },
    summary,
    questionSlug: question.slug,
    option,
    options: prepared.options,
    trendMethod: state.method,
    state,
    series,
    maxGapDays: MAX_GAP_DAYS,
    yDomain: state.show === 'net' ? (state.zoom ? zoomDomain(series, [-100, 100]) : [-100, 100]) : state.zoom ? zoomDomain(series) : [0, 100],
    xDomain,
    pollsters: prepared.pollsters,
    imputedCount,
    excluded: prepared.excluded,
    bandNotes,
    totalErrorPoints: state.totalError ? Math.round(1000 * TOTAL_ERROR_SD) / 10 : null,
  };
}

/** One poll dot as the browser needs it: position, tooltip text, nothing else. */
export interface TrendDrawingPoll {
  pollId: number;
  t: number;
  percent: number;
  pollster: string;
  fieldDates: string;
  /** "1,600" or "not disclosed (imputed ≈ 1,000)" */
  n: string;
  /** "Approve 66% · Disapprove 33% · No answer 1%" */
  values: string;
  /** "71.8–76.1", the 95% Wilson interval, or null (never drawn for an imputed n) */
  interval: string | null;
  /** the same interval as numbers (percent), drawn as the dot's whisker */
  ci: [number, number] | null;
  /** set when the poll is dated only to a month or year (placed mid-period): "month" / "year" */
  datePrecision?: string;
}

/**
 * The subset of a TrendChartData the client chart draws, with the same numbers. Sending the whole
 * ChartData (wording on every poll, ISO dates, sources…) to the browser tripled the page's payload.
 */
export interface TrendDrawing {
  xDomain: [number, number] | null;
  yDomain: [number, number];
  maxGapDays: number;
  series: {
    wordingKey: string;
    wording: string;
    isMain: boolean;
    /** Why there is no line, when there is none. */
    lineNote: string | null;
    colour: string;
    shape: SeriesShape;
    line: { t: number; estimate: number; b50: [number, number]; b80: [number, number]; b95: [number, number] }[];
    polls: TrendDrawingPoll[];
  }[];
}

export function toTrendDrawing(chart: TrendChartData): TrendDrawing {
  return {
    xDomain: chart.xDomain,
    yDomain: chart.yDomain,
    maxGapDays: chart.maxGapDays,
    series: chart.series.map((s) => ({
      wordingKey: s.wordingKey,
      wording: s.wording,
      isMain: s.isMain,
      lineNote: s.lineNote,
      colour: s.colour,
      shape: s.shape,
      line: s.line.map((p) => ({ t: p.t, estimate: p.estimate, b50: p.bands[50], b80: p.bands[80], b95: p.bands[95] })),
      polls: s.polls.map((p) => ({
        pollId: p.pollId,
        t: p.t,
        percent: p.percent,
        pollster: p.pollster,
        fieldDates: p.fieldDates,
        n:
          p.sampleSize !== null
            ? p.sampleSize.toLocaleString('en-GB')
            : p.sampleSizeSource === 'implied-by-moe'
              ? `not disclosed; ≈ ${Math.round(p.effectiveSampleSize).toLocaleString('en-GB')} implied by its stated margin of error`
              : `not disclosed (trend uses imputed n ≈ ${Math.round(p.effectiveSampleSize).toLocaleString('en-GB')})`,
        values: p.values.map((v) => `${v.label} ${v.percent}%`).join(' · '),
        interval: p.interval ? `${p.interval.low.toFixed(1)}–${p.interval.high.toFixed(1)}` : null,
        ci: p.interval ? [p.interval.low, p.interval.high] : null,
        ...(p.datePrecision !== 'day' ? { datePrecision: p.datePrecision } : {}),
      })),
    })),
  };
}
