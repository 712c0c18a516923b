import { houseVariance, makeEstimate, positiveOption, type PreparedSeries } from './common';
import type { TrendResult, WeightedTrendOptions } from './types';

/**
 * Weighted poll average at each distinct date T over the polls with
 * T − windowDays < tᵢ ≤ T, corrected for the lag of an average when opinion moves:
 *
 *   wᵢ = min(√nᵢ, √n_cap) · 2^(−(T − tᵢ)/h) · 1/√k_p(i)      (k_p = polls of that pollster in the window)
 *   fit yᵢ = α + β(tᵢ − T) by weighted least squares; the estimate is α̂, the line's value at T
 *   (= the weighted mean ȳ_w + β̂(T − t̄_w): the plain weighted mean plus its lag times the slope).
 *   α̂ = Σcᵢyᵢ,  cᵢ = wᵢ(Sₓₓ − Sₓxᵢ)/(W·Sₓₓ − Sₓ²),  xᵢ = tᵢ − T
 *   Var(α̂) = Σcᵢ²(vᵢ + τ²) (+ house-effect term),  vᵢ = p̃(1−p̃)/nᵢ
 *
 * With polls on a single date in the window the line is not identified and α̂ is the weighted
 * mean. τ² (between-poll variance beyond sampling error) is the DerSimonian–Laird moment
 * estimate on the residuals rᵢ from the line with uᵢ = 1/vᵢ:
 *   Q = Σuᵢrᵢ²,  τ² = max(0, (Q − (m − 2)) / (Σu − Σu²/Σu)).
 * A plain weighted average lags a drifting series by slope × mean age of its polls (2 points a
 * month × ~1 month with a 30-day half-life) while its band claims ± half a point; the slope term
 * removes that bias at the price of a wider band. Per-pollster running sums of the weights'
 * moments make it O(N + D·P) (D dates, P pollsters), whatever the window holds.
 *
 * References: R. DerSimonian & N. Laird (1986), Controlled Clinical Trials 7:177–188;
 * J. Fan & I. Gijbels (1996), Local Polynomial Modelling and Its Applications, ch. 3 (local
 * linear fits at a boundary); N. Silver, FiveThirtyEight polling-average methodology
 * (sample-size and recency weights, pollster down-weighting by number of polls).
 *
 * @example weightedTrend(series, { method: 'weighted', halfLifeDays: 30 })
 */
