import { StatsError } from '../errors';
import { makeEstimate, type PreparedSeries } from './common';
import { choleskyInverse } from './linear-algebra';
import type { KalmanTrendOptions, TrendResult } from './types';

/** Search range for the maximum-likelihood process variance, proportion²/day. */
export const LOG10_Q_MIN = -9;
export const LOG10_Q_MAX = -2;
/** Prior variance of the level at the first date (diffuse relative to poll variances ~1e-4). */
const P0 = 0.25;
/** q used when there are fewer than 3 distinct dates to estimate it from: 1e-5/day (SD ≈ 1.7 points a month). */
export const DEFAULT_Q = 1e-5;

/** A constant drift is estimated from this many distinct poll dates on. */
const MIN_DATES_FOR_DRIFT = 4;

export type ProcessVarianceSource = 'maximum likelihood' | 'default (fewer than 3 poll dates)' | 'set by parameter';

/** The local-level model fitted jointly with pollster offsets (house effects). */
export interface LocalLevelFit {
  /** smoothed level per distinct date (proportion), house effects removed */
  level: Float64Array;
  /** its variance, including the uncertainty of the estimated house effects */
  levelVariance: Float64Array;
  q: number;
  qSource: ProcessVarianceSource;
  /** 'lower'/'upper' when the ML estimate sits at an end of the search range */
  qAtBound: 'lower' | 'upper' | null;
  /** variance scale φ = GLS χ²/(N − P + 1) when that χ² is significantly above its df at 5%, else 1; already applied */
  overdispersion: number;
  /** constant drift of the level (proportion per day) and its SE, or null when not modelled */
  drift: { perDay: number; standardError: number } | null;
  /** house effect per pollster index (sums to 0), or null with one pollster */
  house: { effect: Float64Array; covariance: Float64Array; size: number } | null;
  logLikelihood: number;
}

/**
 * Polls of one date combined into one observation: precision-weighted mean
 * ȳ = Σ(yᵢ/vᵢ)/Σ(1/vᵢ) with variance 1/Σ(1/vᵢ). The Kalman update with ȳ is
 * identical to sequential updates with each poll, and the likelihood differs
 * only by a term that does not depend on q — so ML estimates are unchanged.
 */
function combineByDate(s: PreparedSeries, y: Float64Array): { y: Float64Array; v: Float64Array } {
  const D = s.dates.length;
  const cy = new Float64Array(D);
  const cv = new Float64Array(D);
  for (let j = 0; j < D; j++) {
    const a = s.dateStart[j] ?? 0;
    const b = s.dateStart[j + 1] ?? s.size;
    let u = 0;
    let uy = 0;
    for (let i = a; i < b; i++) {
      const ui = 1 / (s.v[i] ?? 1);
      u += ui;
      uy += ui * (y[i] ?? 0);
    }
    cy[j] = uy / u;
    cv[j] = 1 / u;
  }
  return { y: cy, v: cv };
}

/**
 * Prediction-error log-likelihood of the local-level model over distinct dates
 * (x_j = x_{j−1} + δΔt_j + η_j, η_j ~ N(0, q·Δt_j); ȳ_j = x_j + ε_j, ε_j ~ N(0, v_j)),
 * up to a q-free constant, the first date excluded (diffuse start). With `drift` the constant
 * drift δ is a diffuse regression effect and the restricted (diffuse) likelihood is returned:
 * ℓ = −½[Σ(log S_j + e_j²/S_j) − b²/M + log M] (de Jong 1991), so that q is not estimated
 * against a drift fitted to the same polls. O(D).
 */
