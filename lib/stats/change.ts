import { assertLevel, assertPositive, assertProportion, StatsError } from './errors';
import { twoSidedPValue } from './normal';
import { wilsonInterval } from './proportions';

export interface DifferenceInterval {
  /** estimate p₁ − p₂ */
  difference: number;
  low: number;
  high: number;
  level: number;
  method: 'newcombe-hybrid-score';
}

/**
 * Newcombe's hybrid score interval (method 10) for the difference of two
 * independent proportions θ = p₁ − p₂, built from the Wilson intervals
 * (l₁, u₁) and (l₂, u₂):
 *
 *   L = θ̂ − √( (p₁ − l₁)² + (u₂ − p₂)² ),   U = θ̂ + √( (u₁ − p₁)² + (p₂ − l₂)² )
 *
 * Reference: R. G. Newcombe (1998), "Interval estimation for the difference
 * between independent proportions: comparison of eleven methods", Statistics
 * in Medicine 17:873–890 (example 56/70 − 48/80 → 0.0524 to 0.3339).
 *
 * @example newcombeInterval(56 / 70, 70, 48 / 80, 80) // { difference: 0.2, low: ≈0.0524, high: ≈0.3339, … }
 */
export function newcombeInterval(p1: number, n1: number, p2: number, n2: number, level = 0.95): DifferenceInterval {
  const w1 = wilsonInterval(p1, n1, level);
  const w2 = wilsonInterval(p2, n2, level);
  const d = p1 - p2;
  const low = d - Math.hypot(p1 - w1.low, w2.high - p2);
  const high = d + Math.hypot(w1.high - p1, p2 - w2.low);
  return { difference: d, low: Math.max(-1, low), high: Math.min(1, high), level, method: 'newcombe-hybrid-score' };
}

export interface TwoProportionZTest {
  /** p₂ − p₁ (second minus first) */
  difference: number;
  pooled: number;
  standardError: number;
  z: number;
  pValue: number;
}

/**
 * Two-proportion z-test with pooled variance (equivalent to Pearson's χ² test
 * on the 2×2 table without continuity correction, χ² = z²):
 *
 *   p̄ = (n₁p₁ + n₂p₂)/(n₁ + n₂),  SE = √( p̄(1 − p̄)(1/n₁ + 1/n₂) ),  z = (p₂ − p₁)/SE,
 *   two-sided p = 2(1 − Φ(|z|)).
 *
 * When p̄ ∈ {0, 1} both samples are identical and z = 0, p = 1 (never NaN).
 *
 * Reference: A. Agresti (2013), Categorical Data Analysis (3rd ed.), §3.1;
 * R `prop.test(x, n, correct = FALSE)`.
 *
 * @example twoProportionZTest(56 / 70, 70, 48 / 80, 80) // z ≈ −2.6502, pValue ≈ 0.008045
 */
export function twoProportionZTest(p1: number, n1: number, p2: number, n2: number): TwoProportionZTest {
  assertProportion(p1, 'p1');
  assertProportion(p2, 'p2');
  assertPositive(n1, 'n1');
  assertPositive(n2, 'n2');
  const pooled = (n1 * p1 + n2 * p2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const difference = p2 - p1;
  if (!(se > 0)) return { difference, pooled, standardError: 0, z: 0, pValue: 1 };
  const z = difference / se;
  return { difference, pooled, standardError: se, z, pValue: twoSidedPValue(z) };
}

export type ChangeVerdict = 'real change' | 'within noise';

export interface WaveChange extends TwoProportionZTest {
  alpha: number;
  verdict: ChangeVerdict;
  /** Newcombe interval for p₂ − p₁ at level 1 − α */
  interval: DifferenceInterval;
}

/**
 * Change of one option between two independent waves (`before` → `after`):
 * pooled two-proportion z-test, two-sided p-value, and a plain verdict
 * ('real change' when p < α, default α = 0.05), with the Newcombe (1998,
 * method 10) interval for after − before. Use effective sample sizes for n.
 *
 * @example compareWaves({ p: 0.6, n: 80 }, { p: 0.8, n: 70 }).verdict // 'real change' (p ≈ 0.008)
 */
export function compareWaves(before: { p: number; n: number }, after: { p: number; n: number }, alpha = 0.05): WaveChange {
  assertLevel(alpha);
  if (alpha >= 0.5) throw new StatsError('INVALID_INPUT', `alpha must be < 0.5, got ${alpha}`);
  const test = twoProportionZTest(before.p, before.n, after.p, after.n);
  const interval = newcombeInterval(after.p, after.n, before.p, before.n, 1 - alpha);
  return { ...test, alpha, verdict: test.pValue < alpha ? 'real change' : 'within noise', interval };
}
