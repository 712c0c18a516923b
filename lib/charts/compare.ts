import type { QuestionView } from '@/lib/data/questions';
import type { IndicatorView } from '@/lib/data/indicators';
import type { ChartBase } from '@/lib/charts/types';
import { buildTrendChart, MAX_GAP_DAYS, TREND_METHOD_LABELS, type TrendChartData } from '@/lib/charts/trend';
import type { SeriesShape } from '@/lib/charts/palette';
import { buildIndicatorChart, type IndicatorChartData } from '@/lib/charts/indicator';
import { eventsBetween, type ChartEvent } from '@/lib/charts/events';
import { DEFAULT_TREND_METHOD, type TCompareInput } from '@/lib/schemas/views';
import { buildDistributionChart, type DistributionChartData } from '@/lib/charts/distribution';

export interface CompareIndicatorPoint {
  period: string;
  /** epoch ms: middle of the period (1 July for a year), so a yearly value sits under the polls of that year */
  t: number;
  value: number;
  role: 'actual' | 'estimate' | 'forecast';
}

/** A question's trend and an indicator on one shared time axis, with event annotations. */
export interface CompareChartData extends ChartBase {
  kind: 'compare';
  question: { slug: string; title: string } | null;
  indicator: { slug: string; name: string; unit: string } | null;
  /** the latest poll's full result with its intervals (the seed story's poll for the Kuril question) */
  latest: DistributionChartData | null;
  /** every wording as its own series (never mixed), main wording first */
  trend: TrendChartData | null;
  indicatorPoints: CompareIndicatorPoint[];
  target: IndicatorChartData['target'];
  /** the growth path the target implies: latest actual → target at the horizon year, yearly */
  requiredPath: { year: number; t: number; value: number }[];
  requiredGrowth: IndicatorChartData['requiredGrowth'];
  /** an actual value quoted by the same source as the target (the seed story's "about US$18bn in 2017") */
  quoted: (CompareIndicatorPoint & { source: string }) | null;
  /** the same [from, to] (epoch ms) for both panels */
  xDomain: [number, number] | null;
  /** events with the row (0 = top) their number is drawn in, so close events do not overlap */
  events: (ChartEvent & { t: number; lane: number })[];
}

/**
 * Give each event a label row: an event closer than `minGap` (a share of the x domain) to the
 * previous one in a row goes one row down. Deterministic, so both panels and every width agree.
 */
export function eventLanes(ts: number[], domain: [number, number], minGap = 0.06): number[] {
  const span = domain[1] - domain[0] || 1;
  const lastInLane: number[] = [];
  return ts.map((t) => {
    let lane = 0;
    while (lastInLane[lane] !== undefined && (t - (lastInLane[lane] ?? 0)) / span < minGap) lane += 1;
    lastInLane[lane] = t;
    return lane;
  });
}

function midYear(year: number): number {
  return Date.UTC(year, 6, 1);
}

