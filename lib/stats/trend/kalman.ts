import { StatsError } from '../errors';
import { makeEstimate, type PreparedSeries } from './common';
import type { KalmanTrendOptions, TrendResult } from './types';

/** Search range for the maximum-likelihood process variance, proportion²/day. */
const LOG10_Q_MIN = -9;
const LOG10_Q_MAX = -2;
/** Prior variance of the level at the first date (diffuse relative to poll variances ~1e-4). */
const P0 = 0.25;
/** q used when there are fewer than 3 distinct dates to estimate it from: 1e-5/day (SD ≈ 1.7 points a month). */
const DEFAULT_Q = 1e-5;

interface FilterOutput {
  logLik: number;
  m: Float64Array;
  P: Float64Array;
  mPred: Float64Array;
  PPred: Float64Array;
}

/**
 * Polls of one date combined into one observation: precision-weighted mean
 * ȳ = Σ(yᵢ/vᵢ)/Σ(1/vᵢ) with variance 1/Σ(1/vᵢ). The Kalman update with ȳ is
 * identical to sequential updates with each poll, and the likelihood differs
 * only by a term that does not depend on q — so ML estimates are unchanged.
 */
function combineByDate(s: PreparedSeries): { y: Float64Array; v: Float64Array } {
  const D = s.dates.length;
  const y = new Float64Array(D);
  const v = new Float64Array(D);
  for (let j = 0; j < D; j++) {
    const a = s.dateStart[j] ?? 0;
    const b = s.dateStart[j + 1] ?? s.size;
    if (b - a === 1) {
      y[j] = s.y[a] ?? 0;
      v[j] = s.v[a] ?? 0;
      continue;
    }
    let u = 0;
    let uy = 0;
    for (let i = a; i < b; i++) {
      const ui = 1 / (s.v[i] ?? 1);
      u += ui;
      uy += ui * (s.y[i] ?? 0);
    }
    y[j] = uy / u;
    v[j] = 1 / u;
  }
  return { y, v };
}

/**
 * Kalman filter for the local-level model over the distinct dates:
 *   level:        x_j = x_{j−1} + η_j,  η_j ~ N(0, q·Δt_j)
 *   observations: yᵢ = x_j + εᵢ,        εᵢ ~ N(0, vᵢ = p(1−p)/nᵢ)  (combined per date, see combineByDate)
 * The prediction-error log-likelihood (up to a q-free constant) excludes the first date (diffuse start).
 */
function filter(dates: Float64Array, obs: { y: Float64Array; v: Float64Array }, q: number, keep: boolean): FilterOutput {
  const D = dates.length;
  const out: FilterOutput = {
    logLik: 0,
    m: keep ? new Float64Array(D) : new Float64Array(0),
    P: keep ? new Float64Array(D) : new Float64Array(0),
    mPred: keep ? new Float64Array(D) : new Float64Array(0),
    PPred: keep ? new Float64Array(D) : new Float64Array(0),
  };
  let m = obs.y[0] ?? 0;
  let P = P0;
  let ll = 0;
  for (let j = 0; j < D; j++) {
    if (j > 0) P += q * ((dates[j] ?? 0) - (dates[j - 1] ?? 0));
    if (keep) {
      out.mPred[j] = m;
      out.PPred[j] = P;
    }
    const S = P + (obs.v[j] ?? 0);
    const e = (obs.y[j] ?? 0) - m;
    if (j > 0) ll -= 0.5 * (Math.log(2 * Math.PI * S) + (e * e) / S);
    const K = P / S;
    m += K * e;
    P = (1 - K) * P;
    if (keep) {
      out.m[j] = m;
      out.P[j] = P;
    }
  }
  out.logLik = ll;
  return out;
}

