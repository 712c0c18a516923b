import { median } from 'simple-statistics';
import { StatsError, assertPositive } from './errors';

/**
 * Sample size assumed when neither the pollster nor the question has any poll
 * with a disclosed n: 1,000 respondents, the conventional size of a national
 * poll (AAPOR, "Margin of Sampling Error/Credibility Interval"; most national
 * media polls report n ≈ 800–1,500).
 */
export const DEFAULT_IMPUTED_SAMPLE_SIZE = 1000;

export type SampleSizeSource = 'disclosed' | 'pollster-median' | 'question-median' | 'default';

export interface PollSampleInput {
  pollster: string;
  question: string;
  /** disclosed sample size, null/undefined when not disclosed */
  n: number | null | undefined;
}

export type WithImputedN<T> = Omit<T, 'n'> & { n: number; imputed: boolean; nSource: SampleSizeSource };

function validN(n: number | null | undefined): n is number {
  return typeof n === 'number' && Number.isFinite(n) && n > 0;
}

/**
 * Fills in undisclosed sample sizes, in order of preference: the median
 * disclosed n of the same pollster, else of the same question, else
 * `defaultN` ({@link DEFAULT_IMPUTED_SAMPLE_SIZE}). Every point gets
 * `imputed` (true iff n was filled in) and `nSource`.
 *
 * Callers must never present an interval computed from an imputed n as if the
 * poll had disclosed it (flag or hide it). Order and all other fields are kept.
 *
 * Reference: median imputation within classes — R. J. A. Little & D. B. Rubin
 * (2019), Statistical Analysis with Missing Data (3rd ed.), §4.2.
 *
 * @example imputeSampleSizes([{ pollster: 'A', question: 'q', n: 800 }, { pollster: 'A', question: 'q', n: null }])
 *   // → second point: { n: 800, imputed: true, nSource: 'pollster-median' }
 */
export function imputeSampleSizes<T extends PollSampleInput>(polls: readonly T[], defaultN: number = DEFAULT_IMPUTED_SAMPLE_SIZE): WithImputedN<T>[] {
  assertPositive(defaultN, 'defaultN');
  const byPollster = new Map<string, number[]>();
  const byQuestion = new Map<string, number[]>();
  for (const p of polls) {
    if (p.n !== null && p.n !== undefined && !validN(p.n)) {
      throw new StatsError('INVALID_INPUT', `sample size must be a positive number or null, got ${String(p.n)}`);
    }
    if (validN(p.n)) {
      const a = byPollster.get(p.pollster) ?? [];
      a.push(p.n);
      byPollster.set(p.pollster, a);
      const b = byQuestion.get(p.question) ?? [];
      b.push(p.n);
      byQuestion.set(p.question, b);
    }
  }
  const pollsterMedian = new Map<string, number>();
  for (const [k, v] of byPollster) pollsterMedian.set(k, median(v));
  const questionMedian = new Map<string, number>();
  for (const [k, v] of byQuestion) questionMedian.set(k, median(v));

  return polls.map((p) => {
    if (validN(p.n)) return { ...p, n: p.n, imputed: false, nSource: 'disclosed' as const };
    const pm = pollsterMedian.get(p.pollster);
    if (pm !== undefined) return { ...p, n: pm, imputed: true, nSource: 'pollster-median' as const };
    const qm = questionMedian.get(p.question);
    if (qm !== undefined) return { ...p, n: qm, imputed: true, nSource: 'question-median' as const };
    return { ...p, n: defaultN, imputed: true, nSource: 'default' as const };
  });
}
