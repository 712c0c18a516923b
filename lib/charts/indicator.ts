import type { IndicatorView, ObservationView } from '@/lib/data/indicators';
import type { ChartBase } from '@/lib/charts/types';
import { cagr, gapToTarget, olsTrend, requiredAnnualGrowthByYear, yearOnYearChange } from '@/lib/stats/indicators';
import { round } from '@/lib/charts/precision';

/** Why a point is drawn the way it is (or only listed in the table). */
export type IndicatorPointRole = 'actual' | 'estimate' | 'forecast' | 'alternative' | 'partial-year' | 'target';

export interface IndicatorPoint {
  id: number;
  period: string;
  periodType: string;
  /** calendar year of the period (x value of the chart) */
  year: number;
  value: number;
  kind: ObservationView['kind'];
  role: IndicatorPointRole;
  /** drawn on the chart (primary full-year actuals and estimates); the others are table-only */
  drawn: boolean;
  basis: string | null;
  derived: boolean;
  sourceName: string | null;
  sourceUrl: string | null;
  notes: string | null;
}

export interface YoyBar {
  year: number;
  previousYear: number;
  /** percent */
  change: number;
  /** either end is an estimate */
  involvesEstimate: boolean;
}

/** The indicator chart (actual vs estimate vs target), its table and its growth figures. */
export interface IndicatorChartData extends ChartBase {
  kind: 'indicator';
  slug: string;
  name: string;
  /** every observation, in period order: the table */
  points: IndicatorPoint[];
  target: null | { value: number; period: string; basis: string | null; sourceName: string | null; sourceUrl: string | null; hasDeadline: false };
  latestActual: null | { period: string; year: number; value: number };
  gap: null | { absolute: number; relative: number | null; reached: boolean };
  requiredGrowth: null | {
    byYear: number;
    /** the year came from the default (latest actual year + 5), not from the reader */
    isDefaultYear: boolean;
    years: number;
    /** percent a year */
    rate: number;
  };
  /** the path the required growth implies: latest actual, compounding each year up to the target year */
  requiredPath: { year: number; value: number }[];
  /** compound annual growth over the drawn actuals, first to latest */
  cagr: null | { fromYear: number; toYear: number; rate: number };
  /** straight-line OLS over the drawn actuals: change per year in the unit, R² */
  ols: null | { slope: number; rSquared: number | null; n: number };
  yoy: YoyBar[];
  xDomain: [number, number] | null;
}

/** Default horizon for the required growth when the target has no deadline: latest actual year + 5. */
export const DEFAULT_TARGET_HORIZON_YEARS = 5;

function roleOf(o: ObservationView): IndicatorPointRole {
  if (o.kind === 'target') return 'target';
  if (o.periodType === 'partial-year') return 'partial-year';
  if (!o.isPrimary) return 'alternative';
  return o.kind;
}

function yearOf(o: ObservationView): number {
  return new Date(o.periodStart).getUTCFullYear();
}