function logLikelihood(dates: Float64Array, obs: { y: Float64Array; v: Float64Array }, q: number, drift = false): number {
  let m = obs.y[0] ?? 0;
  let A = 0;
  let P = P0;
  let ll = 0;
  let M = 0;
  let b = 0;
  for (let j = 0; j < dates.length; j++) {
    if (j > 0) {
      const dt = (dates[j] ?? 0) - (dates[j - 1] ?? 0);
      P += q * dt;
      A -= dt;
    }
    const S = P + (obs.v[j] ?? 0);
    const e = (obs.y[j] ?? 0) - m;
    const E = -A;
    if (j > 0) {
      ll -= 0.5 * (Math.log(2 * Math.PI * S) + (e * e) / S);
      if (drift) {
        M += (E * E) / S;
        b += (E * e) / S;
      }
    }
    const K = P / S;
    m += K * e;
    A += K * E;
    P = (1 - K) * P;
  }
  if (drift && M > 0) ll += 0.5 * ((b * b) / M - Math.log(M));
  return ll;
}

/** Maximum-likelihood log10 q: coarse grid on log10 q, then golden-section refinement. */
function estimateLog10Q(dates: Float64Array, obs: { y: Float64Array; v: Float64Array }, drift: boolean): number {
  const ll = (lq: number): number => logLikelihood(dates, obs, 10 ** lq, drift);
  const steps = 14;
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
  return (a + b) / 2;
}

/** Rescale point for the lazy column scale λ (see augmentedPass); far from underflow. */
const LAMBDA_FLOOR = 1e-100;
/** Above this many multiply-adds the level variance ÃVÃᵀ is computed on a grid and interpolated. */
const MAX_VARIANCE_WORK = 4e5;

interface AugmentedPass {
  level: Float64Array;
  levelVariance: Float64Array;
  overdispersion: number;
  logLikelihood: number;
  house: { effect: Float64Array; covariance: Float64Array; size: number } | null;
  drift: { perDay: number; standardError: number } | null;
}

/**
 * One augmented Kalman filter + RTS smoother pass for y = x_t + X β + ε, with the level x_t a
 * random walk (with constant drift δ when `drift`: x_t = x_{t−1} + δΔt + η_t) and β one offset
 * per pollster but a reference pollster (the one with most polls), plus δ. The filter runs on y
 * and on every column of X with the same gains (de Jong 1991): GLS β̂ = M⁻¹b with
 * M = Σ EᵢEᵢᵀ/Sᵢ, b = Σ Eᵢeᵢ/Sᵢ (e, E the innovations of y and X), Var(β̂) = M⁻¹; the smoothed
 * level is x̂ = ã − Ãβ̂ with MSE P̃ + ÃM⁻¹Ãᵀ. The offsets are then re-expressed to sum to zero
 * over pollsters (h = β − β̄, level + β̄), a linear map of β̂ and its covariance.
 *
 * Speed: a pollster column's filter state evolves as A ← (1 − g)A + g·e_p, so with A = λB only
 * one entry of B changes per poll, and Σ AᵢAᵢᵀ/Sᵢ = Σ_m (change at m) × Σ_{l>m} λ_l²/S_l — O(P)
 * per poll instead of O(P²) (λ restarts at 1 before it underflows). The gains do not depend on
 * the data, so a scalar first pass gives every S, g and λ. O(N·P + D·P²).
 */
