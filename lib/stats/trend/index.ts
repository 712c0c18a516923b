import { StatsError } from '../errors';
import { makeBands, prepareSeries, type PreparedSeries } from './common';
import { fitLocalLevel, kalmanTrend } from './kalman';
import { loessTrend } from './loess';
import { meanTrend } from './mean';
import type { TrendOptions, TrendPoint, TrendResult } from './types';
import { weightedTrend } from './weighted';

export type * from './types';
export { LOESS_MIN_POLLS } from './loess';
export { fitLocalLevel } from './kalman';
export { prepareSeries } from './common';

/**
 * Removes house effects from a series of several pollsters before a method that cannot model
 * them itself: the offsets come from the Kalman local-level model fitted jointly with them
 * (sum to zero over pollsters), never from residuals against a trend fitted to the same polls.
 */
function adjustForHouseEffects(series: PreparedSeries): void {
  if (series.pollsterCount < 2) return;
  const fit = fitLocalLevel(series, 'estimate', true, false);
  const house = fit.house;
  if (!house) return;
  for (let i = 0; i < series.size; i++) series.y[i] = (series.y[i] ?? 0) - (house.effect[series.pollster[i] ?? 0] ?? 0);
  series.house = house;
}

/**
 * Widens every band by non-sampling error: Var_total = SE² + (σ_ns · 2√(p(1 − p)))², σ_ns the
 * SD of total-survey error beyond sampling at a 50% share (calibrated on elections, see
 * lib/stats/total-error.ts).
 */
function addNonSamplingError(result: TrendResult, sd: number): void {
  for (const p of result.points) {
    const extra = sd * 2 * Math.sqrt(Math.max(0, p.estimate * (1 - p.estimate)));
    const se = Math.sqrt(p.standardError ** 2 + extra * extra);
    p.standardError = se;
    p.bands = makeBands(p.estimate, se);
  }
  result.parameters.nonSamplingSd = sd;
}

/**
 * Aggregate trend of one option of one question from its polls.
 *
 * Methods (see each implementation for formulas and references):
 * - 'mean'     — mean of the last k polls (default k = 5);
 * - 'weighted' — √n (capped) × recency half-life × 1/√(pollster's polls) weights, lag-corrected
 *                by the local slope, DerSimonian–Laird τ²;
 * - 'loess'    — tricube local-linear regression, bandwidth in days chosen by AICc;
 * - 'kalman'   — local-level Kalman filter + RTS smoother with house effects in the model.
 * With several pollsters the other methods run on polls with the Kalman model's house effects
 * removed and carry those effects' uncertainty in their bands.
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
  if (options.method !== 'kalman') adjustForHouseEffects(series);
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
  if (series.house) result.parameters.houseEffects = `removed (estimated jointly with the Kalman level, ${series.house.size} pollsters)`;
  const sd = options.nonSamplingSd ?? 0;
  if (!Number.isFinite(sd) || sd < 0) throw new StatsError('INVALID_INPUT', `nonSamplingSd must be ≥ 0, got ${sd}`);
  if (sd > 0) addNonSamplingError(result, sd);
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
