import { median } from 'simple-statistics';
import { StatsError } from './errors';
import { DEFAULT_IMPUTED_SAMPLE_SIZE } from './imputation';
import { zForLevel } from './proportions';

/**
 * Effective sample size implied by a stated margin of error when n is not disclosed:
 * the n of a simple random sample with that MoE at p = 0.5, n = (z·0.5/MoE)².
 * A pollster's MoE usually already includes its design effect, so this is an effective n.
 *
 * Reference: AAPOR, "Margin of Sampling Error/Credibility Interval" (MoE = z·√(p(1−p)/n)).
 *
 * @example impliedSampleSize(0.031) // (1.959964 · 0.5 / 0.031)² ≈ 999.34
 */
export function impliedSampleSize(moe: number, level = 0.95): number {
  if (!Number.isFinite(moe) || moe <= 0 || moe >= 0.5) throw new StatsError('INVALID_INPUT', `margin of error must be a proportion in (0, 0.5), got ${moe}`);
  const z = zForLevel(level);
  return ((z * 0.5) / moe) ** 2;
}

export type ResolvedSampleSizeSource = 'disclosed' | 'implied-by-moe' | 'pollster-median' | 'question-median' | 'default';

export interface SampleSizeInput {
  pollster: string;
  question: string;
  /** effective sample size from the poll (n / deff), null when n is not disclosed */
  n: number | null | undefined;
  /** stated margin of error as a proportion (0.031), null when not stated */
  moe?: number | null;
  /** confidence level of that MoE; default 0.95 */
  moeLevel?: number | null;
}

export interface ResolvedSampleSize {
  n: number;
  /** true only when n was filled in from other polls (nothing about this poll's precision is known) */
  imputed: boolean;
  source: ResolvedSampleSizeSource;
}

function validN(n: number | null | undefined): n is number {
  return typeof n === 'number' && Number.isFinite(n) && n > 0;
}

/**
 * The n each poll's statistics use, in order of preference: the disclosed (effective) n; else the
 * n implied by its stated MoE ({@link impliedSampleSize}, marked 'implied-by-moe'); else imputed —
 * the median known n of the same pollster, else of the same question, else `defaultN`. Only the
 * last three are `imputed` (their intervals rest on an assumption, and pages must say so).
 *
 * Reference: median imputation within classes — R. J. A. Little & D. B. Rubin (2019),
 * Statistical Analysis with Missing Data (3rd ed.), §4.2.
 *
 * @example resolveSampleSizes([{ pollster: 'A', question: 'q', n: null, moe: 0.031 }])[0] // { n: ≈999.34, imputed: false, source: 'implied-by-moe' }
 */
export function resolveSampleSizes(polls: readonly SampleSizeInput[], defaultN: number = DEFAULT_IMPUTED_SAMPLE_SIZE): ResolvedSampleSize[] {
  const known: (ResolvedSampleSize | null)[] = polls.map((p) => {
    if (p.n !== null && p.n !== undefined && !validN(p.n))
      throw new StatsError('INVALID_INPUT', `sample size must be a positive number or null, got ${String(p.n)}`);
    if (validN(p.n)) return { n: p.n, imputed: false, source: 'disclosed' };
    if (typeof p.moe === 'number' && p.moe > 0 && p.moe < 0.5)
      return { n: impliedSampleSize(p.moe, p.moeLevel ?? 0.95), imputed: false, source: 'implied-by-moe' };
    return null;
  });
  const byPollster = new Map<string, number[]>();
  const byQuestion = new Map<string, number[]>();
  polls.forEach((p, i) => {
    const k = known[i];
    if (!k) return;
    const a = byPollster.get(p.pollster) ?? [];
    a.push(k.n);
    byPollster.set(p.pollster, a);
    const b = byQuestion.get(p.question) ?? [];
    b.push(k.n);
    byQuestion.set(p.question, b);
  });
  const pm = new Map([...byPollster].map(([k, v]) => [k, median(v)]));
  const qm = new Map([...byQuestion].map(([k, v]) => [k, median(v)]));
  return polls.map((p, i) => {
    const k = known[i];
    if (k) return k;
    const a = pm.get(p.pollster);
    if (a !== undefined) return { n: a, imputed: true, source: 'pollster-median' };
    const b = qm.get(p.question);
    if (b !== undefined) return { n: b, imputed: true, source: 'question-median' };
    return { n: defaultN, imputed: true, source: 'default' };
  });
}
