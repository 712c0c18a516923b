import { StatsError } from '../errors';
import { prepareSeries } from './common';
import { kalmanTrend } from './kalman';
import { loessTrend } from './loess';
import { meanTrend } from './mean';
import type { TrendOptions, TrendPoint, TrendResult } from './types';
import { weightedTrend } from './weighted';

export type * from './types';
export { LOESS_MIN_POLLS } from './loess';
export { observationVariance } from './common';

/**
 * Aggregate trend of one option of one question from its polls.
 *
 * Methods (see each implementation for formulas and references):
 * - 'mean'     — mean of the last k polls (default k = 5);
 * - 'weighted' — √n (capped) × recency half-life × 1/√(pollster's polls) weights, DerSimonian–Laird τ²;
 * - 'loess'    — tricube local-linear regression, span 0.5 (weighted OLS line below 8 polls);
 * - 'kalman'   — local-level Kalman filter + RTS smoother, process variance by ML or given.
 *
 * Returns one point per distinct poll date with the estimate and nested
 * 50/80/95% bands (proportions). Imputed-n polls are used like the others;
 * `parameters.imputedPolls` counts them so the caller can flag the bands.
 *
 * @throws StatsError EMPTY_INPUT (no polls) or INVALID_INPUT (bad value/n/date/option).
 * @example computeTrend(polls, { method: 'kalman' }).points.at(-1)?.bands[95]
 */
export function computeTrend(points: readonly TrendPoint[], options: TrendOptions): TrendResult {
  const series = prepareSeries(points);
  let result: TrendResult;
  switch (options.method) {
    case 'mean':
      result = meanTrend(series, options);
      break;
    case 'weighted':
      result = weightedTrend(series, options);
      break;
    case 'loess':
      result = loessTrend(series, options);
      break;
    case 'kalman':
      result = kalmanTrend(series, options);
      break;
    default: {
      const m: never = options;
      throw new StatsError('INVALID_INPUT', `unknown trend method ${String((m as { method?: unknown }).method)}`);
    }
  }
  let imputed = 0;
  for (const p of points) if (p.imputed === true) imputed++;
  result.parameters.imputedPolls = imputed;
  return result;
}

/**
 * Trend estimate at an arbitrary time (ms), linearly interpolated between the
 * result's dates and held constant beyond its ends. O(log D).
 *
 * @example trendValueAt(result, Date.UTC(2024, 0, 15))
 */
export function trendValueAt(result: TrendResult, dateMs: number): number {
  const pts = result.points;
  if (pts.length === 0) throw new StatsError('EMPTY_INPUT', 'trend has no points');
  const firstP = pts[0];
  const lastP = pts[pts.length - 1];
  if (!firstP || !lastP) throw new StatsError('EMPTY_INPUT', 'trend has no points');
  if (dateMs <= firstP.date) return firstP.estimate;
  if (dateMs >= lastP.date) return lastP.estimate;
  let lo = 0;
  let hi = pts.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((pts[mid]?.date ?? 0) <= dateMs) lo = mid;
    else hi = mid;
  }
  const a = pts[lo] ?? firstP;
  const b = pts[hi] ?? lastP;
  const f = b.date > a.date ? (dateMs - a.date) / (b.date - a.date) : 0;
  return a.estimate + f * (b.estimate - a.estimate);
}