function augmentedPass(s: PreparedSeries, q: number, drift: boolean, withLevel = true): AugmentedPass {
  const N = s.size;
  const D = s.dates.length;
  const Pn = s.pollsterCount;
  const K = Math.max(0, Pn - 1);
  const C = K + (drift ? 1 : 0);
  // Reference pollster: the one with most polls (best-determined offsets relative to it).
  const counts = new Int32Array(Pn);
  for (let i = 0; i < N; i++) counts[s.pollster[i] ?? 0] = (counts[s.pollster[i] ?? 0] ?? 0) + 1;
  let ref = 0;
  for (let p = 1; p < Pn; p++) if ((counts[p] ?? 0) > (counts[ref] ?? 0)) ref = p;
  const colOf = new Int32Array(Pn);
  for (let p = 0, c = 0; p < Pn; p++) colOf[p] = p === ref ? -1 : c++;

  // Pass 1: scalar filter — innovations, gains, λ segments.
  const Sv = new Float64Array(N);
  const gv = new Float64Array(N);
  const ev = new Float64Array(N);
  const lam = new Float64Array(N);
  const segStart = new Uint8Array(N);
  const aF = new Float64Array(D);
  const PF = new Float64Array(D);
  const aP = new Float64Array(D);
  const PP = new Float64Array(D);
  let a = s.y[0] ?? 0;
  let Pv = P0;
  let see = 0;
  let logDet = 0;
  let l = 1;
  for (let j = 0; j < D; j++) {
    if (j > 0) Pv += q * ((s.dates[j] ?? 0) - (s.dates[j - 1] ?? 0));
    aP[j] = a;
    PP[j] = Pv;
    const end = s.dateStart[j + 1] ?? N;
    for (let i = s.dateStart[j] ?? 0; i < end; i++) {
      const S = Pv + (s.v[i] ?? 0);
      const e = (s.y[i] ?? 0) - a;
      const g = Pv / S;
      Sv[i] = S;
      gv[i] = g;
      ev[i] = e;
      see += (e * e) / S;
      logDet += Math.log(S);
      if (i === 0 || l < LAMBDA_FLOOR) {
        l = 1;
        segStart[i] = 1;
      }
      lam[i] = l;
      l *= 1 - g;
      a += g * e;
      Pv = (1 - g) * Pv;
    }
    aF[j] = a;
    PF[j] = Pv;
  }
  // Suffix sums of w = λ²/S within each λ segment.
  const suf = new Float64Array(N);
  const segTotal = new Float64Array(N);
  let acc = 0;
  for (let i = N - 1; i >= 0; i--) {
    suf[i] = acc;
    acc += ((lam[i] ?? 0) * (lam[i] ?? 0)) / (Sv[i] ?? 1);
    if (segStart[i]) {
      segTotal[i] = acc;
      acc = 0;
    }
  }

  // Pass 2: the X columns.
  const M = new Float64Array(C * C);
  const b = new Float64Array(C);
  const A = new Float64Array(K);
  let Ad = 0;
  const AF = new Float64Array(D * C);
  const AP = new Float64Array(D * C);
  for (let j = 0; j < D; j++) {
    if (j > 0 && drift) Ad -= (s.dates[j] ?? 0) - (s.dates[j - 1] ?? 0);
    AP.set(A, j * C);
    if (drift) AP[j * C + K] = Ad;
    const end = s.dateStart[j + 1] ?? N;
    for (let i = s.dateStart[j] ?? 0; i < end; i++) {
      const invS = 1 / (Sv[i] ?? 1);
      const e = ev[i] ?? 0;
      const g = gv[i] ?? 0;
      const c = colOf[s.pollster[i] ?? 0] ?? -1;
      if (K > 0) {
        if (segStart[i]) {
          // Σ over this segment of w·B₀B₀ᵀ, B₀ = A at the segment's start.
          const W = segTotal[i] ?? 0;
          for (let r = 0; r < K; r++) {
            const ar = (A[r] ?? 0) * W;
            if (ar === 0) continue;
            for (let t = 0; t < K; t++) M[r * C + t] = (M[r * C + t] ?? 0) + ar * (A[t] ?? 0);
          }
        }
        const eS = e * invS;
        for (let k = 0; k < K; k++) b[k] = (b[k] ?? 0) - (A[k] ?? 0) * eS;
        if (c >= 0) {
          b[c] = (b[c] ?? 0) + eS;
          M[c * C + c] = (M[c * C + c] ?? 0) + invS;
          // −[k = c]A_l − A_k[l = c], and the change of B_c at this poll for the later AAᵀ/S terms.
          const lamUse = lam[i] ?? 1;
          const delta = g / (lamUse * (1 - g));
          const f = (suf[i] ?? 0) * delta;
          for (let t = 0; t < K; t++) {
            const v = -(A[t] ?? 0) * invS + (f * (A[t] ?? 0)) / lamUse;
            M[c * C + t] = (M[c * C + t] ?? 0) + v;
            M[t * C + c] = (M[t * C + c] ?? 0) + v;
          }
          M[c * C + c] = (M[c * C + c] ?? 0) + f * delta;
        }
      }
      if (drift) {
        const Ed = -Ad;
        b[K] = (b[K] ?? 0) + Ed * e * invS;
        M[K * C + K] = (M[K * C + K] ?? 0) + Ed * Ed * invS;
        for (let k = 0; k < K; k++) {
          const v = ((k === c ? 1 : 0) - (A[k] ?? 0)) * Ed * invS;
          M[k * C + K] = (M[k * C + K] ?? 0) + v;
          M[K * C + k] = (M[K * C + k] ?? 0) + v;
        }
        Ad *= 1 - g;
      }
      for (let k = 0; k < K; k++) A[k] = (A[k] ?? 0) * (1 - g);
      if (c >= 0) A[c] = (A[c] ?? 0) + g;
    }
    AF.set(A, j * C);
    if (drift) AF[j * C + K] = Ad;
  }

  const beta = new Float64Array(C);
  let cov: Float64Array = new Float64Array(C * C);
  let chi2 = see;
  if (C > 0) {
    cov = choleskyInverse(M, C);
    for (let k = 0; k < C; k++) {
      let sum = 0;
      for (let t = 0; t < C; t++) sum += (cov[k * C + t] ?? 0) * (b[t] ?? 0);
      beta[k] = sum;
    }
    for (let k = 0; k < C; k++) chi2 -= (beta[k] ?? 0) * (b[k] ?? 0);
  }
  // Scale variances up only when the GLS χ² shows more scatter than sampling explains (one-sided
  // test at 5%, χ² > df + 1.645√(2df)); a floor of max(1, χ²/df) alone would widen every band
  // by chance whenever χ²/df happens to exceed 1.
  const dfRes = N - C;
  const phi = dfRes > 1 && chi2 > dfRes + 1.645 * Math.sqrt(2 * dfRes) ? chi2 / dfRes : 1;
  for (let k = 0; k < C * C; k++) cov[k] = phi * (cov[k] ?? 0);

  const D2 = withLevel ? D : 0;
  // RTS smoother on y and on every column; house columns shifted by 1/P so that the level is
  // that of the average pollster (x_sz = x_ref + β̄, β̄ = Σβ/P).
  const as = new Float64Array(D2);
  const Ps = new Float64Array(D2);
  const As = new Float64Array(D2 * C);
  if (withLevel) {
    as[D - 1] = aF[D - 1] ?? 0;
    Ps[D - 1] = PF[D - 1] ?? 0;
    As.set(AF.subarray((D - 1) * C, D * C), (D - 1) * C);
  }
  for (let j = D2 - 2; j >= 0; j--) {
    const Pp = PP[j + 1] ?? 0;
    const G = Pp > 0 ? (PF[j] ?? 0) / Pp : 0;
    as[j] = (aF[j] ?? 0) + G * ((as[j + 1] ?? 0) - (aP[j + 1] ?? 0));
    Ps[j] = Math.max(0, (PF[j] ?? 0) + G * G * ((Ps[j + 1] ?? 0) - Pp));
    for (let k = 0; k < C; k++) As[j * C + k] = (AF[j * C + k] ?? 0) + G * ((As[(j + 1) * C + k] ?? 0) - (AP[(j + 1) * C + k] ?? 0));
  }
  const shift = K > 0 ? 1 / Pn : 0;
  for (let j = 0; j < D2; j++) for (let k = 0; k < K; k++) As[j * C + k] = (As[j * C + k] ?? 0) - shift;

  const quad = (j: number): number => {
    let extra = 0;
    for (let k = 0; k < C; k++) {
      const Ak = As[j * C + k] ?? 0;
      if (Ak === 0) continue;
      let row = 0;
      for (let t = 0; t < C; t++) row += (cov[k * C + t] ?? 0) * (As[j * C + t] ?? 0);
      extra += Ak * row;
    }
    return Math.max(0, extra);
  };
  // ÃVÃᵀ at every date, or on a grid of dates (always including the last) when that is too much
  // work, linearly interpolated in between — it varies smoothly in t.
  const extra = new Float64Array(D2);
  if (C > 0 && withLevel) {
    const every = D * C * C <= MAX_VARIANCE_WORK ? 1 : Math.ceil((D * C * C) / MAX_VARIANCE_WORK);
    let prevJ = 0;
    extra[0] = quad(0);
    for (let j = 1; j < D; j++) {
      if (j % every !== 0 && j !== D - 1) continue;
      extra[j] = quad(j);
      for (let m = prevJ + 1; m < j; m++) {
        const f = (m - prevJ) / (j - prevJ);
        extra[m] = (extra[prevJ] ?? 0) * (1 - f) + (extra[j] ?? 0) * f;
      }
      prevJ = j;
    }
  }
  const level = new Float64Array(D2);
  const levelVariance = new Float64Array(D2);
  for (let j = 0; j < D2; j++) {
    let x = as[j] ?? 0;
    for (let k = 0; k < C; k++) x -= (As[j * C + k] ?? 0) * (beta[k] ?? 0);
    level[j] = x;
    levelVariance[j] = phi * (Ps[j] ?? 0) + (extra[j] ?? 0);
  }

  let house: AugmentedPass['house'] = null;
  if (K > 0) {
    let mean = 0;
    for (let k = 0; k < K; k++) mean += (beta[k] ?? 0) / Pn;
    const effect = new Float64Array(Pn);
    for (let p = 0; p < Pn; p++) {
      const c = colOf[p] ?? -1;
      effect[p] = (c >= 0 ? (beta[c] ?? 0) : 0) - mean;
    }
    // Cov(h) = T·V·Tᵀ with T[p][k] = [col(p) = k] − 1/P: TV first (P × K), then (TV)Tᵀ.
    const colMean = new Float64Array(K);
    for (let t = 0; t < K; t++) {
      let sum = 0;
      for (let k = 0; k < K; k++) sum += cov[k * C + t] ?? 0;
      colMean[t] = sum / Pn;
    }
    const TV = new Float64Array(Pn * K);
    for (let p = 0; p < Pn; p++) {
      const c = colOf[p] ?? -1;
      for (let t = 0; t < K; t++) TV[p * K + t] = (c >= 0 ? (cov[c * C + t] ?? 0) : 0) - (colMean[t] ?? 0);
    }
    const covariance = new Float64Array(Pn * Pn);
    for (let p = 0; p < Pn; p++) {
      let rowSum = 0;
      for (let t = 0; t < K; t++) rowSum += TV[p * K + t] ?? 0;
      for (let r = 0; r <= p; r++) {
        const c = colOf[r] ?? -1;
        const v = (c >= 0 ? (TV[p * K + c] ?? 0) : 0) - rowSum * shift;
        covariance[p * Pn + r] = v;
        covariance[r * Pn + p] = v;
      }
    }
    house = { effect, covariance, size: Pn };
  }
  return {
    level,
    levelVariance,
    overdispersion: phi,
    logLikelihood: -0.5 * (logDet + chi2),
    house,
    drift: drift ? { perDay: beta[K] ?? 0, standardError: Math.sqrt(Math.max(0, cov[K * C + K] ?? 0)) } : null,
  };
}

