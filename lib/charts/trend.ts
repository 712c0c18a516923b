import type { QuestionView } from '@/lib/data/questions';
import type { ChartBase } from '@/lib/charts/types';
import { titleWith } from '@/lib/charts/types';
import { StatsError } from '@/lib/stats/errors';
import { LOESS_MIN_POLLS } from '@/lib/stats/trend/index';
import type { BandLevel } from '@/lib/stats/trend/types';
import { seriesColour, seriesShape, type SeriesShape } from '@/lib/charts/palette';
import { downsample, MAX_POINTS_PER_SERIES } from '@/lib/charts/downsample';
import { round } from '@/lib/charts/precision';
import {
  prepareQuestion,
  seriesTrend,
  viewQuery,
  type QuestionViewState,
  type SeriesPoll,
} from '@/lib/charts/question-series';
import type { TQuestionViewInput, TTrendMethod } from '@/lib/schemas/views';
import { formatDate } from '@/lib/format';

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
  weighted: 'weighted average (√n, 30-day half-life, 1/√k per pollster, plus between-poll variance)',
  mean: 'simple mean of the last 5 polls',
  loess: `LOESS local-linear regression (tricube, span 0.5; a straight line below ${LOESS_MIN_POLLS} polls)`,
  kalman: 'Kalman local-level filter with RTS smoother (process variance by maximum likelihood)',
};

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
}

function zoomDomain(series: TrendSeries[]): [number, number] {
  let lo = 100;
  let hi = 0;
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
  if (lo > hi) return [0, 100];
  return [Math.max(0, Math.floor((lo - 2) / 5) * 5), Math.min(100, Math.ceil((hi + 2) / 5) * 5)];
}

export function buildTrendChart(question: QuestionView, input: Partial<TQuestionViewInput>): TrendChartData {
  const prepared = prepareQuestion(question, input);
  const { state, option } = prepared;
  const series: TrendSeries[] = prepared.series.map((s, i) => {
    let line: TrendLinePoint[] = [];
    let parameters: Record<string, number | string | boolean> = {};
    let lineNote: string | null = null;
    if (s.polls.length < 2) {
      lineNote = 'one poll with this wording: no trend line';
    } else {
      try {
        const trend = seriesTrend(s, state.method);
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
    const polls = downsample(s.polls);
    const thinLine = downsample(line);
    return {
      wordingKey: s.wordingKey,
      wording: s.wording,
      isMain: i === 0,
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
  if (!main) summary = `No polls of “${option.label}” match this view.`;
  else if (last)
    summary =
      `${TREND_METHOD_LABELS[state.method]} of “${option.label}” for the main wording (${main.pollCount} polls): ` +
      `${last.estimate.toFixed(1)}% on ${formatDate(last.date)} (95% band ${last.bands[95][0].toFixed(1)} to ${last.bands[95][1].toFixed(1)})` +
      (series.length > 1 ? `; ${series.length - 1} other wording${series.length > 2 ? 's' : ''} shown separately.` : '.');
  else summary = `One poll of “${option.label}” with the main wording: ${lastPoll?.percent ?? ''}% (${lastPoll?.pollster ?? ''}, ${lastPoll?.fieldDates ?? ''}).`;
  const sources = new Map<string, string[]>();
  for (const p of question.polls) {
    const urls = sources.get(p.pollster.name) ?? [];
    for (const u of p.sourceUrls) if (!urls.includes(u)) urls.push(u);
    sources.set(p.pollster.name, urls);
  }
  return {
    kind: 'trend',
    title: titleWith(question.title, option.label),
    subtitle: `Every poll as a dot; line and 50/80/95% bands: ${METHOD_TEXT[state.method]}`,
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
    yDomain: state.zoom ? zoomDomain(series) : [0, 100],
    xDomain,
    pollsters: prepared.pollsters,
    imputedCount,
    excluded: prepared.excluded,
  };
}

export { MAX_POINTS_PER_SERIES };

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
        n: p.sampleSize !== null ? p.sampleSize.toLocaleString('en-GB') : `not disclosed (trend uses imputed n ≈ ${Math.round(p.effectiveSampleSize).toLocaleString('en-GB')})`,
        values: p.values.map((v) => `${v.label} ${v.percent}%`).join(' · '),
        interval: p.interval ? `${p.interval.low.toFixed(1)}–${p.interval.high.toFixed(1)}` : null,
      })),
    })),
  };
}
