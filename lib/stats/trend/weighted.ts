import { makeEstimate, positiveOption, type PreparedSeries } from './common';
import type { TrendResult, WeightedTrendOptions } from './types';

/**
 * Weighted poll average at each distinct date T over the polls with
 * T − windowDays < tᵢ ≤ T:
 *
 *   wᵢ = min(√nᵢ, √n_cap) · 2^(−(T − tᵢ)/h) · 1/√k_p(i)      (k_p = polls of that pollster in the window)
 *   θ̂ = Σwᵢyᵢ / Σwᵢ
 *   Var(θ̂) = Σwᵢ²(vᵢ + τ²) / (Σwᵢ)²,   vᵢ = p(1−p)/nᵢ
 *
 * τ² (between-poll variance: house effects, movement within the window) is the
 * DerSimonian–Laird moment estimate with inverse-variance weights uᵢ = 1/vᵢ:
 *   Q = Σuᵢ(yᵢ − ȳ_u)²,  τ² = max(0, (Q − (m − 1)) / (Σu − Σu²/Σu)).
 *
 * Complexity O(N + D·P) (D distinct dates, P pollsters): per-pollster decayed
 * running sums are updated as polls enter/leave the window (exponential decay
 * factors multiply), and DL uses prefix sums — no O(N²) loop.
 *
 * References: R. DerSimonian & N. Laird (1986), "Meta-analysis in clinical
 * trials", Controlled Clinical Trials 7:177–188; N. Silver, "How our pollster
 * ratings work" / FiveThirtyEight polling-average methodology (sample-size and
 * recency weights, pollster down-weighting by number of polls).
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

  const a = new Float64Array(N);
  for (let i = 0; i < N; i++) a[i] = Math.min(Math.sqrt(s.n[i] ?? 0), sqrtCap);

  // DerSimonian–Laird prefix sums with u = 1/v.
  const U = new Float64Array(N + 1);
  const UY = new Float64Array(N + 1);
  const UY2 = new Float64Array(N + 1);
  const U2 = new Float64Array(N + 1);
  for (let i = 0; i < N; i++) {
    const u = 1 / (s.v[i] ?? 1);
    const y = s.y[i] ?? 0;
    U[i + 1] = (U[i] ?? 0) + u;
    UY[i + 1] = (UY[i] ?? 0) + u * y;
    UY2[i + 1] = (UY2[i] ?? 0) + u * y * y;
    U2[i + 1] = (U2[i] ?? 0) + u * u;
  }

  // Per-pollster decayed sums, valid at time last[p].
  const S1 = new Float64Array(P); // Σ a δ
  const S2 = new Float64Array(P); // Σ a δ y
  const S3 = new Float64Array(P); // Σ a² δ² v
  const S4 = new Float64Array(P); // Σ a² δ²
  const cnt = new Int32Array(P);
  const last = new Float64Array(P);
  const ln2h = Math.LN2 / h;

  const decayTo = (p: number, T: number): void => {
    const dt = T - (last[p] ?? T);
    if (dt !== 0) {
      const f = Math.exp(-ln2h * dt);
      const f2 = f * f;
      S1[p] = (S1[p] ?? 0) * f;
      S2[p] = (S2[p] ?? 0) * f;
      S3[p] = (S3[p] ?? 0) * f2;
      S4[p] = (S4[p] ?? 0) * f2;
    }
    last[p] = T;
  };

  const points = [];
  let tail = 0;
  for (let j = 0; j < s.dates.length; j++) {
    const T = s.dates[j] ?? 0;
    const start = s.dateStart[j] ?? 0;
    const end = s.dateStart[j + 1] ?? N;
    for (let i = start; i < end; i++) {
      const p = s.pollster[i] ?? 0;
      decayTo(p, T);
      const ai = a[i] ?? 0;
      S1[p] = (S1[p] ?? 0) + ai;
      S2[p] = (S2[p] ?? 0) + ai * (s.y[i] ?? 0);
      S3[p] = (S3[p] ?? 0) + ai * ai * (s.v[i] ?? 0);
      S4[p] = (S4[p] ?? 0) + ai * ai;
      cnt[p] = (cnt[p] ?? 0) + 1;
    }
    while (tail < start && (s.t[tail] ?? 0) <= T - windowDays) {
      const p = s.pollster[tail] ?? 0;
      decayTo(p, T);
      const c = (cnt[p] ?? 0) - 1;
      cnt[p] = c;
      if (c === 0) {
        S1[p] = 0;
        S2[p] = 0;
        S3[p] = 0;
        S4[p] = 0;
      } else {
        const d = Math.exp(-ln2h * (T - (s.t[tail] ?? 0)));
        const ai = (a[tail] ?? 0) * d;
        S1[p] = Math.max(0, (S1[p] ?? 0) - ai);
        S2[p] = Math.max(0, (S2[p] ?? 0) - ai * (s.y[tail] ?? 0));
        S3[p] = Math.max(0, (S3[p] ?? 0) - ai * ai * (s.v[tail] ?? 0));
        S4[p] = Math.max(0, (S4[p] ?? 0) - ai * ai);
      }
      tail++;
    }

    // τ² by DerSimonian–Laird over the window [tail, end).
    const m = end - tail;
    let tau2 = 0;
    if (m > 1) {
      const su = (U[end] ?? 0) - (U[tail] ?? 0);
      const suy = (UY[end] ?? 0) - (UY[tail] ?? 0);
      const suy2 = (UY2[end] ?? 0) - (UY2[tail] ?? 0);
      const su2 = (U2[end] ?? 0) - (U2[tail] ?? 0);
      const q = suy2 - (suy * suy) / su;
      const c = su - su2 / su;
      if (c > 0) tau2 = Math.max(0, (q - (m - 1)) / c);
    }

    let W = 0;
    let WY = 0;
    let A = 0;
    let B = 0;
    for (let p = 0; p < P; p++) {
      const k = cnt[p] ?? 0;
      if (k === 0) continue;
      const f = Math.exp(-ln2h * (T - (last[p] ?? T)));
      const rk = 1 / Math.sqrt(k);
      W += (S1[p] ?? 0) * f * rk;
      WY += (S2[p] ?? 0) * f * rk;
      A += ((S3[p] ?? 0) * f * f) / k;
      B += ((S4[p] ?? 0) * f * f) / k;
    }
    const estimate = WY / W;
    const variance = (A + tau2 * B) / (W * W);
    points.push(makeEstimate(s, j, estimate, Math.sqrt(variance)));
  }
  return { method: 'weighted', parameters: { halfLifeDays: h, nCap, windowDays }, points };
}
