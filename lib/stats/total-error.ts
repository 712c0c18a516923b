import { StatsError } from './errors';
import { computeTrend } from './trend/index';
import type { TrendMethod, TrendPoint } from './trend/types';
import { Z_95 } from './proportions';

/**
 * SD of the error of a poll average beyond sampling error, at a 50% share (proportion), scaled
 * by 2√(p(1 − p)) at share p. Calibrated by `npm run calibrate:total-error` on FiveThirtyEight's
 * 1998–2009 election polls (general elections with ≥ 5 polls in the last 21 days): the σ that
 * makes the 95% band of the final Kalman estimate of the two-party share cover the result in 95%
 * of races (see nonSamplingSd). See bench/total-error.json for MAE and coverage.
 */
export const TOTAL_ERROR_SD = 0.0221;

/** One race: its polls (two-party share of the first candidate, n of the two-party respondents) and the result. */
export interface CalibrationRace {
  id: string;
  polls: TrendPoint[];
  /** two-party share of the first candidate in the election, a proportion */
  actual: number;
}

export interface RaceOutcome {
  id: string;
  estimate: number;
  standardError: number;
  actual: number;
}

export interface CalibrationSummary {
  races: number;
  /** mean absolute error of the final estimate, percentage points */
  mae: number;
  /** share of races whose result lies in the 95% band with sampling error only */
  coverageSampling: number;
  /** the same with the non-sampling term `sd` added */
  coverageTotal: number;
  sd: number;
}

/**
 * The final trend estimate of each race (at its last poll date) with its sampling SE.
 *
 * @example raceOutcomes([{ id: 'x', polls, actual: 0.52 }])[0]?.estimate
 */
export function raceOutcomes(races: readonly CalibrationRace[], method: TrendMethod = 'kalman'): RaceOutcome[] {
  return races.map((r) => {
    const t = computeTrend(r.polls, { method });
    const last = t.points.at(-1);
    if (!last) throw new StatsError('EMPTY_INPUT', `race ${r.id} has no polls`);
    return { id: r.id, estimate: last.estimate, standardError: last.standardError, actual: r.actual };
  });
}

/**
 * The non-sampling SD at a 50% share that makes the 95% bands cover the results of the
 * calibration races 95% of the time: the smallest σ on a 0.01-point grid with
 *   share of races with |e_r| ≤ 1.96·√(SE_r² + σ²·4p_r(1 − p_r))  ≥ 0.95,
 * e_r = estimate − actual. Calibrating the coverage directly (rather than by moments,
 * σ² = mean(e² − SE²)/(4p(1 − p))) keeps a few races with very wide sampling bands from hiding
 * the many whose error is larger than sampling explains.
 *
 * Reference: H. Shirani-Mehr, D. Rothschild, S. Goel & A. Gelman (2018), "Disentangling bias and
 * variance in election polls", JASA 113:607–614 (total error about twice the sampling error).
 *
 * @example nonSamplingSd([{ id: 'a', estimate: 0.52, standardError: 0.005, actual: 0.5 }]) // 0.0086: 1.96·√(0.005² + σ²·4·0.2496) ≥ 0.02
 */
export function nonSamplingSd(outcomes: readonly RaceOutcome[], target = 0.95): number {
  if (outcomes.length === 0) throw new StatsError('EMPTY_INPUT', 'no races to calibrate on');
  for (let k = 0; k <= 2000; k++) {
    const sd = k / 10_000;
    if (summariseCalibration(outcomes, sd).coverageTotal >= target) return sd;
  }
  return 0.2;
}

/**
 * MAE and 95% coverage of the race outcomes with sampling error only and with the non-sampling
 * term `sd` added: covered when |e| ≤ 1.96·√(SE² + sd²·4p(1 − p)).
 *
 * @example summariseCalibration(outcomes, TOTAL_ERROR_SD).coverageTotal
 */
export function summariseCalibration(outcomes: readonly RaceOutcome[], sd: number): CalibrationSummary {
  if (outcomes.length === 0) throw new StatsError('EMPTY_INPUT', 'no races to summarise');
  let abs = 0;
  let inSampling = 0;
  let inTotal = 0;
  for (const o of outcomes) {
    const e = Math.abs(o.estimate - o.actual);
    const p = Math.min(0.99, Math.max(0.01, o.estimate));
    abs += e;
    if (e <= Z_95 * o.standardError) inSampling++;
    if (e <= Z_95 * Math.sqrt(o.standardError ** 2 + sd * sd * 4 * p * (1 - p))) inTotal++;
  }
  const n = outcomes.length;
  return { races: n, mae: (100 * abs) / n, coverageSampling: inSampling / n, coverageTotal: inTotal / n, sd };
}