export function weightedTrend(s: PreparedSeries, options: WeightedTrendOptions): TrendResult {
  const h = positiveOption(options.halfLifeDays, 30, 'halfLifeDays');
  const nCap = positiveOption(options.nCap, 2000, 'nCap');
  const windowDays = positiveOption(options.windowDays, 4 * h, 'windowDays');
  const sqrtCap = Math.sqrt(nCap);
  const N = s.size;
  const P = s.pollsterCount;
  const k = Math.LN2 / h;
  const cnt = new Int32Array(P);
  const shares = new Float64Array(P);
  // Per-pollster running sums over the window, with weights bᵢ = min(√nᵢ, √n_cap)·e^{k(tᵢ − B)} and
  // times t' = t − B relative to a base B that moves forward (rebase) so nothing overflows. The
  // common factor e^{−k(T − B)} of all weights at date T cancels in every ratio below.
  // A: Σb, Σbt', Σbt'², Σby, Σbt'y;  V: Σb²v, Σb²vt', Σb²vt'²;  Q: Σb², Σb²t', Σb²t'²
  const NS = 11;
  const sums = new Float64Array(P * NS);
  let B = s.t[0] ?? 0;
  const logSize = new Float64Array(N);
  for (let i = 0; i < N; i++) logSize[i] = Math.log(Math.min(Math.sqrt(s.n[i] ?? 0), sqrtCap));
  const add = (i: number, sign: number): void => {
    const p = s.pollster[i] ?? 0;
    const t = (s.t[i] ?? 0) - B;
    const b = Math.exp((logSize[i] ?? 0) + k * t);
    const b2 = b * b;
    const y = s.y[i] ?? 0;
    const v = s.v[i] ?? 0;
    const o = p * NS;
    const sb = sign * b;
    const sb2 = sign * b2;
    sums[o] = (sums[o] ?? 0) + sb;
    sums[o + 1] = (sums[o + 1] ?? 0) + sb * t;
    sums[o + 2] = (sums[o + 2] ?? 0) + sb * t * t;
    sums[o + 3] = (sums[o + 3] ?? 0) + sb * y;
    sums[o + 4] = (sums[o + 4] ?? 0) + sb * t * y;
    sums[o + 5] = (sums[o + 5] ?? 0) + sb2 * v;
    sums[o + 6] = (sums[o + 6] ?? 0) + sb2 * v * t;
    sums[o + 7] = (sums[o + 7] ?? 0) + sb2 * v * t * t;
    sums[o + 8] = (sums[o + 8] ?? 0) + sb2;
    sums[o + 9] = (sums[o + 9] ?? 0) + sb2 * t;
    sums[o + 10] = (sums[o + 10] ?? 0) + sb2 * t * t;
  };
  const rebase = (newB: number): void => {
    const d = newB - B;
    const f = Math.exp(-k * d);
    const f2 = f * f;
    for (let p = 0; p < P; p++) {
      const o = p * NS;
      // shift the time origin by d, then rescale the weights by e^{−kd} (squares by e^{−2kd})
      const shift = (i0: number, scale: number): void => {
        const m0 = sums[o + i0] ?? 0;
        const m1 = sums[o + i0 + 1] ?? 0;
        const m2 = sums[o + i0 + 2] ?? 0;
        sums[o + i0] = m0 * scale;
        sums[o + i0 + 1] = (m1 - d * m0) * scale;
        sums[o + i0 + 2] = (m2 - 2 * d * m1 + d * d * m0) * scale;
      };
      shift(0, f);
      const by = sums[o + 3] ?? 0;
      const bty = sums[o + 4] ?? 0;
      sums[o + 3] = by * f;
      sums[o + 4] = (bty - d * by) * f;
      shift(5, f2);
      shift(8, f2);
    }
    B = newB;
  };
  // Prefix sums with uᵢ = 1/vᵢ for the DerSimonian–Laird Q around the line (times from the first poll).
  const PU = new Float64Array(N + 1);
  const PUy = new Float64Array(N + 1);
  const PUy2 = new Float64Array(N + 1);
  const PUt = new Float64Array(N + 1);
  const PUt2 = new Float64Array(N + 1);
  const PUty = new Float64Array(N + 1);
  const PU2 = new Float64Array(N + 1);
  const t0 = s.t[0] ?? 0;
  for (let i = 0; i < N; i++) {
    const u = 1 / (s.v[i] ?? 1);
    const y = s.y[i] ?? 0;
    const t = (s.t[i] ?? 0) - t0;
    PU[i + 1] = (PU[i] ?? 0) + u;
    PUy[i + 1] = (PUy[i] ?? 0) + u * y;
    PUy2[i + 1] = (PUy2[i] ?? 0) + u * y * y;
    PUt[i + 1] = (PUt[i] ?? 0) + u * t;
    PUt2[i + 1] = (PUt2[i] ?? 0) + u * t * t;
    PUty[i + 1] = (PUty[i] ?? 0) + u * t * y;
    PU2[i + 1] = (PU2[i] ?? 0) + u * u;
  }
  const rebaseEvery = Math.min(windowDays, 100 / k);
  const points = [];
  let tail = 0;
  let head = 0;
  for (let j = 0; j < s.dates.length; j++) {
    const T = s.dates[j] ?? 0;
    if (T - B > rebaseEvery) rebase(T);
    const end = s.dateStart[j + 1] ?? N;
    for (; head < end; head++) {
      cnt[s.pollster[head] ?? 0] = (cnt[s.pollster[head] ?? 0] ?? 0) + 1;
      add(head, 1);
    }
    for (; tail < end && (s.t[tail] ?? 0) <= T - windowDays; tail++) {
      const p = s.pollster[tail] ?? 0;
      const c = (cnt[p] ?? 0) - 1;
      cnt[p] = c;
      if (c === 0) sums.fill(0, p * NS, (p + 1) * NS);
      else add(tail, -1);
    }
    const x0 = T - B; // x = t' − x0
    let W = 0;
    let Sx = 0;
    let Sxx = 0;
    let SY = 0;
    let SXY = 0;
    for (let p = 0; p < P; p++) {
      const kp = cnt[p] ?? 0;
      if (kp === 0) continue;
      const r = 1 / Math.sqrt(kp);
      const o = p * NS;
      const a0 = sums[o] ?? 0;
      const a1 = (sums[o + 1] ?? 0) - x0 * a0;
      const a2 = (sums[o + 2] ?? 0) - 2 * x0 * (sums[o + 1] ?? 0) + x0 * x0 * a0;
      W += r * a0;
      Sx += r * a1;
      Sxx += r * a2;
      SY += r * (sums[o + 3] ?? 0);
      SXY += r * ((sums[o + 4] ?? 0) - x0 * (sums[o + 3] ?? 0));
    }
    const det = W * Sxx - Sx * Sx;
    const m = end - tail;
    const linear = Sxx > 0 && det > 1e-9 * W * Sxx && m > 1;
    const est = linear ? (Sxx * SY - Sx * SXY) / det : SY / W;
    const slope = linear ? (W * SXY - Sx * SY) / det : 0;
    // cᵢ = r·bᵢ(α − βxᵢ)
    const alpha = linear ? Sxx / det : 1 / W;
    const beta = linear ? Sx / det : 0;

    let tau2 = 0;
    const df = m - (linear ? 2 : 1);
    if (df > 0) {
      const su = (PU[end] ?? 0) - (PU[tail] ?? 0);
      const su2 = (PU2[end] ?? 0) - (PU2[tail] ?? 0);
      // rᵢ = yᵢ − a − slope·tᵢ with a = est − slope·(T − t0)
      const a = est - slope * (T - t0);
      const sy = (PUy[end] ?? 0) - (PUy[tail] ?? 0);
      const sy2 = (PUy2[end] ?? 0) - (PUy2[tail] ?? 0);
      const st = (PUt[end] ?? 0) - (PUt[tail] ?? 0);
      const st2 = (PUt2[end] ?? 0) - (PUt2[tail] ?? 0);
      const sty = (PUty[end] ?? 0) - (PUty[tail] ?? 0);
      const Q = Math.max(0, sy2 - 2 * a * sy - 2 * slope * sty + a * a * su + 2 * a * slope * st + slope * slope * st2);
      const denom = su - su2 / su;
      if (denom > 0) tau2 = Math.max(0, (Q - df) / denom);
    }
    let variance = 0;
    if (s.house) shares.fill(0);
    for (let p = 0; p < P; p++) {
      const kp = cnt[p] ?? 0;
      if (kp === 0) continue;
      const r = 1 / Math.sqrt(kp);
      const o = p * NS;
      // Σ b²(α − βx)²(v + τ²) with x = t' − x0: zeroth, first and second moments about x0
      const v0 = sums[o + 5] ?? 0;
      const v1 = (sums[o + 6] ?? 0) - x0 * v0;
      const v2 = (sums[o + 7] ?? 0) - 2 * x0 * (sums[o + 6] ?? 0) + x0 * x0 * v0;
      const q0 = sums[o + 8] ?? 0;
      const q1 = (sums[o + 9] ?? 0) - x0 * q0;
      const q2 = (sums[o + 10] ?? 0) - 2 * x0 * (sums[o + 9] ?? 0) + x0 * x0 * q0;
      variance += r * r * (alpha * alpha * (v0 + tau2 * q0) - 2 * alpha * beta * (v1 + tau2 * q1) + beta * beta * (v2 + tau2 * q2));
      if (s.house) {
        const a0 = sums[o] ?? 0;
        shares[p] = r * (alpha * a0 - beta * ((sums[o + 1] ?? 0) - x0 * a0));
      }
    }
    variance += houseVariance(s, shares);
    points.push(makeEstimate(s, j, est, Math.sqrt(Math.max(0, variance))));
  }
  return { method: 'weighted', parameters: { halfLifeDays: h, nCap, windowDays, lagCorrection: 'local linear slope' }, points };
}
