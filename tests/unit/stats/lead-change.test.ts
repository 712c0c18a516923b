import { describe, expect, it } from 'vitest';
import { compareWaves, newcombeInterval, twoProportionZTest } from '@/lib/stats/change';
import { leadInterval, leadMarginOfError, leadVariance } from '@/lib/stats/lead';
import { StatsError } from '@/lib/stats/errors';

describe('lead within one poll', () => {
  // Hand-computed: Var = (0.48 + 0.42 − 0.06²)/1000 = 0.0008964 (Franklin 2007, ABC News polling unit).
  it('variance, MoE and interval of a 6-point lead at n = 1,000', () => {
    expect(leadVariance(0.48, 0.42, 1000)).toBeCloseTo(0.0008964, 15);
    expect(leadMarginOfError(0.48, 0.42, 1000)).toBeCloseTo(1.959963984540054 * Math.sqrt(0.0008964), 14);
    expect(leadMarginOfError(0.48, 0.42, 1000)).toBeCloseTo(0.058681, 6);
    const ci = leadInterval(0.48, 0.42, 1000);
    expect(ci.lead).toBeCloseTo(0.06, 15);
    expect(ci.low).toBeCloseTo(0.001319, 6);
    expect(ci.high).toBeCloseTo(0.118681, 6);
    expect(ci.significant).toBe(true);
  });
  it('a tied race at n = 1,000 has a lead MoE of about 6.2 points (≈ 2 × the single-share MoE)', () => {
    expect(leadMarginOfError(0.5, 0.5, 1000)).toBeCloseTo(0.06198, 5);
    expect(leadInterval(0.45, 0.44, 1000).significant).toBe(false);
  });
  it('rejects shares summing above 1', () => {
    expect(() => leadVariance(0.6, 0.5, 100)).toThrow(StatsError);
  });
});

describe('Newcombe (1998) hybrid score interval, method 10', () => {
  // R. G. Newcombe (1998), "Interval estimation for the difference between independent
  // proportions: comparison of eleven methods", Statistics in Medicine 17:873–890, Table II.
  it.each([
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [0, 10, 0, 20, -0.1611, 0.2775],
    [0, 10, 0, 10, -0.2775, 0.2775],
    [10, 10, 0, 20, 0.6791, 1.0],
  ])('%i/%i − %i/%i → %s to %s', (x1, n1, x2, n2, low, high) => {
    const ci = newcombeInterval(x1 / n1, n1, x2 / n2, n2);
    expect(ci.low).toBeCloseTo(low, 4);
    expect(ci.high).toBeCloseTo(high, 4);
  });
});

describe('two-proportion z-test', () => {
  // Hand-computed: p̄ = 104/150, SE = √(p̄(1−p̄)(1/70 + 1/80)) = 0.0754668, z = 0.2/SE = 2.65017.
  // Same as Pearson χ² without continuity correction, χ² = z² = 7.0234, p = 0.008045
  // (R: prop.test(c(56, 48), c(70, 80), correct = FALSE); checked with scipy chi2_contingency(correction=False)).
  it('56/70 vs 48/80', () => {
    const t = twoProportionZTest(48 / 80, 80, 56 / 70, 70);
    expect(t.pooled).toBeCloseTo(104 / 150, 15);
    expect(t.standardError).toBeCloseTo(0.07546680127869536, 14);
    expect(t.z).toBeCloseTo(2.650171951258532, 12);
    expect(t.z ** 2).toBeCloseTo(7.023411371237456, 10);
    expect(t.pValue).toBeCloseTo(0.008045081368196585, 13);
  });
  it('identical all-zero samples give z = 0, p = 1 (never NaN)', () => {
    expect(twoProportionZTest(0, 100, 0, 200)).toMatchObject({ z: 0, pValue: 1, standardError: 0 });
  });
});

describe('compareWaves', () => {
  it('calls a 20-point move on ~75 respondents a real change', () => {
    const c = compareWaves({ p: 48 / 80, n: 80 }, { p: 56 / 70, n: 70 });
    expect(c.verdict).toBe('real change');
    expect(c.difference).toBeCloseTo(0.2, 14);
    expect(c.interval.low).toBeCloseTo(0.0524, 4);
    expect(c.interval.high).toBeCloseTo(0.3339, 4);
  });
  it('calls a 2-point move at n = 1,000 within noise (z ≈ 0.90, p ≈ 0.37)', () => {
    const c = compareWaves({ p: 0.45, n: 1000 }, { p: 0.47, n: 1000 });
    expect(c.verdict).toBe('within noise');
    expect(c.z).toBeCloseTo(0.02 / Math.sqrt(0.46 * 0.54 * (2 / 1000)), 12);
    expect(c.pValue).toBeGreaterThan(0.3);
    expect(c.pValue).toBeLessThan(0.4);
    expect(c.interval.low).toBeLessThan(0);
  });
  it('honours alpha', () => {
    const c = compareWaves({ p: 0.45, n: 1000 }, { p: 0.47, n: 1000 }, 0.4);
    expect(c.verdict).toBe('real change');
  });
});
