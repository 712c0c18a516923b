import { linearRegression, linearRegressionLine, rSquared } from 'simple-statistics';
import { StatsError, assertFinite, assertPositive } from './errors';

/**
 * Year-on-year change as a proportion: current / yearAgo − 1.
 *
 * Reference: OECD Glossary of Statistical Terms, "Growth rates".
 *
 * @throws StatsError NOT_COMPUTABLE when yearAgo = 0.
 * @example yearOnYearChange(103, 100) // 0.03
 */
export function yearOnYearChange(current: number, yearAgo: number): number {
  assertFinite(current, 'current');
  assertFinite(yearAgo, 'yearAgo');
  if (yearAgo === 0) throw new StatsError('NOT_COMPUTABLE', 'year-on-year change from 0 is undefined');
  return current / yearAgo - 1;
}

/**
 * Compound annual growth rate CAGR = (end / start)^(1/years) − 1.
 *
 * Reference: CFA Institute, Quantitative Investment Analysis (4th ed.), ch. 1.
 *
 * @throws StatsError NOT_COMPUTABLE unless start and end are both > 0 (or both < 0).
 * @example cagr(100, 121, 2) // 0.1
 */
export function cagr(start: number, end: number, years: number): number {
  assertFinite(start, 'start');
  assertFinite(end, 'end');
  assertPositive(years, 'years');
  const ratio = end / start;
  if (!(ratio > 0) || !Number.isFinite(ratio)) throw new StatsError('NOT_COMPUTABLE', 'CAGR needs start and end of the same sign, start ≠ 0');
  return ratio ** (1 / years) - 1;
}

/**
 * Constant annual growth rate needed to go from `current` to `target` in
 * `years`: (target / current)^(1/years) − 1. Same formula as {@link cagr}.
 *
 * @example requiredAnnualGrowth(18, 30, 5) // 0.10756… (10.76% a year)
 */
export function requiredAnnualGrowth(current: number, target: number, years: number): number {
  return cagr(current, target, years);
}

/**
 * Required annual growth from a value observed in `currentYear` to `target` in `targetYear`.
 *
 * @throws StatsError NOT_COMPUTABLE when targetYear ≤ currentYear.
 * @example requiredAnnualGrowthByYear(18, 2025, 30, 2030) // 0.10756…
 */
export function requiredAnnualGrowthByYear(current: number, currentYear: number, target: number, targetYear: number): number {
  const years = targetYear - currentYear;
  if (!(years > 0)) throw new StatsError('NOT_COMPUTABLE', 'target year must be after the current year');
  return requiredAnnualGrowth(current, target, years);
}

export interface TargetGap {
  /** target − current */
  absolute: number;
  /** (target − current) / |current|; null when current = 0 */
  relative: number | null;
  /** whether the target is met, given the desired direction */
  reached: boolean;
}

/**
 * Gap from the current value to a target. `direction` says whether higher
 * ('increase', default) or lower ('decrease') is the goal.
 *
 * @example gapToTarget(18, 30) // { absolute: 12, relative: 0.666…, reached: false }
 */
export function gapToTarget(current: number, target: number, direction: 'increase' | 'decrease' = 'increase'): TargetGap {
  assertFinite(current, 'current');
  assertFinite(target, 'target');
  const absolute = target - current;
  return {
    absolute,
    relative: current === 0 ? null : absolute / Math.abs(current),
    reached: direction === 'increase' ? current >= target : current <= target,
  };
}

export interface OlsTrend {
  /** change per unit of x (per year when x is in years) */
  slope: number;
  intercept: number;
  /** centred R²; null when y is constant */
  rSquared: number | null;
  n: number;
}

/**
 * Straight-line OLS trend y = a + b·x with R², via simple-statistics
 * `linearRegression` and `rSquared`.
 *
 * Reference: NIST/SEMATECH e-Handbook §4.1.4.1, https://www.itl.nist.gov/div898/handbook/pmd/section1/pmd141.htm
 *
 * @throws StatsError NOT_COMPUTABLE with fewer than 2 points or all x equal.
 * @example olsTrend([[2020, 1], [2021, 3], [2022, 5]]) // { slope: 2, intercept: -4039, rSquared: 1, n: 3 }
 */
export function olsTrend(points: readonly (readonly [number, number])[]): OlsTrend {
  if (points.length === 0) throw new StatsError('EMPTY_INPUT', 'OLS trend needs points');
  for (const [x, y] of points) {
    assertFinite(x, 'x');
    assertFinite(y, 'y');
  }
  if (points.length < 2) throw new StatsError('NOT_COMPUTABLE', 'OLS trend needs at least 2 points');
  const x0 = points[0]?.[0] ?? 0;
  if (points.every(([x]) => x === x0)) throw new StatsError('NOT_COMPUTABLE', 'OLS trend needs at least two distinct x values');
  // Centre x first: simple-statistics uses the raw-sums formula, which loses digits for x ≈ 2020.
  const xbar = points.reduce((s, [x]) => s + x, 0) / points.length;
  const data = points.map(([x, y]) => [x - xbar, y]);
  const { m, b } = linearRegression(data);
  const y0 = points[0]?.[1] ?? 0;
  const constant = points.every(([, y]) => y === y0);
  return { slope: m, intercept: b - m * xbar, rSquared: constant ? null : rSquared(data, linearRegressionLine({ m, b })), n: points.length };
}
