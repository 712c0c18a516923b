import type { QuestionView } from '@/lib/data/questions';
import type { IndicatorView } from '@/lib/data/indicators';
import type { ChartBase } from '@/lib/charts/types';
import { buildTrendChart, type TrendChartData } from '@/lib/charts/trend';
import { buildIndicatorChart, type IndicatorChartData } from '@/lib/charts/indicator';
import { eventsBetween, type ChartEvent } from '@/lib/charts/events';
import { DEFAULT_TREND_METHOD, type TCompareInput } from '@/lib/schemas/views';

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
  /** main wording only: different wordings are not mixed */
  trend: TrendChartData | null;
  indicatorPoints: CompareIndicatorPoint[];
  target: IndicatorChartData['target'];
  /** the same [from, to] (epoch ms) for both panels */
  xDomain: [number, number] | null;
  events: (ChartEvent & { t: number })[];
}

function midYear(year: number): number {
  return Date.UTC(year, 6, 1);
}

export function buildCompareChart(question: QuestionView | null, indicator: IndicatorView | null, input: Partial<TCompareInput>): CompareChartData {
  let trend: TrendChartData | null = null;
  if (question) {
    const full = buildTrendChart(question, { method: input.method, option: input.option });
    trend = { ...full, series: full.series.slice(0, 1) };
  }
  const ind = indicator ? buildIndicatorChart(indicator) : null;
  const indicatorPoints: CompareIndicatorPoint[] = (ind?.points ?? [])
    .filter((p) => p.drawn)
    .map((p) => ({ period: p.period, t: midYear(p.year), value: p.value, role: p.role as CompareIndicatorPoint['role'] }));
  const ts = [...(trend?.series[0]?.polls.map((p) => p.t) ?? []), ...indicatorPoints.map((p) => p.t)];
  const xDomain: [number, number] | null = ts.length > 0 ? [Math.min(...ts), Math.max(...ts)] : null;
  const events = xDomain ? eventsBetween(xDomain[0], xDomain[1], [question?.topic ?? null, indicator?.topic ?? null]) : [];
  const query: Record<string, string> = {};
  if (question) query.question = question.slug;
  if (indicator) query.indicator = indicator.slug;
  if (input.method && input.method !== DEFAULT_TREND_METHOD) query.method = input.method;
  if (input.option && trend && input.option === trend.option.key) query.option = input.option;
  const parts = [
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
    trend,
    indicatorPoints,
    target: ind?.target ?? null,
    xDomain,
    events,
  };
}

/** What the compare chart draws in the browser: the main series' line and dots, the indicator, events. */
export interface CompareDrawing {
  xDomain: [number, number] | null;
  trend: null | {
    optionLabel: string;
    methodLabel: string;
    colour: string;
    yDomain: [number, number];
    line: { t: number; estimate: number; b50: [number, number]; b95: [number, number] }[];
    polls: { t: number; percent: number; pollster: string; fieldDates: string }[];
  };
  indicator: CompareChartData['indicator'];
  indicatorPoints: CompareIndicatorPoint[];
  target: CompareChartData['target'];
  events: CompareChartData['events'];
}

export function toCompareDrawing(c: CompareChartData): CompareDrawing {
  const s = c.trend?.series[0];
  return {
    xDomain: c.xDomain,
    trend:
      c.trend && s
        ? {
            optionLabel: c.trend.option.label,
            methodLabel: c.trend.method.label,
            colour: s.colour,
            yDomain: c.trend.yDomain,
            line: s.line.map((p) => ({ t: p.t, estimate: p.estimate, b50: p.bands[50], b95: p.bands[95] })),
            polls: s.polls.map((p) => ({ t: p.t, percent: p.percent, pollster: p.pollster, fieldDates: p.fieldDates })),
          }
        : null,
    indicator: c.indicator,
    indicatorPoints: c.indicatorPoints,
    target: c.target,
    events: c.events,
  };
}
