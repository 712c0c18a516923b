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
 * removes that bias at the price of a wider band. O(Σ window sizes + D·P).
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
  const ln2h = Math.LN2 / h;
  const cnt = new Int32Array(P);
  const shares = new Float64Array(P);
  const w = new Float64Array(N);
  const c = new Float64Array(N);
  // Recency factors as e^{k·tᵢ}/e^{k·T}: one exp per poll instead of one per poll per date
  // (exact while k·span stays far from overflow; otherwise exp per pair).
  const t0 = s.t[0] ?? 0;
  const span = (s.t[N - 1] ?? 0) - t0;
  const factored = ln2h * span < 600;
  const base = new Float64Array(N);
  for (let i = 0; i < N; i++) base[i] = Math.min(Math.sqrt(s.n[i] ?? 0), sqrtCap) * (factored ? Math.exp(ln2h * ((s.t[i] ?? 0) - t0)) : 1);
  const points = [];
  let tail = 0;
  let head = 0;
  for (let j = 0; j < s.dates.length; j++) {
    const T = s.dates[j] ?? 0;
    const end = s.dateStart[j + 1] ?? N;
    for (; head < end; head++) cnt[s.pollster[head] ?? 0] = (cnt[s.pollster[head] ?? 0] ?? 0) + 1;
    for (; tail < end && (s.t[tail] ?? 0) <= T - windowDays; tail++) cnt[s.pollster[tail] ?? 0] = (cnt[s.pollster[tail] ?? 0] ?? 0) - 1;

    let W = 0;
    let Sx = 0;
    let Sxx = 0;
    const atT = factored ? Math.exp(-ln2h * (T - t0)) : 1;
    for (let i = tail; i < end; i++) {
      const x = (s.t[i] ?? 0) - T;
      const wi = ((base[i] ?? 0) * (factored ? atT : Math.exp(ln2h * x))) / Math.sqrt(cnt[s.pollster[i] ?? 0] ?? 1);
      w[i] = wi;
      W += wi;
      Sx += wi * x;
      Sxx += wi * x * x;
    }
    const det = W * Sxx - Sx * Sx;
    const linear = det > 1e-9 * W * Sxx && Sxx > 0;
    let est = 0;
    let slope = 0;
    for (let i = tail; i < end; i++) {
      const x = (s.t[i] ?? 0) - T;
      const ci = linear ? ((w[i] ?? 0) * (Sxx - Sx * x)) / det : (w[i] ?? 0) / W;
      c[i] = ci;
      est += ci * (s.y[i] ?? 0);
      if (linear) slope += ((w[i] ?? 0) * (W * x - Sx) * (s.y[i] ?? 0)) / det;
    }
    const m = end - tail;
    let tau2 = 0;
    const df = m - (linear ? 2 : 1);
    if (df > 0) {
      let Q = 0;
      let su = 0;
      let su2 = 0;
      for (let i = tail; i < end; i++) {
        const u = 1 / (s.v[i] ?? 1);
        const r = (s.y[i] ?? 0) - est - slope * ((s.t[i] ?? 0) - T);
        Q += u * r * r;
        su += u;
        su2 += u * u;
      }
      const denom = su - su2 / su;
      if (denom > 0) tau2 = Math.max(0, (Q - df) / denom);
    }
    let variance = 0;
    if (s.house) shares.fill(0);
    for (let i = tail; i < end; i++) {
      const ci = c[i] ?? 0;
      variance += ci * ci * ((s.v[i] ?? 0) + tau2);
      if (s.house) shares[s.pollster[i] ?? 0] = (shares[s.pollster[i] ?? 0] ?? 0) + ci;
    }
    variance += houseVariance(s, shares);
    points.push(makeEstimate(s, j, est, Math.sqrt(variance)));
  }
  return { method: 'weighted', parameters: { halfLifeDays: h, nCap, windowDays, lagCorrection: 'local linear slope' }, points };
}