export function buildIndicatorChart(indicator: IndicatorView, input: { by?: number } = {}): IndicatorChartData {
  const points: IndicatorPoint[] = indicator.observations.map((o) => {
    const role = roleOf(o);
    return {
      id: o.id,
      period: o.period,
      periodType: o.periodType,
      year: yearOf(o),
      value: o.value,
      kind: o.kind,
      role,
      drawn: role === 'actual' || role === 'estimate' || role === 'forecast',
      basis: o.basis,
      derived: o.derived,
      sourceName: o.sourceName,
      sourceUrl: o.sourceUrl,
      notes: o.notes,
    };
  });
  const drawn = points.filter((p) => p.drawn).sort((a, b) => a.year - b.year);
  const actuals = drawn.filter((p) => p.role === 'actual');
  const latest = actuals.at(-1) ?? null;
  const targetObs = points.filter((p) => p.role === 'target').at(-1) ?? null;
  const target: IndicatorChartData['target'] = targetObs
    ? {
        value: targetObs.value,
        period: targetObs.period,
        basis: targetObs.basis,
        sourceName: targetObs.sourceName,
        sourceUrl: targetObs.sourceUrl,
        hasDeadline: false,
      }
    : null;
  const gap = latest && target ? gapToTarget(latest.value, target.value) : null;
  let requiredGrowth: IndicatorChartData['requiredGrowth'] = null;
  if (latest && target && latest.value > 0) {
    const isDefaultYear = input.by === undefined || input.by <= latest.year;
    const byYear = isDefaultYear ? latest.year + DEFAULT_TARGET_HORIZON_YEARS : (input.by as number);
    requiredGrowth = {
      byYear,
      isDefaultYear,
      years: byYear - latest.year,
      rate: round(requiredAnnualGrowthByYear(latest.value, latest.year, target.value, byYear) * 100, 1),
    };
  }
  const requiredPath: IndicatorChartData['requiredPath'] = [];
  if (latest && requiredGrowth) {
    for (let k = 0; k <= requiredGrowth.years; k += 1) {
      requiredPath.push({ year: latest.year + k, value: round(latest.value * (1 + requiredGrowth.rate / 100) ** k, 2) });
    }
  }
  const first = actuals[0];
  const growth =
    first && latest && latest.year > first.year && first.value > 0 && latest.value > 0
      ? { fromYear: first.year, toYear: latest.year, rate: round(cagr(first.value, latest.value, latest.year - first.year) * 100, 1) }
      : null;
  let ols: IndicatorChartData['ols'] = null;
  if (new Set(actuals.map((a) => a.year)).size >= 2) {
    const fit = olsTrend(actuals.map((a) => [a.year, a.value] as const));
    ols = { slope: round(fit.slope, 3), rSquared: fit.rSquared === null ? null : round(fit.rSquared, 3), n: fit.n };
  }
  const byYear = new Map(drawn.map((p) => [p.year, p]));
  const yoy: YoyBar[] = [];
  for (const p of drawn) {
    const prev = byYear.get(p.year - 1);
    if (prev && prev.value !== 0) {
      yoy.push({
        year: p.year,
        previousYear: prev.year,
        change: round(yearOnYearChange(p.value, prev.value) * 100, 1),
        involvesEstimate: p.role !== 'actual' || prev.role !== 'actual',
      });
    }
  }
  const years = drawn.map((p) => p.year);
  const sources = new Map<string, string[]>();
  for (const p of points) {
    const label = p.sourceName ?? 'Source not named';
    const urls = sources.get(label) ?? [];
    if (p.sourceUrl && !urls.includes(p.sourceUrl)) urls.push(p.sourceUrl);
    sources.set(label, urls);
  }
  const unit = indicator.unit;
  let summary = `${indicator.name}: `;
  summary += latest ? `${latest.value} ${unit} in ${latest.period}` : 'no actual values yet';
  if (target && gap) summary += `, ${round(gap.absolute, 1)} ${unit} short of the ${target.value} ${unit} target`;
  if (requiredGrowth) summary += `; reaching it by ${requiredGrowth.byYear} needs ${requiredGrowth.rate.toFixed(1)}% growth a year`;
  summary += '.';
  return {
    kind: 'indicator',
    title: indicator.name,
    subtitle: `Actual values (solid dots), estimates (hollow dots)${target ? ', the target (dashed line)' : ''}${requiredPath.length > 1 ? ' and the growth path it requires (dotted)' : ''}`,
    unit,
    method: {
      name: 'cagr',
      label: 'required growth = (target / latest actual)^(1 / years) − 1; year-on-year = value / previous year − 1',
      parameters: { horizonDefaultYears: DEFAULT_TARGET_HORIZON_YEARS, ...(requiredGrowth ? { byYear: requiredGrowth.byYear } : {}) },
      anchor: 'required-growth',
    },
    sources: [...sources].map(([label, urls]) => ({ label, urls })),
    urlState: {
      path: `/indicators/${indicator.slug}`,
      query: input.by !== undefined && requiredGrowth && !requiredGrowth.isDefaultYear ? { by: String(requiredGrowth.byYear) } : {},
    },
    summary,
    slug: indicator.slug,
    name: indicator.name,
    points,
    target,
    latestActual: latest ? { period: latest.period, year: latest.year, value: latest.value } : null,
    gap: gap ? { absolute: round(gap.absolute, 2), relative: gap.relative === null ? null : round(gap.relative, 4), reached: gap.reached } : null,
    requiredGrowth,
    requiredPath,
    cagr: growth,
    ols,
    yoy,
    xDomain: years.length > 0 ? [Math.min(...years), Math.max(...years, requiredGrowth?.byYear ?? -Infinity)] : null,
  };
}

/** The year-on-year bars of an indicator, as their own exportable chart. */
export interface YoyChartData extends ChartBase {
  kind: 'yoy';
  slug: string;
  bars: YoyBar[];
}

export function buildYoyChart(chart: IndicatorChartData): YoyChartData {
  return {
    kind: 'yoy',
    title: `${chart.name}: year-on-year change`,
    subtitle: 'Change from the previous calendar year (drawn values only); lighter bars involve an estimate',
    unit: 'percent',
    method: { name: 'yoy', label: 'value / previous year’s value − 1', parameters: {}, anchor: 'yoy' },
    sources: chart.sources,
    urlState: chart.urlState,
    summary:
      chart.yoy.length === 0
        ? 'No two consecutive years to compare.'
        : `Year-on-year changes from ${chart.yoy[0]?.year ?? ''} to ${chart.yoy.at(-1)?.year ?? ''}: ` +
          chart.yoy.map((y) => `${y.year} ${y.change > 0 ? '+' : ''}${y.change.toFixed(1)}%`).join(', ') +
          '.',
    slug: chart.slug,
    bars: chart.yoy,
  };
}
