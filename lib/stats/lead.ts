import { StatsError, assertLevel, assertPositive, assertProportion } from './errors';
import { zForLevel } from './proportions';

/**
 * Variance of the lead p₁ − p₂ between two options *within one poll*
 * (multinomial covariance Cov(p̂₁, p̂₂) = −p₁p₂/n):
 *
 *   Var(p̂₁ − p̂₂) = [p₁ + p₂ − (p₁ − p₂)²] / n_eff
 *
 * Reference: C. Franklin (2007), "The 'Margin of Error' for Differences in
 * Polls", https://abcnews.go.com/images/PollingUnit/MOEFranklin.pdf ; Kish (1965) §2.8.
 *
 * @example leadVariance(0.48, 0.42, 1000) // (0.90 − 0.0036)/1000 = 0.0008964
 */
export function leadVariance(p1: number, p2: number, nEff: number): number {
  assertProportion(p1, 'p1');
  assertProportion(p2, 'p2');
  assertPositive(nEff, 'nEff');
  if (p1 + p2 > 1 + 1e-9) throw new StatsError('INVALID_INPUT', `p1 + p2 must not exceed 1 (got ${p1 + p2})`);
  const d = p1 - p2;
  return Math.max(0, p1 + p2 - d * d) / nEff;
}

/**
 * Margin of error of the lead: z·√Var(p̂₁ − p̂₂) (see {@link leadVariance}).
 *
 * @example leadMarginOfError(0.48, 0.42, 1000) // 1.96·√0.0008964 ≈ 0.05868
 */
export function leadMarginOfError(p1: number, p2: number, nEff: number, level = 0.95): number {
  return zForLevel(level) * Math.sqrt(leadVariance(p1, p2, nEff));
}

export interface LeadInterval {
  /** p₁ − p₂ */
  lead: number;
  moe: number;
  low: number;
  high: number;
  level: number;
  /** true when the interval excludes 0 */
  significant: boolean;
}

/**
 * Wald interval for the lead (p₁ − p₂) ± MoE, truncated to [−1, 1].
 *
 * @example leadInterval(0.48, 0.42, 1000) // { lead: 0.06, moe: ≈0.0587, low: ≈0.0013, high: ≈0.1187, level: 0.95, significant: true }
 */
export function leadInterval(p1: number, p2: number, nEff: number, level = 0.95): LeadInterval {
  assertLevel(level);
  const moe = leadMarginOfError(p1, p2, nEff, level);
  const lead = p1 - p2;
  const low = Math.max(-1, lead - moe);
  const high = Math.min(1, lead + moe);
  return { lead, moe, low, high, level, significant: low > 0 || high < 0 };
}