/** Maximum-likelihood q: coarse grid on log10 q, then golden-section refinement. */
function estimateProcessVariance(dates: Float64Array, obs: { y: Float64Array; v: Float64Array }): number {
  if (dates.length < 3) return DEFAULT_Q;
  const ll = (lq: number): number => filter(dates, obs, 10 ** lq, false).logLik;
  const steps = 15;
  let best = LOG10_Q_MIN;
  let bestLl = -Infinity;
  for (let k = 0; k <= steps; k++) {
    const lq = LOG10_Q_MIN + ((LOG10_Q_MAX - LOG10_Q_MIN) * k) / steps;
    const v = ll(lq);
    if (v > bestLl) {
      bestLl = v;
      best = lq;
    }
  }
  const h = (LOG10_Q_MAX - LOG10_Q_MIN) / steps;
  let a = Math.max(LOG10_Q_MIN, best - h);
  let b = Math.min(LOG10_Q_MAX, best + h);
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = ll(c);
  let fd = ll(d);
  for (let it = 0; it < 20; it++) {
    if (fc > fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = ll(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = ll(d);
    }
  }
  return 10 ** ((a + b) / 2);
}

/**
 * Local-level Kalman filter with Rauch–Tung–Striebel fixed-interval smoother.
 * Observation variance p(1−p)/n per poll; process (random-walk) variance q per
 * day either given or estimated by maximum likelihood (grid + golden section
 * over 10⁻⁹…10⁻² per day; 1e-5 when there are fewer than 3 distinct dates). Smoother, for j = D−2 … 0:
 *   C = P_j / P_{j+1|j},  m̃_j = m_j + C(m̃_{j+1} − m_{j+1|j}),  P̃_j = P_j + C²(P̃_{j+1} − P_{j+1|j}).
 * O(N) to combine polls per date, then O(D) per likelihood evaluation.
 *
 * References: J. Durbin & S. J. Koopman (2012), Time Series Analysis by State
 * Space Methods (2nd ed.), ch. 2 (local level model); H. E. Rauch, F. Tung &
 * C. T. Striebel (1965), AIAA Journal 3:1445–1450; S. Jackman (2005), "Pooling
 * the polls over an election campaign", Australian J. Political Science 40:499–517.
 *
 * @example kalmanTrend(series, { method: 'kalman' })
 */
export function kalmanTrend(s: PreparedSeries, options: KalmanTrendOptions): TrendResult {
  const qOpt = options.processVariancePerDay ?? 'estimate';
  const obs = combineByDate(s);
  let q: number;
  if (qOpt === 'estimate') q = estimateProcessVariance(s.dates, obs);
  else {
    if (!Number.isFinite(qOpt) || qOpt < 0) throw new StatsError('INVALID_INPUT', `processVariancePerDay must be ≥ 0, got ${qOpt}`);
    q = qOpt;
  }
  const f = filter(s.dates, obs, q, true);
  const D = s.dates.length;
  const ms = new Float64Array(D);
  const Ps = new Float64Array(D);
  ms[D - 1] = f.m[D - 1] ?? 0;
  Ps[D - 1] = f.P[D - 1] ?? 0;
  for (let j = D - 2; j >= 0; j--) {
    const Pj = f.P[j] ?? 0;
    const Pp = f.PPred[j + 1] ?? 0;
    const C = Pp > 0 ? Pj / Pp : 0;
    ms[j] = (f.m[j] ?? 0) + C * ((ms[j + 1] ?? 0) - (f.mPred[j + 1] ?? 0));
    Ps[j] = Math.max(0, Pj + C * C * ((Ps[j + 1] ?? 0) - Pp));
  }
  const points = [];
  for (let j = 0; j < D; j++) points.push(makeEstimate(s, j, ms[j] ?? 0, Math.sqrt(Ps[j] ?? 0)));
  return {
    method: 'kalman',
    parameters: { processVariancePerDay: q, processVarianceSource: qOpt === 'estimate' ? 'maximum-likelihood' : 'parameter', logLikelihood: f.logLik },
    points,
  };
}
