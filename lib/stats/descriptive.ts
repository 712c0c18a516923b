import { mean as ssMean, sampleStandardDeviation as ssSampleSd } from 'simple-statistics';
import { StatsError, assertFinite, assertNonEmpty } from './errors';

function assertAllFinite(xs: readonly number[], name: string): void {
  assertNonEmpty(xs, name);
  for (const x of xs) assertFinite(x, `${name}[]`);
}

/**
 * Arithmetic mean x̄ = Σxᵢ / n (simple-statistics, compensated summation).
 *
 * Reference: NIST/SEMATECH e-Handbook of Statistical Methods §1.3.5.1,
 * https://www.itl.nist.gov/div898/handbook/eda/section3/eda351.htm
 *
 * @throws StatsError EMPTY_INPUT for [] (simple-statistics would throw an untyped error).
 * @example mean([1, 2, 3, 4]) // 2.5
 */
export function mean(xs: readonly number[]): number {
  assertAllFinite(xs, 'xs');
  return ssMean(xs);
}

/**
 * Sample standard deviation with the n − 1 denominator,
 * s = √( Σ(xᵢ − x̄)² / (n − 1) ), computed in two passes (simple-statistics).
 *
 * Reference: NIST StRD univariate certification (s uses n − 1),
 * https://www.itl.nist.gov/div898/strd/univ/homepage.html
 *
 * @throws StatsError NOT_COMPUTABLE for fewer than 2 values.
 * @example sampleStandardDeviation([2, 4, 4, 4, 5, 5, 7, 9]) // 2.138089935299395
 */
export function sampleStandardDeviation(xs: readonly number[]): number {
  assertAllFinite(xs, 'xs');
  if (xs.length < 2) throw new StatsError('NOT_COMPUTABLE', 'sample standard deviation needs at least 2 values');
  return ssSampleSd(xs);
}

/**
 * Lag-1 sample autocorrelation as NIST defines it:
 *   r(1) = Σ_{i=1}^{n−1}(yᵢ − ȳ)(yᵢ₊₁ − ȳ) / Σ_{i=1}^{n}(yᵢ − ȳ)²
 * (one common denominator — not the Pearson correlation of the lagged series).
 *
 * Reference: NIST StRD, https://www.itl.nist.gov/div898/strd/univ/homepage.html ;
 * Box & Jenkins (1976), Time Series Analysis, eq. 2.1.12.
 *
 * @throws StatsError NOT_COMPUTABLE for fewer than 2 values or a constant series.
 * @example lag1Autocorrelation([1, 2, 3, 4]) // 0.25
 */
export function lag1Autocorrelation(xs: readonly number[]): number {
  assertAllFinite(xs, 'xs');
  if (xs.length < 2) throw new StatsError('NOT_COMPUTABLE', 'lag-1 autocorrelation needs at least 2 values');
  const m = ssMean(xs);
  let num = 0;
  let den = 0;
  let prev = (xs[0] ?? 0) - m;
  den += prev * prev;
  for (let i = 1; i < xs.length; i++) {
    const d = (xs[i] ?? 0) - m;
    num += prev * d;
    den += d * d;
    prev = d;
  }
  if (den === 0) throw new StatsError('NOT_COMPUTABLE', 'lag-1 autocorrelation of a constant series is undefined');
  return num / den;
}

export interface DescriptiveSummary {
  n: number;
  mean: number;
  /** null when n < 2 */
  sd: number | null;
  /** null when n < 2 or the series is constant */
  lag1Autocorrelation: number | null;
}

/**
 * Mean, sample SD (n − 1) and NIST lag-1 autocorrelation in one call; values that
 * are not computable for tiny inputs are `null` (never NaN).
 *
 * @example summarize([1, 2, 3, 4]) // { n: 4, mean: 2.5, sd: 1.2909944487358056, lag1Autocorrelation: 0.25 }
 */
export function summarize(xs: readonly number[]): DescriptiveSummary {
  const m = mean(xs);
  const sd = xs.length >= 2 ? sampleStandardDeviation(xs) : null;
  let r1: number | null = null;
  if (xs.length >= 2 && sd !== null && sd > 0) r1 = lag1Autocorrelation(xs);
  return { n: xs.length, mean: m, sd, lag1Autocorrelation: r1 };
}