/** The polls combined per date (house effects already removed) as a one-pollster series. */
function combinedSeries(s: PreparedSeries, y: Float64Array): PreparedSeries {
  const c = combineByDate(s, y);
  const D = s.dates.length;
  const idx = Int32Array.from({ length: D + 1 }, (_, j) => j);
  return {
    size: D,
    originMs: s.originMs,
    t: s.dates,
    y: c.y,
    n: new Float64Array(D).fill(1),
    v: c.v,
    pollster: new Int32Array(D),
    pollsterCount: 1,
    pollsterNames: ['all'],
    dates: s.dates,
    dateStart: idx,
    dateOf: idx.subarray(0, D),
    house: null,
  };
}

/**
 * Carries the uncertainty of the estimated q into the bands: the level is averaged over a
 * 3-point Gauss–Hermite rule on the approximate likelihood of log₁₀q (nodes l̂ ± √3·s with
 * weights 1/6, 2/3, 1/6; s from the likelihood's curvature, s² = −1/ℓ''(l̂)), and its variance is
 * the mixture variance Σwₖ(Varₖ + (x̂ₖ − x̄)²). Without it a q estimated too small — which
 * happens in a fifth of slow random walks of 250 polls — gives bands that are too narrow.
 * The mixture is computed on the polls combined per date with house effects removed (O(D) per
 * node) and applied to the full model as a per-date shift of the level and ratio of variances.
 * Mutates `pass` (level and levelVariance).
 */
