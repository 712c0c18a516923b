import { StatsError } from '../errors';
import { zForLevel } from '../proportions';
import { tCritical } from '../student-t';
import type { Bands, TrendEstimate, TrendPoint } from './types';

export const MS_PER_DAY = 86_400_000;

const Z50 = zForLevel(0.5);
const Z80 = zForLevel(0.8);
const Z95 = zForLevel(0.95);

/** Polls sorted by date in struct-of-arrays form, times in days since the first poll. */
export interface PreparedSeries {
  size: number;
  /** epoch ms of the first poll */
  originMs: number;
  /** days since origin, ascending */
  t: Float64Array;
  y: Float64Array;
  n: Float64Array;
  /** observation variance p̃(1 − p̃)/n, p̃ the local mean (see {@link localShare}) */
  v: Float64Array;
  pollster: Int32Array;
  pollsterCount: number;
  /** pollster name of each index in `pollster` */
  pollsterNames: string[];
  /** distinct dates (days since origin), ascending */
  dates: Float64Array;
  /** polls of dates[j] occupy [dateStart[j], dateStart[j + 1]) */
  dateStart: Int32Array;
  /** index into `dates` of each poll */
  dateOf: Int32Array;
  /**
   * House effects already removed from `y` (estimated jointly with the Kalman level), with their
   * P × P covariance; null when `y` is as polled (one pollster, or the Kalman method itself).
   */
  house: { effect: Float64Array; covariance: Float64Array; size: number } | null;
}

/**
 * Variance an estimate θ̂ = Σcᵢy*ᵢ inherits from house effects removed from the polls
 * (y* = y − ĥ_p): sᵀ·Cov(ĥ)·s with s_p = Σ_{i of pollster p} cᵢ. O(P²).
 *
 * @example houseVariance(series, shares) // 0 when series.house is null
 */
export function houseVariance(s: PreparedSeries, shares: Float64Array): number {
  const h = s.house;
  if (!h) return 0;
  const P = h.size;
  let total = 0;
  for (let a = 0; a < P; a++) {
    const sa = shares[a] ?? 0;
    if (sa === 0) continue;
    let row = 0;
    for (let b = 0; b < P; b++) row += (h.covariance[a * P + b] ?? 0) * (shares[b] ?? 0);
    total += sa * row;
  }
  return Math.max(0, total);
}

/**
 * Sampling variance of a poll share, p(1 − p)/n with p(1 − p) floored at
 * 0.01·0.99 so that readings of 0% or 100% do not claim infinite precision.
 */
export function observationVariance(p: number, n: number): number {
  return Math.max(p * (1 - p), 0.0099) / n;
}

/** Half-width (in polls, by date order) of the neighbourhood whose mean sets each poll's variance. */
const LOCAL_SHARE_HALF_WIDTH = 4;

/**
 * The share used in each poll's sampling variance: the n-weighted mean of the poll and its
 * 2·4 nearest polls by date order, p̃ = Σnⱼyⱼ/Σnⱼ. Using the poll's own reading instead makes
 * inverse-variance weights favour readings nearer 0 or 100% (their p(1 − p) is smaller), which
 * biases every weighted estimate toward the extremes. O(N) by prefix sums.
 *
 * @example localShare(Float64Array.from([0.4, 0.5]), Float64Array.from([1000, 1000])) // → [0.45, 0.45]
 */
export function localShare(y: Float64Array, n: Float64Array): Float64Array {
  const N = y.length;
  const SN = new Float64Array(N + 1);
  const SNY = new Float64Array(N + 1);
  for (let i = 0; i < N; i++) {
    SN[i + 1] = (SN[i] ?? 0) + (n[i] ?? 0);
    SNY[i + 1] = (SNY[i] ?? 0) + (n[i] ?? 0) * (y[i] ?? 0);
  }
  const out = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const a = Math.max(0, i - LOCAL_SHARE_HALF_WIDTH);
    const b = Math.min(N, i + LOCAL_SHARE_HALF_WIDTH + 1);
    out[i] = ((SNY[b] ?? 0) - (SNY[a] ?? 0)) / ((SN[b] ?? 0) - (SN[a] ?? 0));
  }
  return out;
}

