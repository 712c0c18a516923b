import { StatsError } from './errors';
import { zForLevel } from './proportions';
import { fitLocalLevel, prepareSeries } from './trend/index';
import type { TrendPoint } from './trend/types';

export interface HouseEffect {
  pollster: string;
  polls: number;
  /** mean of yᵢ − level(tᵢ) over the pollster's polls against the jointly fitted level (proportion) */
  meanResidual: number;
  /** standard error of the house effect */
  standardError: number;
  /** house effect (proportion; positive = pollster reads high), from the joint model */
  effect: number;
  /** kept for the export format: 0, the joint estimate is not shrunk */
  shrinkage: number;
  low: number;
  high: number;
  level: number;
}

export interface HouseEffectsResult {
  /** between-pollster variance of true house effects (method of moments: mean ĥ² − mean SE², ≥ 0) */
  tau2: number;
  level: number;
  pollsters: HouseEffect[];
}

/**
 * House effects estimated jointly with the trend: the Kalman local-level model with one offset
 * per pollster (yᵢ = x_t + h_{p(i)} + εᵢ, Σ_p h_p = 0; see fitLocalLevel), so a pollster that
 * does most of the polls does not pull the trend toward itself and halve its own effect, as it
 * does when effects are read off residuals from a trend fitted to the same polls. The offsets
 * are the GLS estimates given the ML process variance, with Var(ĥ) from the same model; the
 * interval is ĥ ± z·SE. Effects are relative to the average pollster: a bias shared by every
 * pollster cannot be seen in polls alone. O(N·P²).
 *
 * References: S. Jackman (2005), "Pooling the polls over an election campaign", Australian
 * Journal of Political Science 40:499–517; P. de Jong (1991), Annals of Statistics 19:1073–1083.
 *
 * @example houseEffects(polls).pollsters[0]?.effect // 0.021 for a pollster reading 2.1 points high
 */
export function houseEffects(points: readonly TrendPoint[], level = 0.95): HouseEffectsResult {
  if (points.length === 0) throw new StatsError('EMPTY_INPUT', 'house effects need polls');
  const z = zForLevel(level);
  const series = prepareSeries(points);
  const P = series.pollsterCount;
  const counts = new Array<number>(P).fill(0);
  for (let i = 0; i < series.size; i++) counts[series.pollster[i] ?? 0] = (counts[series.pollster[i] ?? 0] ?? 0) + 1;
  if (P < 2) {
    return {
      tau2: 0,
      level,
      pollsters: [
        { pollster: series.pollsterNames[0] ?? '', polls: series.size, meanResidual: 0, standardError: 0, effect: 0, shrinkage: 0, low: 0, high: 0, level },
      ],
    };
  }
  const fit = fitLocalLevel(series);
  const house = fit.house;
  if (!house) throw new StatsError('NOT_COMPUTABLE', 'house effects could not be estimated');
  const resid = new Array<number>(P).fill(0);
  for (let i = 0; i < series.size; i++) {
    const p = series.pollster[i] ?? 0;
    resid[p] = (resid[p] ?? 0) + (series.y[i] ?? 0) - (fit.level[series.dateOf[i] ?? 0] ?? 0);
  }
  let m2 = 0;
  let ms2 = 0;
  const pollsters: HouseEffect[] = series.pollsterNames.map((name, p) => {
    const effect = house.effect[p] ?? 0;
    const se = Math.sqrt(Math.max(0, house.covariance[p * P + p] ?? 0));
    m2 += effect * effect;
    ms2 += se * se;
    return {
      pollster: name,
      polls: counts[p] ?? 0,
      meanResidual: (resid[p] ?? 0) / Math.max(1, counts[p] ?? 1),
      standardError: se,
      effect,
      shrinkage: 0,
      low: effect - z * se,
      high: effect + z * se,
      level,
    };
  });
  pollsters.sort((a, b) => b.polls - a.polls || a.pollster.localeCompare(b.pollster));
  return { tau2: Math.max(0, (m2 - ms2) / P), level, pollsters };
}