function mixOverQ(s: PreparedSeries, drift: boolean, lq: number, pass: AugmentedPass): void {
  const adjusted = new Float64Array(s.size);
  const h = pass.house?.effect;
  for (let i = 0; i < s.size; i++) adjusted[i] = (s.y[i] ?? 0) - (h ? (h[s.pollster[i] ?? 0] ?? 0) : 0);
  const cs = combinedSeries(s, adjusted);
  const obs = { y: cs.y, v: cs.v };
  const ll = (x: number): number => logLikelihood(s.dates, obs, 10 ** Math.min(LOG10_Q_MAX, Math.max(LOG10_Q_MIN, x)), drift);
  const step = 0.15;
  const curvature = (ll(lq + step) - 2 * ll(lq) + ll(lq - step)) / (step * step);
  if (!(curvature < 0)) return;
  const sd = Math.min(1, 1 / Math.sqrt(-curvature));
  const at = (x: number): AugmentedPass => augmentedPass(cs, 10 ** Math.min(LOG10_Q_MAX, Math.max(LOG10_Q_MIN, x)), drift);
  const centre = at(lq);
  const nodes = [at(lq - Math.sqrt(3) * sd), at(lq + Math.sqrt(3) * sd)];
  for (let j = 0; j < pass.level.length; j++) {
    const x0 = centre.level[j] ?? 0;
    const v0 = centre.levelVariance[j] ?? 0;
    let mean = (2 / 3) * x0;
    let second = (2 / 3) * (v0 + x0 * x0);
    for (const nd of nodes) {
      const x = nd.level[j] ?? 0;
      mean += x / 6;
      second += ((nd.levelVariance[j] ?? 0) + x * x) / 6;
    }
    const ratio = v0 > 0 ? Math.max(1, (second - mean * mean) / v0) : 1;
    pass.level[j] = (pass.level[j] ?? 0) + (mean - x0);
    pass.levelVariance[j] = (pass.levelVariance[j] ?? 0) * ratio;
  }
}

