import { StatsError, assertFinite, assertLevel, assertPositive, assertProportion } from './errors';
import { inverseNormalCdf } from './normal';

/**
 * Single-proportion confidence intervals, margins of error and design effects.
 *
 * Convention: proportions are in [0, 1] and margins of error are proportions
 * (0.0245, not 2.45 points); callers convert from percentage points.
 */

export type IntervalMethod = 'wilson' | 'wald';

export interface Interval {
  low: number;
  high: number;
  level: number;
  method: IntervalMethod;
}

/** Φ⁻¹(0.975), the two-sided 95% normal critical value, to double precision. */
export const Z_95 = 1.959963984540054;

/**
 * Two-sided normal critical value z = Φ⁻¹((1 + level)/2).
 *
 * For 0.95 the exact constant 1.959963984540054 is returned (simple-statistics'
 * `probit(0.975)` gives 1.95716, which is not accurate enough); other levels use
 * Acklam's inverse normal with one Halley refinement ({@link inverseNormalCdf}).
 *
 * Reference: Abramowitz & Stegun (1964), Table 26.5; Acklam (2003).
 *
 * @example zForLevel(0.95) // 1.959963984540054
 * @example zForLevel(0.9)  // ≈ 1.6448536269514722
 */
export function zForLevel(level: number): number {
  assertLevel(level);
  if (level === 0.95) return Z_95;
  return inverseNormalCdf((1 + level) / 2);
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/**
 * Wilson score interval for a single proportion (no continuity correction):
 *
 *   centre = (p + z²/(2n)) / (1 + z²/n)
 *   half   = z/(1 + z²/n) · √( p(1−p)/n + z²/(4n²) )
 *
 * `n` may be fractional (an effective sample size n/deff). The interval always
 * lies in [0, 1] and contains p.
 *
 * Reference: E. B. Wilson (1927), JASA 22:209–212; R. G. Newcombe (1998),
 * "Two-sided confidence intervals for the single proportion: comparison of
 * seven methods", Statistics in Medicine 17:857–872 (method 3, Table I:
 * 81/263 → 0.2553 to 0.3662).
 *
 * @example wilsonInterval(81 / 263, 263) // { low: 0.2553…, high: 0.3662…, level: 0.95, method: 'wilson' }
 */
export function wilsonInterval(p: number, n: number, level = 0.95): Interval {
  assertProportion(p);
  assertPositive(n, 'n');
  const z = zForLevel(level);
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // Clamp guards against last-ulp rounding only; mathematically low ≤ p ≤ high within [0, 1].
  return { low: Math.min(p, clamp01(centre - half)), high: Math.max(p, clamp01(centre + half)), level, method: 'wilson' };
}

/**
 * Wald interval p ± z·√(p(1−p)/n), truncated to [0, 1]. For comparison only: it
 * has poor coverage near 0 and 1 and degenerates to [p, p] at p ∈ {0, 1}.
 *
 * Reference: Newcombe (1998), Statistics in Medicine 17:857–872, method 1.
 *
 * @example waldInterval(0.5, 1600) // { low: 0.4755…, high: 0.5245…, level: 0.95, method: 'wald' }
 */
export function waldInterval(p: number, n: number, level = 0.95): Interval {
  const moe = srsMarginOfError(p, n, level);
  return { low: clamp01(p - moe), high: clamp01(p + moe), level, method: 'wald' };
}

/**
 * Kish effective sample size n_eff = n / deff.
 *
 * Reference: L. Kish (1965), Survey Sampling, Wiley, §8.2.
 *
 * @example effectiveSampleSize(1000, 2) // 500
 */
export function effectiveSampleSize(n: number, designEffect: number): number {
  assertPositive(n, 'n');
  assertPositive(designEffect, 'designEffect');
  return n / designEffect;
}

/**
 * Margin of error of a proportion under simple random sampling,
 * MoE = z·√(p(1−p)/n), returned as a proportion.
 *
 * Reference: AAPOR, "Margin of Sampling Error/Credibility Interval"
 * (https://aapor.org/wp-content/uploads/2023/01/Margin-of-Sampling-Error-508.pdf).
 *
 * @example srsMarginOfError(0.5, 1600) // 0.0244995… (2.45 points)
 */
export function srsMarginOfError(p: number, n: number, level = 0.95): number {
  assertProportion(p);
  assertPositive(n, 'n');
  return zForLevel(level) * Math.sqrt((p * (1 - p)) / n);
}

/**
 * Design effect implied by a reported margin of error:
 * deff = (MoE_reported / MoE_SRS(p = 0.5, n))². `reportedMoe` is a proportion.
 *
 * Reference: Kish (1965) §8.2 (deff as a variance ratio); AAPOR margin-of-error note above.
 *
 * @example designEffectFromMoe(0.049, 1600) // ≈ 4.0 (twice the SRS MoE of 0.0245)
 */
export function designEffectFromMoe(reportedMoe: number, n: number, level = 0.95): number {
  assertPositive(reportedMoe, 'reportedMoe');
  const srs = srsMarginOfError(0.5, n, level);
  const r = reportedMoe / srs;
  return r * r;
}

export type DesignEffectOrigin = 'reported' | 'reported-below-1' | 'derived-from-moe' | 'assumed';

/**
 * Design effect used when a poll discloses neither a design effect nor a usable MoE: 1, i.e. the
 * simple-random-sample interval (ARCHITECTURE §4). Real weighted samples usually have deff 1.2–2.0
 * (Kish 1992, "Weighting for unequal P_i", J. Official Statistics 8:183–200), so this interval is
 * a lower bound on the uncertainty — which is why every page states the origin ('assumed').
 */
export const ASSUMED_DESIGN_EFFECT = 1;

/**
 * Chooses the design effect for a poll, recording where it came from:
 * 1. `designEffect` if reported (finite, > 0) → 'reported'; a reported value below 1 (a claim
 *    that the sample beats simple random sampling, which weighting and clustering cannot do for
 *    a share estimate) is floored at 1 → 'reported-below-1', so pages can say so;
 * 2. else derived from `reportedMoe` and `sampleSize` via {@link designEffectFromMoe}
 *    at `moeLevel` (default 0.95) → 'derived-from-moe'. Values below 1 (a
 *    reported MoE smaller than the SRS MoE, usually rounding or an impossible
 *    claim) are floored at 1 so that no poll is treated as better than SRS;
 * 3. else `assumed` (default {@link ASSUMED_DESIGN_EFFECT}) → 'assumed'.
 *
 * @example resolveDesignEffect({ sampleSize: 1600, designEffect: null, reportedMoe: 0.0346 }) // { value: ≈1.99, origin: 'derived-from-moe' }
 */
export function resolveDesignEffect(
  input: { sampleSize: number | null; designEffect: number | null; reportedMoe: number | null; moeLevel?: number | null },
  assumed: number = ASSUMED_DESIGN_EFFECT,
): { value: number; origin: DesignEffectOrigin } {
  assertPositive(assumed, 'assumed');
  const { sampleSize, designEffect, reportedMoe } = input;
  if (designEffect !== null && Number.isFinite(designEffect) && designEffect > 0) {
    return designEffect < 1 ? { value: 1, origin: 'reported-below-1' } : { value: designEffect, origin: 'reported' };
  }
  const level = input.moeLevel ?? 0.95;
  if (
    reportedMoe !== null &&
    sampleSize !== null &&
    Number.isFinite(reportedMoe) &&
    reportedMoe > 0 &&
    Number.isFinite(sampleSize) &&
    sampleSize > 0 &&
    Number.isFinite(level) &&
    level > 0 &&
    level < 1
  ) {
    return { value: Math.max(1, designEffectFromMoe(reportedMoe, sampleSize, level)), origin: 'derived-from-moe' };
  }
  return { value: assumed, origin: 'assumed' };
}

/**
 * Number of decimal places with which `x` was written (the smallest d ≤ 12 with
 * round(x·10^d)/10^d == x up to floating-point noise). 0.031 → 3, 0.0245 → 4.
 */
export function decimalPlaces(x: number): number {
  assertFinite(x, 'x');
  for (let d = 0; d <= 12; d++) {
    const f = 10 ** d;
    if (Math.abs(Math.round(x * f) / f - x) <= 1e-9 * Math.max(1e-300, Math.abs(x)) + Number.EPSILON) return d;
  }
  return 12;
}

/**
 * True when a reported MoE is smaller than any random sample of size n could
 * achieve: MoE_reported < MoE_SRS(p = 0.5, n).
 *
 * Rounding allowance: the SRS MoE is first rounded to the precision of the
 * reported figure (its number of decimal places as a proportion, or `decimals`
 * if given) and the comparison is made against that rounded value. For
 * n = 1,600 the SRS MoE is 0.024499…: a reported 0.024 ("±2.4 points") is
 * accepted (0.0245 rounds to 0.024 at 3 decimals), 0.0244 is flagged (it rounds
 * to 0.0245 at 4 decimals), and 0.023 is flagged.
 *
 * @example isImpossibleMoe(0.023, 1600) // true  (SRS 0.0245 → rounds to 0.024 > 0.023)
 * @example isImpossibleMoe(0.024, 1600) // false (rounds to 0.024)
 */
export function isImpossibleMoe(reportedMoe: number, n: number, level = 0.95, decimals?: number): boolean {
  assertPositive(reportedMoe, 'reportedMoe');
  const srs = srsMarginOfError(0.5, n, level);
  const d = decimals ?? decimalPlaces(reportedMoe);
  if (!Number.isInteger(d) || d < 0) throw new StatsError('INVALID_INPUT', `decimals must be a non-negative integer, got ${d}`);
  const f = 10 ** d;
  const roundedSrs = Math.round(srs * f) / f;
  return reportedMoe < roundedSrs - 1e-12;
}
