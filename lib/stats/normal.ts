import { StatsError, assertFinite } from './errors';

/** √(2π) */
const SQRT_2PI = 2.5066282746310002;

/** Depth of the backward-evaluated continued fraction used for |x| ≥ 2.5. */
const CF_DEPTH = 120;

/**
 * Standard normal CDF Φ(x) with near machine-precision *relative* accuracy in
 * both tails (unlike simple-statistics' `cumulativeStdNormalProbability`, whose
 * table stops at z ≈ 3.09). Checked against mpmath on x = 0, 0.01, …, 37: relative
 * error of Φ(−|x|) < 5e-15 for |x| < 5 and < 2e-13 up to 37 (there limited by
 * rounding of x²/2 in e^{−x²/2}).
 *
 * - |x| < 2.5: Hart's (1968) double-precision rational approximation,
 *   Φ(−|x|) = e^{−x²/2}·P(|x|)/Q(|x|) (algorithm 5666 as given by West 2005);
 * - |x| ≥ 2.5: Laplace's continued fraction for the Mills ratio,
 *   Φ(−x) = φ(x) / (x + 1/(x + 2/(x + 3/(x + …)))), evaluated backwards to depth 120
 *   (Hart's formula loses relative accuracy there: ~1e-11 at x = 5, ~1e-9 at x = 10).
 *
 * References: G. West (2005), "Better approximations to cumulative normal
 * functions", Wilmott Magazine, Fig. 2; J. F. Hart et al. (1968), Computer
 * Approximations, Wiley; Abramowitz & Stegun (1964) 26.2.14 (continued fraction).
 *
 * @example normalCdf(1.959963984540054) // ≈ 0.975
 * @example normalCdf(-5) // ≈ 2.866515718791939e-7
 */
export function normalCdf(x: number): number {
  assertFinite(x, 'x');
  const ax = Math.abs(x);
  let tail: number; // Φ(−|x|)
  if (ax > 38.5) {
    tail = 0;
  } else if (ax >= 2.5) {
    let f = ax;
    for (let k = CF_DEPTH; k >= 1; k--) f = ax + k / f;
    tail = Math.exp((-ax * ax) / 2) / SQRT_2PI / f;
  } else {
    const e = Math.exp((-ax * ax) / 2);
    let num = 3.52624965998911e-2 * ax + 0.700383064443688;
    num = num * ax + 6.37396220353165;
    num = num * ax + 33.912866078383;
    num = num * ax + 112.079291497871;
    num = num * ax + 221.213596169931;
    num = num * ax + 220.206867912376;
    let den = 8.83883476483184e-2 * ax + 1.75566716318264;
    den = den * ax + 16.064177579207;
    den = den * ax + 86.7807322029461;
    den = den * ax + 296.564248779674;
    den = den * ax + 637.333633378831;
    den = den * ax + 793.826512519948;
    den = den * ax + 440.413735824752;
    tail = (e * num) / den;
  }
  return x > 0 ? 1 - tail : tail;
}

/**
 * Upper-tail probability 1 − Φ(x), computed without cancellation
 * (Φ(−x) by symmetry).
 *
 * @example normalSf(3.5) // ≈ 2.326e-4
 */
export function normalSf(x: number): number {
  assertFinite(x, 'x');
  return normalCdf(-x);
}

/**
 * Two-sided p-value 2·(1 − Φ(|z|)) for a standard normal test statistic.
 *
 * @example twoSidedPValue(1.959963984540054) // ≈ 0.05
 */
export function twoSidedPValue(z: number): number {
  assertFinite(z, 'z');
  return Math.min(1, 2 * normalCdf(-Math.abs(z)));
}

const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239] as const;
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1] as const;
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783] as const;
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416] as const;
const P_LOW = 0.02425;

/**
 * Inverse standard normal CDF Φ⁻¹(p) (the probit), accurate to near machine
 * precision: Acklam's rational approximation (relative error 1.15e-9) followed
 * by one Halley refinement step using the accurate {@link normalCdf}:
 *   e = Φ(x) − p,  u = e·√(2π)·e^{x²/2},  x ← x − u / (1 + x·u/2).
 *
 * Reference: P. J. Acklam, "An algorithm for computing the inverse normal
 * cumulative distribution function" (2003),
 * https://web.archive.org/web/20151030215612/http://home.online.no/~pjacklam/notes/invnorm/
 *
 * @example inverseNormalCdf(0.975) // ≈ 1.959963984540054
 */
export function inverseNormalCdf(p: number): number {
  assertFinite(p, 'p');
  if (p <= 0 || p >= 1) throw new StatsError('INVALID_INPUT', `p must be in (0, 1), got ${p}`);
  let x: number;
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  } else if (p <= 1 - P_LOW) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  }
  // One Halley step. e = Φ(x) − p; for p > 0.5 it is computed as (1 − p) − Φ(−x) to avoid cancellation.
  const e = p > 0.5 ? 1 - p - normalCdf(-x) : normalCdf(x) - p;
  const u = e * SQRT_2PI * Math.exp((x * x) / 2);
  x = x - u / (1 + (x * u) / 2);
  return x;
}