/**
 * Fits the local-level model with pollster offsets. q by maximum likelihood alternates with the
 * offsets: q₀ from the raw polls, offsets given q₀, q₁ from the polls with those offsets removed,
 * final offsets and smoother given q₁ (each likelihood evaluation O(D) on per-date combined polls).
 */
export function fitLocalLevel(s: PreparedSeries, qOption: number | 'estimate' = 'estimate', driftOption = true, withLevel = true): LocalLevelFit {
  let q: number;
  let qSource: ProcessVarianceSource;
  let lq = Number.NaN;
  const drift = driftOption && s.dates.length >= MIN_DATES_FOR_DRIFT;
  if (qOption !== 'estimate') {
    if (!Number.isFinite(qOption) || qOption < 0) throw new StatsError('INVALID_INPUT', `processVariancePerDay must be ≥ 0, got ${qOption}`);
    q = qOption;
    qSource = 'set by parameter';
  } else if (s.dates.length < 3) {
    q = DEFAULT_Q;
    qSource = 'default (fewer than 3 poll dates)';
  } else {
    lq = estimateLog10Q(s.dates, combineByDate(s, s.y), drift);
    if (s.pollsterCount > 1) {
      // Re-estimate q on the polls with the offsets of a first pass removed, so that house
      // effects are not mistaken for random-walk movement.
      const first = augmentedPass(s, 10 ** lq, drift, false);
      const house = first.house?.effect ?? new Float64Array(s.pollsterCount);
      const adjusted = new Float64Array(s.size);
      for (let i = 0; i < s.size; i++) adjusted[i] = (s.y[i] ?? 0) - (house[s.pollster[i] ?? 0] ?? 0);
      lq = estimateLog10Q(s.dates, combineByDate(s, adjusted), drift);
    }
    q = 10 ** lq;
    qSource = 'maximum likelihood';
  }
  const pass = augmentedPass(s, q, drift, withLevel);
  if (withLevel && qSource === 'maximum likelihood') mixOverQ(s, drift, lq, pass);
  const qAtBound = qSource !== 'maximum likelihood' ? null : lq <= LOG10_Q_MIN + 0.01 ? 'lower' : lq >= LOG10_Q_MAX - 0.01 ? 'upper' : null;
  return {
    level: pass.level,
    levelVariance: pass.levelVariance,
    q,
    qSource,
    qAtBound,
    overdispersion: pass.overdispersion,
    house: pass.house,
    drift: pass.drift,
    logLikelihood: pass.logLikelihood,
  };
}

