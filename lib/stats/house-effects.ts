import { StatsError } from './errors';
import { observationVariance } from './trend/common';
import { trendValueAt } from './trend/index';
import type { TrendPoint, TrendResult } from './trend/types';
import { zForLevel } from './proportions';

export interface HouseEffect {
  pollster: string;
  polls: number;
  /** raw mean residual r̄ = mean(yᵢ − trend(tᵢ)) (proportion) */
  meanResidual: number;
  /** standard error of r̄ */
  standardError: number;
  /** empirical-Bayes (shrunken toward 0) house effect (proportion; positive = pollster reads high) */
  effect: number;
  /** shrinkage factor B ∈ [0, 1]; effect = (1 − B)·r̄ */
  shrinkage: number;
  low: number;
  high: number;
  level: number;
}

export interface HouseEffectsResult {
  /** between-pollster variance of true house effects (method of moments) */
  tau2: number;
  level: number;
  pollsters: HouseEffect[];
}

/**
 * House effects: per pollster, the mean residual of its polls against the
 * trend, shrunk toward 0 by normal–normal empirical Bayes (James–Stein type).
 *
 *   r̄_p = mean(yᵢ − θ̂(tᵢ)),  s_p² = σ_p²/k_p with σ_p² = max(pooled within-pollster
 *         residual variance, mean vᵢ of that pollster) (vᵢ = p(1−p)/n),
 *   τ²  = max(0, mean_p(r̄_p²) − mean_p(s_p²))   (prior: house effect ~ N(0, τ²)),
 *   B_p = s_p²/(s_p² + τ²),  effect_p = (1 − B_p)·r̄_p,
 *   Var_p ≈ s_p²(1 − ((P−1)/P)·B_p) + (2/(P−3))·B_p²·r̄_p²   (Morris 1983, accounts for estimating τ²).
 * With fewer than 4 pollsters no shrinkage is applied (B = 0; James–Stein needs P ≥ 3
 * and Morris's correction P > 3). O(N log D + P).
 *
 * References: C. N. Morris (1983), "Parametric empirical Bayes inference: theory
 * and applications", JASA 78:47–55; B. Efron & C. Morris (1975), "Data analysis
 * using Stein's estimator and its generalizations", JASA 70:311–319.
 *
 * @example houseEffects(polls, computeTrend(polls, { method: 'kalman' })).pollsters[0]?.effect
 */
export function houseEffects(points: readonly TrendPoint[], trend: TrendResult, level = 0.95): HouseEffectsResult {
  if (points.length === 0) throw new StatsError('EMPTY_INPUT', 'house effects need polls');
  const z = zForLevel(level);
  interface Acc { k: number; sum: number; sumSq: number; sumV: number }
  const acc = new Map<string, Acc>();
  for (const p of points) {
    const t = typeof p.date === 'number' ? p.date : p.date.getTime();
    if (!Number.isFinite(t) || !Number.isFinite(p.value) || !Number.isFinite(p.n) || p.n <= 0) {
      throw new StatsError('INVALID_INPUT', 'poll with invalid date, value or n');
    }
    const r = p.value - trendValueAt(trend, t);
    const a = acc.get(p.pollster) ?? { k: 0, sum: 0, sumSq: 0, sumV: 0 };
    a.k++;
    a.sum += r;
    a.sumSq += r * r;
    a.sumV += observationVariance(p.value, p.n);
    acc.set(p.pollster, a);
  }
  // Pooled within-pollster residual variance.
  let ssWithin = 0;
  let dfWithin = 0;
  for (const a of acc.values()) {
    if (a.k >= 2) {
      ssWithin += Math.max(0, a.sumSq - (a.sum * a.sum) / a.k);
      dfWithin += a.k - 1;
    }
  }
  const pooled = dfWithin > 0 ? ssWithin / dfWithin : 0;
  const rows = [...acc].map(([pollster, a]) => {
    const rbar = a.sum / a.k;
    const s2 = Math.max(pooled, a.sumV / a.k) / a.k;
    return { pollster, k: a.k, rbar, s2 };
  });
  const P = rows.length;
  let tau2 = 0;
  if (P >= 4) {
    let m2 = 0;
    let ms2 = 0;
    for (const r of rows) {
      m2 += r.rbar * r.rbar;
      ms2 += r.s2;
    }
    tau2 = Math.max(0, (m2 - ms2) / P);
  }
  const pollsters: HouseEffect[] = rows.map((r) => {
    const B = P >= 4 ? r.s2 / (r.s2 + tau2) : 0;
    const effect = (1 - B) * r.rbar;
    const variance = P >= 4 ? r.s2 * (1 - ((P - 1) / P) * B) + (2 / (P - 3)) * B * B * r.rbar * r.rbar : r.s2;
    const se = Math.sqrt(Math.max(0, variance));
    return {
      pollster: r.pollster,
      polls: r.k,
      meanResidual: r.rbar,
      standardError: Math.sqrt(r.s2),
      effect,
      shrinkage: B,
      low: effect - z * se,
      high: effect + z * se,
      level,
    };
  });
  pollsters.sort((a, b) => b.polls - a.polls || a.pollster.localeCompare(b.pollster));
  return { tau2, level, pollsters };
}
import { computeTrend } from './trend/index';
import type { TrendMethod } from './trend/types';
export function houseEffectsFromPolls(points: readonly TrendPoint[], method: TrendMethod): HouseEffectsResult {
  return houseEffects(points, computeTrend(points, { method }));
}
