import { StatsError } from '../errors';
import { makeEstimate, positiveOption, type PreparedSeries } from './common';
import type { LoessTrendOptions, TrendResult } from './types';

/** Minimum number of polls for LOESS; below it a single weighted OLS line is fitted. */
export const LOESS_MIN_POLLS = 8;

/** Per-distinct-date sums of the prior weights πᵢ = min(nᵢ, n_cap). */
interface DateAggregates {
  /** Σπ */
  w: Float64Array;
  /** Σπy */
  wy: Float64Array;
  /** Σπ²v */
  w2v: Float64Array;
}

/**
 * Weighted local-linear fit at x0 over the distinct dates [dLo, dHi] with
 * tricube kernel of radius `delta` (delta = Infinity → kernel 1). Because all
 * polls of one date share the kernel value, the smoother weights lᵢ = πᵢK(dx)(S₂ − S₁dx)/det
 * are summed per date — exactly the poll-level fit, in O(dates) instead of O(polls).
 * Returns the estimate Σlᵢyᵢ and Σlᵢ²vᵢ; falls back to a local constant when
 * the local design is degenerate and to equal kernel weights when every
 * neighbour sits exactly at distance Δ.
 */
function localLinear(dates: Float64Array, agg: DateAggregates, dLo: number, dHi: number, x0: number, delta: number, kern: Float64Array): [number, number] {
  let S0 = 0;
  let S1 = 0;
  let S2 = 0;
  for (let d = dLo; d <= dHi; d++) {
    const dx = (dates[d] ?? 0) - x0;
    let k = 1;
    if (delta !== Infinity) {
      const u = Math.abs(dx) / delta;
      if (u >= 1) k = 0;
      else {
        const c = 1 - u * u * u;
        k = c * c * c;
      }
    }
    kern[d - dLo] = k;
    const wd = k * (agg.w[d] ?? 0);
    S0 += wd;
    S1 += wd * dx;
    S2 += wd * dx * dx;
  }
  if (!(S0 > 0)) {
    if (delta === Infinity) throw new StatsError('NOT_COMPUTABLE', 'LOESS neighbourhood has zero weight');
    return localLinear(dates, agg, dLo, dHi, x0, Infinity, kern);
  }
  const det = S0 * S2 - S1 * S1;
  const linear = S2 > 0 && det > 1e-10 * S0 * S2;
  let est = 0;
  let vf = 0;
  for (let d = dLo; d <= dHi; d++) {
    const k = kern[d - dLo] ?? 0;
    if (k === 0) continue;
    const c = linear ? (k * (S2 - S1 * ((dates[d] ?? 0) - x0))) / det : k / S0;
    est += c * (agg.wy[d] ?? 0);
    vf += c * c * (agg.w2v[d] ?? 0);
  }
  return [est, vf];
}

/**
 * LOESS (Cleveland 1979) trend: at each evaluation date x₀, Δ is the distance
 * to the q-th nearest poll (q = ⌈αN⌉, span α default 0.5); polls closer than Δ
 * get tricube weight K = (1 − (|t − x₀|/Δ)³)³ times a prior weight
 * π = min(n, n_cap), and a weighted local line is fitted; the estimate is its
 * value at x₀. Below {@link LOESS_MIN_POLLS} polls a single weighted OLS line
 * through all polls is used instead.
 *
 * Standard error: the fit is linear in y (θ̂ = Σlᵢyᵢ) so Var = φ·Σlᵢ²vᵢ with
 * vᵢ = p(1−p)/n and an over-dispersion factor
 * φ = max(1, Σ rᵢ²/vᵢ / (N − ν)), ν ≈ 2/α the approximate equivalent number of
 * parameters (Cleveland & Grosse 1991), residuals rᵢ against the fitted trend.
 *
 * Speed: at most `maxGridPoints` (default 500) evaluation dates, evenly spaced
 * when there are more distinct dates, estimate and SE linearly interpolated in
 * between; neighbours by a sliding window and sums per distinct date —
 * O(N + G·D_window).
 *
 * References: W. S. Cleveland (1979), "Robust locally weighted regression and
 * smoothing scatterplots", JASA 74:829–836; W. S. Cleveland & E. Grosse (1991),
 * "Computational methods for local regression", Statistics and Computing 1:47–62.
 *
 * @example loessTrend(series, { method: 'loess', span: 0.5 })
 */