export function buildCompareChart(question: QuestionView | null, indicator: IndicatorView | null, input: Partial<TCompareInput>): CompareChartData {
  const trend: TrendChartData | null = question ? buildTrendChart(question, { method: input.method, option: input.option }) : null;
  const newest = question?.polls[0];
  const latest = question && newest ? buildDistributionChart(question, newest) : null;
  const ind = indicator ? buildIndicatorChart(indicator) : null;
  const drawnPoints = (ind?.points ?? []).filter((p) => p.drawn);
  const indicatorPoints: CompareIndicatorPoint[] = drawnPoints.map((p) => ({
    period: p.period,
    t: midYear(p.year),
    value: p.value,
    role: p.role as CompareIndicatorPoint['role'],
  }));
  const requiredGrowth = ind?.requiredGrowth ?? null;
  const requiredPath = (ind?.requiredPath ?? []).map((p) => ({ ...p, t: midYear(p.year) }));
  const quotedPoint = ind?.target?.sourceName ? drawnPoints.find((p) => p.role === 'actual' && p.sourceName === ind.target?.sourceName) : undefined;
  const quoted =
    quotedPoint && ind?.target?.sourceName
      ? { period: quotedPoint.period, t: midYear(quotedPoint.year), value: quotedPoint.value, role: 'actual' as const, source: ind.target.sourceName }
      : null;
  const ts = [...(trend?.series.flatMap((s) => s.polls.map((p) => p.t)) ?? []), ...indicatorPoints.map((p) => p.t), ...requiredPath.map((p) => p.t)];
  const xDomain: [number, number] | null = ts.length > 0 ? [Math.min(...ts), Math.max(...ts)] : null;
  const found = xDomain ? eventsBetween(xDomain[0], xDomain[1], [question?.topic ?? null, indicator?.topic ?? null]) : [];
  const lanes = xDomain
    ? eventLanes(
        found.map((e) => e.t),
        xDomain,
      )
    : [];
  const events = found.map((e, i) => ({ ...e, lane: lanes[i] ?? 0 }));
  const query: Record<string, string> = {};
  if (question) query.question = question.slug;
  if (indicator) query.indicator = indicator.slug;
  if (input.method && input.method !== DEFAULT_TREND_METHOD) query.method = input.method;
  if (input.option && trend && input.option === trend.option.key) query.option = input.option;
  const parts = [
    latest ? `Latest poll: ${latest.summary}` : null,
    trend ? `${trend.summary}` : null,
    ind ? ind.summary : null,
    events.length > 0 ? `${events.length} events marked.` : null,
  ].filter(Boolean);
  return {
    kind: 'compare',
    title: [question?.title, indicator?.name].filter(Boolean).join(' and ') || 'Compare',
    subtitle: 'Two panels, one time axis: poll trend above, indicator below',
    unit: `percent (top) · ${indicator?.unit ?? ''} (bottom)`,
    method: trend?.method ?? { name: 'none', label: 'no trend', parameters: {}, anchor: 'trend' },
    sources: [...(trend?.sources ?? []), ...(ind?.sources ?? [])],
    urlState: { path: '/compare', query },
    summary: parts.join(' ') || 'Pick a question and an indicator.',
    question: question ? { slug: question.slug, title: question.title } : null,
    indicator: indicator ? { slug: indicator.slug, name: indicator.name, unit: indicator.unit } : null,
    latest,
    trend,
    indicatorPoints,
    target: ind?.target ?? null,
    requiredPath,
    requiredGrowth,
    quoted,
    xDomain,
    events,
  };
}

/** One wording series of the top panel as the browser draws it. */
export interface CompareDrawingSeries {
  wordingKey: string;
  wording: string;
  isMain: boolean;
  colour: string;
  shape: SeriesShape;
  pollCount: number;
  lineNote: string | null;
  line: { t: number; estimate: number; b50: [number, number]; b95: [number, number] }[];
  /** `low`/`high`: the poll's 95% interval, null when n was not disclosed */
  polls: { t: number; percent: number; low: number | null; high: number | null; pollster: string; fieldDates: string }[];
}

/** What the compare chart draws in the browser: every wording series, the indicator, target, path, events. */
export interface CompareDrawing {
  xDomain: [number, number] | null;
  maxGapDays: number;
  trend: null | {
    optionLabel: string;
    methodLabel: string;
    yDomain: [number, number];
    series: CompareDrawingSeries[];
  };
  indicator: CompareChartData['indicator'];
  indicatorPoints: CompareIndicatorPoint[];
  target: CompareChartData['target'];
  requiredPath: CompareChartData['requiredPath'];
  requiredGrowth: CompareChartData['requiredGrowth'];
  quoted: CompareChartData['quoted'];
  events: CompareChartData['events'];
}

export function toCompareDrawing(c: CompareChartData): CompareDrawing {
  return {
    xDomain: c.xDomain,
    maxGapDays: c.trend?.maxGapDays ?? MAX_GAP_DAYS,
    trend: c.trend
      ? {
          optionLabel: c.trend.option.label,
          methodLabel: TREND_METHOD_LABELS[c.trend.trendMethod],
          yDomain: c.trend.yDomain,
          series: c.trend.series.map((s) => ({
            wordingKey: s.wordingKey,
            wording: s.wording,
            isMain: s.isMain,
            colour: s.colour,
            shape: s.shape,
            pollCount: s.pollCount,
            lineNote: s.lineNote,
            line: s.line.map((p) => ({ t: p.t, estimate: p.estimate, b50: p.bands[50], b95: p.bands[95] })),
            polls: s.polls.map((p) => ({
              t: p.t,
              percent: p.percent,
              low: p.interval?.low ?? null,
              high: p.interval?.high ?? null,
              pollster: p.pollster,
              fieldDates: p.fieldDates,
            })),
          })),
        }
      : null,
    indicator: c.indicator,
    indicatorPoints: c.indicatorPoints,
    target: c.target,
    requiredPath: c.requiredPath,
    requiredGrowth: c.requiredGrowth,
    quoted: c.quoted,
    events: c.events,
  };
}