/**
 * Local-level Kalman filter with Rauch–Tung–Striebel fixed-interval smoother,
 * fitted jointly with pollster house effects (sum-to-zero offsets) and a constant drift δ
 * (from 4 poll dates on; without it a random walk lags a steadily moving series at its last date):
 *   level:        x_t = x_{t−1} + δΔt + η_t,  η_t ~ N(0, q·Δt)
 *   observations: yᵢ = x_t + h_{p(i)} + εᵢ,  εᵢ ~ N(0, vᵢ = p̃(1−p̃)/nᵢ),  Σ_p h_p = 0
 * Process variance q per day either given or estimated by maximum likelihood
 * (grid + golden section over 10⁻⁹…10⁻² per day; 1e-5 with fewer than 3 dates);
 * `processVarianceSource` says which and `processVarianceAtBound` flags an estimate stuck at
 * an end of the range. Smoother, for j = D−2 … 0:
 *   C = P_j / P_{j+1|j},  m̃_j = m_j + C(m̃_{j+1} − m_{j+1|j}),  P̃_j = P_j + C²(P̃_{j+1} − P_{j+1|j}).
 *
 * References: J. Durbin & S. J. Koopman (2012), Time Series Analysis by State
 * Space Methods (2nd ed.), ch. 2 and §6.2 (regression effects); P. de Jong (1991), "The diffuse
 * Kalman filter", Annals of Statistics 19:1073–1083; H. E. Rauch, F. Tung &
 * C. T. Striebel (1965), AIAA Journal 3:1445–1450; S. Jackman (2005), "Pooling
 * the polls over an election campaign", Australian J. Political Science 40:499–517.
 *
 * @example kalmanTrend(series, { method: 'kalman' }).parameters.processVarianceSource // 'maximum likelihood'
 */
export function kalmanTrend(s: PreparedSeries, options: KalmanTrendOptions): TrendResult {
  const fit = fitLocalLevel(s, options.processVariancePerDay ?? 'estimate', options.drift ?? true);
  const points = [];
  for (let j = 0; j < s.dates.length; j++) points.push(makeEstimate(s, j, fit.level[j] ?? 0, Math.sqrt(fit.levelVariance[j] ?? 0)));
  return {
    method: 'kalman',
    parameters: {
      processVariancePerDay: fit.q,
      processVarianceSource: fit.qSource,
      processVarianceAtBound: fit.qAtBound ?? 'no',
      driftPointsPerMonth: fit.drift ? Math.round(fit.drift.perDay * 100 * 30.4375 * 1000) / 1000 : 'not modelled',
      houseEffects: fit.house ? `estimated jointly, ${fit.house.size} pollsters, sum to zero` : 'none (one pollster)',
      overdispersion: fit.overdispersion,
      logLikelihood: fit.logLikelihood,
    },
    points,
  };
}
