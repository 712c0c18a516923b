import { StatsError } from './errors';
import { seededRandom } from './random';

/** One poll scored against an outcome: signed error of the margin, in percentage points. */
export interface ScoredPoll {
  /** (poll share₁ − poll share₂) − (outcome share₁ − outcome share₂) */
  error: number;
}

export interface Interval {
  low: number;
  high: number;
  level: number;
  method: 'percentile bootstrap';
}

export interface AccuracyRecord {
  polls: number;
  /** mean absolute error of the margin, points */
  mae: number;
  maeInterval: Interval | null;
  /** mean signed error: positive = the first option's lead was overstated */
  bias: number;
  biasInterval: Interval | null;
}

export const ACCURACY_BOOTSTRAP_RESAMPLES = 2000;
export const ACCURACY_LEVEL = 0.95;

function quantileSorted(sorted: Float64Array, q: number): number {
  // Type 7 (linear interpolation), as R's default and simple-statistics' quantileSorted.
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo] ?? 0;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] ?? a;
  return a + (h - lo) * (b - a);
}

/**
 * A pollster's record against outcomes: the margin error of each poll eᵢ = (p₁ − p₂) − (o₁ − o₂),
 *
 *   MAE = (1/n) Σ |eᵢ|,   bias = (1/n) Σ eᵢ,
 *
 * each with a percentile bootstrap interval (B resamples of the n polls with replacement, fixed
 * seed so the page and the API always agree). No interval below two polls. Polls of one pollster
 * in one race are not independent (shared house effect and the same late swing), so the intervals
 * are optimistic when a record is dominated by one race; the page says how many races it covers.
 *
 * Reference: Efron, B. & Tibshirani, R. (1993) An Introduction to the Bootstrap, ch. 13;
 * error definitions as in FiveThirtyEight's pollster ratings (Silver, 2014, "How FiveThirtyEight
 * calculates pollster ratings").
 *
 * @example accuracyRecord([{ error: 2 }, { error: -1 }]).mae // 1.5
 */
export function accuracyRecord(polls: readonly ScoredPoll[], options: { resamples?: number; level?: number; seed?: number } = {}): AccuracyRecord {
  const n = polls.length;
  if (n === 0) throw new StatsError('EMPTY_INPUT', 'accuracy needs at least one scored poll');
  const errors = Float64Array.from(polls, (p) => {
    if (!Number.isFinite(p.error)) throw new StatsError('INVALID_INPUT', 'error must be a finite number');
    return p.error;
  });
  let sumAbs = 0;
  let sum = 0;
  for (const e of errors) {
    sumAbs += Math.abs(e);
    sum += e;
  }
  const mae = sumAbs / n;
  const bias = sum / n;
  if (n < 2) return { polls: n, mae, maeInterval: null, bias, biasInterval: null };
  const B = options.resamples ?? ACCURACY_BOOTSTRAP_RESAMPLES;
  const level = options.level ?? ACCURACY_LEVEL;
  const u = seededRandom(options.seed ?? 20_081_104);
  const maes = new Float64Array(B);
  const biases = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    let sa = 0;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const e = errors[Math.floor(u() * n)] ?? 0;
      sa += Math.abs(e);
      s += e;
    }
    maes[b] = sa / n;
    biases[b] = s / n;
  }
  maes.sort();
  biases.sort();
  const a = (1 - level) / 2;
  const interval = (sorted: Float64Array): Interval => ({
    low: quantileSorted(sorted, a),
    high: quantileSorted(sorted, 1 - a),
    level,
    method: 'percentile bootstrap',
  });
  return { polls: n, mae, maeInterval: interval(maes), bias, biasInterval: interval(biases) };
}
