import { StatsError } from './errors';

/**
 * Natural log of Γ(x), x > 0, by the Lanczos approximation (g = 7, n = 9; |error| < 1e-13 for x ≥ 0.5,
 * reflection below). Reference: Press et al., Numerical Recipes (3rd ed.), §6.1.
 */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
    9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const z = x - 1;
  let a = c[0] as number;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (c[i] as number) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * Regularised lower incomplete gamma P(a, x) = γ(a, x) / Γ(a): the series for x < a + 1, Lentz's
 * continued fraction for Q = 1 − P otherwise. Reference: Numerical Recipes (3rd ed.), §6.2.
 *
 * @example regularizedGammaP(1, 1) // 1 − e^−1 ≈ 0.632121
 */
export function regularizedGammaP(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) throw new StatsError('INVALID_INPUT', `regularizedGammaP needs a > 0 and x ≥ 0, got a=${a}, x=${x}`);
  if (x === 0) return 0;
  const lnPrefix = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let k = 1; k < 10_000; k++) {
      term *= x / (a + k);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return Math.min(1, sum * Math.exp(lnPrefix));
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return Math.max(0, 1 - Math.exp(lnPrefix) * h);
}

/**
 * CDF of the χ² distribution with `df` degrees of freedom: P(χ²_df ≤ x) = P(df/2, x/2).
 *
 * @example chiSquareCdf(3.841459, 1) // ≈ 0.95
 */
export function chiSquareCdf(x: number, df: number): number {
  if (!(df > 0)) throw new StatsError('INVALID_INPUT', `χ² needs df > 0, got ${df}`);
  return x <= 0 ? 0 : regularizedGammaP(df / 2, x / 2);
}

/** One poll of one pollster in one series, against a reference trend not fitted to this pollster's polls. */
export interface HerdingPoll {
  /** the pollster's share, a proportion */
  value: number;
  /** the reference trend at the poll's date, a proportion */
  expected: number;
  /** published sample size n */
  n: number;
  /** design effect (reported, derived from the MoE, or assumed 1) */
  deff: number;
  /** series (wording) the poll belongs to: each series gets its own house effect */
  series: string;
}

export type HerdingVerdict = 'herding' | 'consistent' | 'overdispersed' | 'too-few-polls';

export interface HerdingResult {
  verdict: HerdingVerdict;
  test: 'chi-square dispersion (lower tail)';
  /** significance level of the lower-tail test */
  level: number;
  polls: number;
  series: number;
  /** X = Σ (rᵢ − h_s)² / vᵢ; null when too few polls */
  statistic: number | null;
  /** degrees of freedom: polls − series */
  df: number;
  /** X / df: 1 = as noisy as sampling alone, below 1 = less */
  dispersionRatio: number | null;
  /** P(χ²_df ≤ X): small = less spread than sampling noise allows */
  pValue: number | null;
  /** P(χ²_df ≥ X): small = more spread than sampling alone (real movement, trend error or house effects that drift) */
  pValueUpper: number | null;
  /** the fewest polls the test gives a verdict on */
  minPolls: number;
  caveat: string;
}

export const HERDING_LEVEL = 0.05;
export const HERDING_MIN_POLLS = 8;

/**
 * Herding check: does a pollster's series vary less around the trend than its sample sizes allow?
 *
 * For poll i of series s: rᵢ = pᵢ − tᵢ (share minus the reference trend at its date),
 * vᵢ = deffᵢ · tᵢ(1 − tᵢ) / nᵢ (sampling variance on the effective sample size), hₛ = Σ rᵢ/vᵢ / Σ 1/vᵢ
 * (the pollster's house effect in that series, so a constant lean is not mistaken for noise), and
 *
 *   X = Σₛ Σᵢ∈ₛ (rᵢ − hₛ)² / vᵢ  ~  χ²(k − S) under pure sampling noise,
 *
 * k polls in S series. A lower-tail p = P(χ² ≤ X) below `level` flags "varies less than sampling
 * noise allows". Error in the reference trend and real opinion movement only add spread, so they
 * make the flag conservative (never more likely); they are why the upper tail is reported but not
 * called misconduct. Fewer than `minPolls` polls → no verdict.
 *
 * Reference: Silver, N. (2014) "Here's proof some pollsters are putting a thumb on the scale",
 * FiveThirtyEight; the dispersion (index-of-dispersion) test: Cochran, W. G. (1954) "Some methods for
 * strengthening the common χ² tests", Biometrics 10(4):417–451.
 *
 * @example herdingTest(polls).verdict // 'herding' | 'consistent' | 'overdispersed' | 'too-few-polls'
 */
export function herdingTest(polls: readonly HerdingPoll[], options: { level?: number; minPolls?: number } = {}): HerdingResult {
  const level = options.level ?? HERDING_LEVEL;
  const minPolls = options.minPolls ?? HERDING_MIN_POLLS;
  const groups = new Map<string, { r: number; v: number }[]>();
  for (const [i, p] of polls.entries()) {
    if (!(p.n > 0) || !(p.deff > 0)) throw new StatsError('INVALID_INPUT', `poll ${i}: n and deff must be > 0`);
    if (!(p.value >= 0 && p.value <= 1) || !(p.expected > 0 && p.expected < 1)) {
      throw new StatsError('INVALID_INPUT', `poll ${i}: value must be in [0, 1] and the trend in (0, 1)`);
    }
    const list = groups.get(p.series) ?? [];
    list.push({ r: p.value - p.expected, v: (p.deff * p.expected * (1 - p.expected)) / p.n });
    groups.set(p.series, list);
  }
  const k = polls.length;
  const S = groups.size;
  const df = k - S;
  const base = { test: 'chi-square dispersion (lower tail)' as const, level, polls: k, series: S, df, minPolls };
  if (k < minPolls || df < 1) {
    return {
      ...base,
      verdict: 'too-few-polls',
      statistic: null,
      dispersionRatio: null,
      pValue: null,
      pValueUpper: null,
      caveat: `No verdict: ${k} ${k === 1 ? 'poll' : 'polls'} with a published sample size; the test needs at least ${minPolls} to tell herding from chance.`,
    };
  }
  let X = 0;
  for (const list of groups.values()) {
    let sw = 0;
    let swr = 0;
    for (const { r, v } of list) {
      sw += 1 / v;
      swr += r / v;
    }
    const h = swr / sw;
    for (const { r, v } of list) X += (r - h) ** 2 / v;
  }
  const pLow = chiSquareCdf(X, df);
  const pHigh = 1 - pLow;
  const verdict: HerdingVerdict = pLow < level ? 'herding' : pHigh < level ? 'overdispersed' : 'consistent';
  const caveat =
    verdict === 'herding'
      ? `Varies less than sampling noise allows (p = ${fmtP(pLow)} < ${level}). Herding is one explanation; others are an understated design effect or sample size, or weighting to a target. A flag is a question to ask, not proof.`
      : verdict === 'overdispersed'
        ? `Varies more than sampling alone implies (p = ${fmtP(pHigh)}): real opinion movement, error in the reference trend or a changing house effect add spread; this is not a herding sign.`
        : `Spread consistent with sampling noise (lower-tail p = ${fmtP(pLow)}).`;
  return { ...base, verdict, statistic: X, dispersionRatio: X / df, pValue: pLow, pValueUpper: pHigh, caveat };
}

function fmtP(p: number): string {
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}
