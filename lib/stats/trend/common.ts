import { StatsError } from '../errors';
import { zForLevel } from '../proportions';
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
  /** observation variance p̃(1 − p̃)/n (see {@link observationVariance}) */
  v: Float64Array;
  pollster: Int32Array;
  pollsterCount: number;
  /** distinct dates (days since origin), ascending */
  dates: Float64Array;
  /** polls of dates[j] occupy [dateStart[j], dateStart[j + 1]) */
  dateStart: Int32Array;
  /** index into `dates` of each poll */
  dateOf: Int32Array;
}

/**
 * Sampling variance of a poll share, p(1 − p)/n with p(1 − p) floored at
 * 0.01·0.99 so that readings of 0% or 100% do not claim infinite precision.
 */
export function observationVariance(p: number, n: number): number {
  return Math.max(p * (1 - p), 0.0099) / n;
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
    if (!Number.isFinite(p.value) || p.value < 0 || p.value > 1) throw new StatsError('INVALID_INPUT', `poll ${i} value must be a proportion in [0, 1], got ${p.value}`);
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
    v[r] = observationVariance(p.value, p.n);
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
  return {
    size: N,
    originMs,
    t,
    y,
    n,
    v,
    pollster,
    pollsterCount: ids.size,
    dates: Float64Array.from(dates),
    dateStart: Int32Array.from(starts),
    dateOf,
  };
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/** estimate ± z·se for 50/80/95%, truncated to [0, 1]; always lo ≤ estimate ≤ hi and nested. */
export function makeBands(estimate: number, se: number): Bands {
  const e = clamp01(estimate);
  const s = Number.isFinite(se) && se > 0 ? se : 0;
  const band = (z: number): [number, number] => [Math.min(e, clamp01(e - z * s)), Math.max(e, clamp01(e + z * s))];
  return { 50: band(Z50), 80: band(Z80), 95: band(Z95) };
}

/** Builds the public point for distinct date j. */
export function makeEstimate(series: PreparedSeries, j: number, estimate: number, se: number): TrendEstimate {
  if (!Number.isFinite(estimate) || !Number.isFinite(se)) {
    throw new StatsError('NOT_COMPUTABLE', `trend estimate is not finite at date index ${j}`);
  }
  const e = clamp01(estimate);
  const s = Math.max(0, se);
  return { date: series.originMs + (series.dates[j] ?? 0) * MS_PER_DAY, estimate: e, standardError: s, bands: makeBands(e, s) };
}

export function positiveOption(value: number | undefined, fallback: number, name: string): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v <= 0) throw new StatsError('INVALID_INPUT', `${name} must be > 0, got ${v}`);
  return v;
}
