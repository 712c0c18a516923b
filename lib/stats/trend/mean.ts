import { StatsError } from '../errors';
import { houseVariance, makeEstimate, positiveOption, type PreparedSeries } from './common';
import type { MeanTrendOptions, TrendResult } from './types';

/**
 * Simple mean of the last k polls (ordered by date) up to and including each
 * distinct date: m = (1/k)Σyᵢ.
 *
 * Standard error: the larger of the sampling SE √(Σvᵢ)/k (vᵢ = p̃(1−p̃)/n) and the
 * empirical SE s/√k of the k values (k ≥ 2), so that real movement widens the band; when
 * the empirical SE is the larger, the bands use Student's t with k − 1 degrees of freedom
 * (an SE estimated from 5 values is itself uncertain: t₄ = 2.78, not 1.96). Removed house
 * effects add their own variance. The band does not include the lag of the mean when opinion
 * moves steadily (the mean sits at the middle of its polls' dates). O(N) with prefix sums.
 *
 * Reference: the "poll of polls" rolling average, e.g. RealClearPolitics;
 * SE of a mean: any introductory text, e.g. Freedman, Pisani & Purves, Statistics, ch. 23.
 *
 * @example meanTrend(series, { method: 'mean', k: 5 })
 */
export function meanTrend(s: PreparedSeries, options: MeanTrendOptions): TrendResult {
  const k = Math.round(positiveOption(options.k, 5, 'k'));
  if (k < 1) throw new StatsError('INVALID_INPUT', 'k must be ≥ 1');
  const N = s.size;
  const S1 = new Float64Array(N + 1);
  const S2 = new Float64Array(N + 1);
  const SV = new Float64Array(N + 1);
  for (let i = 0; i < N; i++) {
    const y = s.y[i] ?? 0;
    S1[i + 1] = (S1[i] ?? 0) + y;
    S2[i + 1] = (S2[i] ?? 0) + y * y;
    SV[i + 1] = (SV[i] ?? 0) + (s.v[i] ?? 0);
  }
  const shares = new Float64Array(s.pollsterCount);
  const points = [];
  for (let j = 0; j < s.dates.length; j++) {
    const end = s.dateStart[j + 1] ?? N; // exclusive
    const start = Math.max(0, end - k);
    const m = end - start;
    const sum = (S1[end] ?? 0) - (S1[start] ?? 0);
    const mean = sum / m;
    let varMean = ((SV[end] ?? 0) - (SV[start] ?? 0)) / (m * m);
    let df = Infinity;
    if (m >= 2) {
      const ss = Math.max(0, (S2[end] ?? 0) - (S2[start] ?? 0) - (sum * sum) / m);
      if (ss / (m - 1) / m > varMean) {
        varMean = ss / (m - 1) / m;
        df = m - 1;
      }
    }
    if (s.house) {
      shares.fill(0);
      for (let i = start; i < end; i++) shares[s.pollster[i] ?? 0] = (shares[s.pollster[i] ?? 0] ?? 0) + 1 / m;
      varMean += houseVariance(s, shares);
    }
    points.push(makeEstimate(s, j, mean, Math.sqrt(varMean), df));
  }
  return { method: 'mean', parameters: { k }, points };
}