/** Validates and sorts trend points. O(N log N). */
export function prepareSeries(points: readonly TrendPoint[]): PreparedSeries {
  const N = points.length;
  if (N === 0) throw new StatsError('EMPTY_INPUT', 'trend needs at least one poll');
  const ms = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const p = points[i] as TrendPoint;
    const d = typeof p.date === 'number' ? p.date : p.date.getTime();
    if (!Number.isFinite(d)) throw new StatsError('INVALID_INPUT', `poll ${i} has an invalid date`);
    if (!Number.isFinite(p.value) || p.value < 0 || p.value > 1)
      throw new StatsError('INVALID_INPUT', `poll ${i} value must be a proportion in [0, 1], got ${p.value}`);
    if (!Number.isFinite(p.n) || p.n <= 0) throw new StatsError('INVALID_INPUT', `poll ${i} n must be > 0, got ${p.n}`);
    ms[i] = d;
  }
  const order = new Int32Array(N);
  let sorted = true;
  for (let i = 0; i < N; i++) {
    order[i] = i;
    if (i > 0 && (ms[i] ?? 0) < (ms[i - 1] ?? 0)) sorted = false;
  }
  if (!sorted) order.sort((a, b) => (ms[a] ?? 0) - (ms[b] ?? 0) || a - b);
  const originMs = ms[order[0] ?? 0] ?? 0;
  const t = new Float64Array(N);
  const y = new Float64Array(N);
  const n = new Float64Array(N);
  const v = new Float64Array(N);
  const pollster = new Int32Array(N);
  const dateOf = new Int32Array(N);
  const ids = new Map<string, number>();
  const dates: number[] = [];
  const starts: number[] = [];
  for (let r = 0; r < N; r++) {
    const i = order[r] ?? 0;
    const p = points[i] as TrendPoint;
    const ti = ((ms[i] ?? 0) - originMs) / MS_PER_DAY;
    t[r] = ti;
    y[r] = p.value;
    n[r] = p.n;
    let id = ids.get(p.pollster);
    if (id === undefined) {
      id = ids.size;
      ids.set(p.pollster, id);
    }
    pollster[r] = id;
    if (r === 0 || ti !== dates[dates.length - 1]) {
      dates.push(ti);
      starts.push(r);
    }
    dateOf[r] = dates.length - 1;
  }
  starts.push(N);
  const share = localShare(y, n);
  for (let r = 0; r < N; r++) v[r] = observationVariance(share[r] ?? 0, n[r] ?? 1);
  return {
    size: N,
    originMs,
    t,
    y,
    n,
    v,
    pollster,
    pollsterCount: ids.size,
    pollsterNames: [...ids.keys()],
    dates: Float64Array.from(dates),
    dateStart: Int32Array.from(starts),
    dateOf,
    house: null,
  };
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/**
 * estimate ± c·se for 50/80/95%, truncated to [0, 1]; always lo ≤ estimate ≤ hi and nested.
 * c is the normal critical value, or Student's t with `df` degrees of freedom when the SE was
 * estimated from few residuals (df finite).
 */
export function makeBands(estimate: number, se: number, df = Infinity): Bands {
  const e = clamp01(estimate);
  const s = Number.isFinite(se) && se > 0 ? se : 0;
  const band = (z: number): [number, number] => [Math.min(e, clamp01(e - z * s)), Math.max(e, clamp01(e + z * s))];
  if (Number.isFinite(df) && df > 0) return { 50: band(tCritical(0.5, df)), 80: band(tCritical(0.8, df)), 95: band(tCritical(0.95, df)) };
  return { 50: band(Z50), 80: band(Z80), 95: band(Z95) };
}

/** Builds the public point for distinct date j. */
export function makeEstimate(series: PreparedSeries, j: number, estimate: number, se: number, df = Infinity): TrendEstimate {
  if (!Number.isFinite(estimate) || !Number.isFinite(se)) {
    throw new StatsError('NOT_COMPUTABLE', `trend estimate is not finite at date index ${j}`);
  }
  const e = clamp01(estimate);
  const s = Math.max(0, se);
  return { date: series.originMs + (series.dates[j] ?? 0) * MS_PER_DAY, estimate: e, standardError: s, bands: makeBands(e, s, df) };
}

export function positiveOption(value: number | undefined, fallback: number, name: string): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v <= 0) throw new StatsError('INVALID_INPUT', `${name} must be > 0, got ${v}`);
  return v;
}