export function loessTrend(s: PreparedSeries, options: LoessTrendOptions): TrendResult {
  const span = positiveOption(options.span, 0.5, 'span');
  if (span > 1) throw new StatsError('INVALID_INPUT', `span must be in (0, 1], got ${span}`);
  const maxGrid = Math.max(2, Math.round(positiveOption(options.maxGridPoints, 500, 'maxGridPoints')));
  const nCap = positiveOption(options.nCap, 2000, 'nCap');
  const N = s.size;
  const D = s.dates.length;

  const agg: DateAggregates = { w: new Float64Array(D), wy: new Float64Array(D), w2v: new Float64Array(D) };
  for (let i = 0; i < N; i++) {
    const d = s.dateOf[i] ?? 0;
    const pi = Math.min(s.n[i] ?? 0, nCap);
    agg.w[d] = (agg.w[d] ?? 0) + pi;
    agg.wy[d] = (agg.wy[d] ?? 0) + pi * (s.y[i] ?? 0);
    agg.w2v[d] = (agg.w2v[d] ?? 0) + pi * pi * (s.v[i] ?? 0);
  }
  const kern = new Float64Array(D);

  // Evaluation grid.
  const useDates = D <= maxGrid;
  const G = useDates ? D : maxGrid;
  const first = s.dates[0] ?? 0;
  const lastDate = s.dates[D - 1] ?? 0;
  const grid = new Float64Array(G);
  for (let g = 0; g < G; g++) grid[g] = useDates ? (s.dates[g] ?? 0) : first + ((lastDate - first) * g) / (G - 1);

  const gEst = new Float64Array(G);
  const gVf = new Float64Array(G);
  const fallback = N < LOESS_MIN_POLLS;
  const q = Math.min(N, Math.max(3, Math.ceil(span * N)));
  let lo = 0;
  for (let g = 0; g < G; g++) {
    const x0 = grid[g] ?? 0;
    let fit: [number, number];
    if (fallback) {
      fit = localLinear(s.dates, agg, 0, D - 1, x0, Infinity, kern);
    } else {
      while (lo + q < N && x0 - (s.t[lo] ?? 0) > (s.t[lo + q] ?? 0) - x0) lo++;
      const hi = lo + q - 1;
      const delta = Math.max(x0 - (s.t[lo] ?? 0), (s.t[hi] ?? 0) - x0);
      fit = localLinear(s.dates, agg, s.dateOf[lo] ?? 0, s.dateOf[hi] ?? 0, x0, delta > 0 ? delta : Infinity, kern);
    }
    gEst[g] = fit[0];
    gVf[g] = fit[1];
  }

  // Values at every distinct date (direct or interpolated).
  const est = new Float64Array(D);
  const vf = new Float64Array(D);
  if (useDates) {
    est.set(gEst);
    vf.set(gVf);
  } else {
    let g = 0;
    for (let j = 0; j < D; j++) {
      const x = s.dates[j] ?? 0;
      while (g < G - 2 && (grid[g + 1] ?? 0) < x) g++;
      const x0 = grid[g] ?? 0;
      const x1 = grid[g + 1] ?? x0;
      const f = x1 > x0 ? Math.min(1, Math.max(0, (x - x0) / (x1 - x0))) : 0;
      est[j] = (gEst[g] ?? 0) * (1 - f) + (gEst[g + 1] ?? 0) * f;
      const se = Math.sqrt(gVf[g] ?? 0) * (1 - f) + Math.sqrt(gVf[g + 1] ?? 0) * f;
      vf[j] = se * se;
    }
  }

  // Over-dispersion from residuals.
  let chi2 = 0;
  for (let i = 0; i < N; i++) {
    const r = (s.y[i] ?? 0) - (est[s.dateOf[i] ?? 0] ?? 0);
    chi2 += (r * r) / (s.v[i] ?? 1);
  }
  const nu = fallback ? 2 : 2 / span;
  const df = N - nu;
  const phi = df >= 1 ? Math.max(1, chi2 / df) : 1;

  const points = [];
  for (let j = 0; j < D; j++) points.push(makeEstimate(s, j, est[j] ?? 0, Math.sqrt(phi * (vf[j] ?? 0))));
  return {
    method: 'loess',
    parameters: { span, maxGridPoints: maxGrid, nCap, fallbackLinear: fallback, overdispersion: phi },
    points,
  };
}
