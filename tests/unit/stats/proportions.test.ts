import { describe, expect, it } from 'vitest';
import { StatsError } from '@/lib/stats/errors';
import { inverseNormalCdf, normalCdf, normalSf, twoSidedPValue } from '@/lib/stats/normal';
import {
  ASSUMED_DESIGN_EFFECT,
  decimalPlaces,
  designEffectFromMoe,
  effectiveSampleSize,
  isImpossibleMoe,
  resolveDesignEffect,
  srsMarginOfError,
  waldInterval,
  wilsonInterval,
  zForLevel,
} from '@/lib/stats/proportions';

function expectStatsError(fn: () => unknown, code: StatsError['code']): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(StatsError);
    expect((e as StatsError).code).toBe(code);
    return;
  }
  throw new Error('expected a StatsError');
}

describe('zForLevel and the normal distribution', () => {
  it('returns the exact 95% constant (not simple-statistics probit 1.95716)', () => {
    expect(zForLevel(0.95)).toBe(1.959963984540054);
  });

  // Reference values: scipy.stats.norm.ppf / Abramowitz & Stegun Table 26.5.
  it.each([
    [0.5, 0.6744897501960817],
    [0.8, 1.2815515655446004],
    [0.9, 1.6448536269514722],
    [0.99, 2.5758293035489004],
  ])('zForLevel(%s) = %s to 13 digits', (level, z) => {
    expect(Math.abs(zForLevel(level) - z) / z).toBeLessThan(1e-13);
  });

  it('rejects levels outside (0, 1)', () => {
    expectStatsError(() => zForLevel(1), 'INVALID_INPUT');
    expectStatsError(() => zForLevel(0), 'INVALID_INPUT');
    expectStatsError(() => zForLevel(Number.NaN), 'INVALID_INPUT');
  });

  // Reference values: scipy.stats.norm (cdf, sf, ppf).
  it('normalCdf is accurate in the tails, beyond the 3.09 limit of simple-statistics', () => {
    expect(normalCdf(0)).toBe(0.5);
    // mpmath (40 digits): Φ(−5) = 2.86651571879193912e-7, Φ(−8) = 6.22096057427178412e-16, Φ(−20) = 2.7536241186062337e-89
    expect(Math.abs(normalCdf(-5) / 2.86651571879193912e-7 - 1)).toBeLessThan(1e-14);
    expect(Math.abs(normalCdf(-8) / 6.22096057427178412e-16 - 1)).toBeLessThan(1e-13);
    expect(Math.abs(normalCdf(-20) / 2.7536241186062337e-89 - 1)).toBeLessThan(1e-13);
    expect(normalCdf(40)).toBe(1);
    expect(Math.abs(normalSf(3.5) / 2.3262907903552502e-4 - 1)).toBeLessThan(1e-12);
    expect(normalCdf(2)).toBeCloseTo(0.9772498680518208, 15);
  });

  it('two-sided p-values', () => {
    expect(twoSidedPValue(1.96)).toBeCloseTo(0.04999579029644087, 14);
    expect(twoSidedPValue(-1.96)).toBeCloseTo(0.04999579029644087, 14);
    expect(Math.abs(twoSidedPValue(4.5) / 6.795346249460107e-6 - 1)).toBeLessThan(1e-13);
    expect(twoSidedPValue(0)).toBe(1);
  });

  it.each([
    [1e-300, -37.0470962993612],
    [1e-10, -6.361340902404056],
    [0.001, -3.090232306167813],
    [0.3, -0.5244005127080409],
    [0.999, 3.090232306167813],
  ])('inverseNormalCdf(%s) = %s', (p, x) => {
    expect(Math.abs(inverseNormalCdf(p) - x) / Math.abs(x)).toBeLessThan(1e-14);
  });
});

describe('margin of error', () => {
  it('n = 1,600, p = 0.5 gives 2.45 points (1.96·√(0.25/1600))', () => {
    expect(srsMarginOfError(0.5, 1600)).toBeCloseTo(0.0245, 4);
    expect(srsMarginOfError(0.5, 1600)).toBeCloseTo(0.024499549806750676, 15);
  });

  it('n = 1,000, p = 0.5 gives the familiar ±3.1 points', () => {
    expect(srsMarginOfError(0.5, 1000) * 100).toBeCloseTo(3.099, 3);
  });

  it('effective sample size and design effect', () => {
    expect(effectiveSampleSize(1000, 2)).toBe(500);
    expect(effectiveSampleSize(1500, 1.5)).toBe(1000);
    expectStatsError(() => effectiveSampleSize(1000, 0), 'INVALID_INPUT');
    expectStatsError(() => effectiveSampleSize(-1, 1), 'INVALID_INPUT');
    expect(designEffectFromMoe(2 * srsMarginOfError(0.5, 1600), 1600)).toBeCloseTo(4, 12);
    // ±3.5 points on n = 1,600: (0.035 / 0.0245)² ≈ 2.041
    expect(designEffectFromMoe(0.035, 1600)).toBeCloseTo(2.0409, 4);
  });
});

describe('Wilson score interval — Newcombe (1998) Table I, method 3', () => {
  // R. G. Newcombe (1998), "Two-sided confidence intervals for the single proportion:
  // comparison of seven methods", Statistics in Medicine 17:857–872, Table I
  // (score method without continuity correction).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0.0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i/%i → %s to %s', (x, n, low, high) => {
    const ci = wilsonInterval(x / n, n);
    expect(ci.low).toBeCloseTo(low, 4);
    expect(ci.high).toBeCloseTo(high, 4);
    expect(ci.level).toBe(0.95);
    expect(ci.method).toBe('wilson');
  });

  it('accepts fractional effective n and other levels', () => {
    const ci = wilsonInterval(0.5, 533.3, 0.9);
    const z = 1.6448536269514722;
    const half = (z / (1 + (z * z) / 533.3)) * Math.sqrt(0.25 / 533.3 + (z * z) / (4 * 533.3 * 533.3));
    expect(ci.low).toBeCloseTo(0.5 - half, 12);
    expect(ci.high).toBeCloseTo(0.5 + half, 12);
  });

  it('rejects invalid inputs with typed errors', () => {
    expectStatsError(() => wilsonInterval(1.2, 100), 'INVALID_INPUT');
    expectStatsError(() => wilsonInterval(0.5, 0), 'INVALID_INPUT');
    expectStatsError(() => wilsonInterval(Number.NaN, 100), 'INVALID_INPUT');
  });
});

describe('Wald interval (comparison only)', () => {
  it('p = 0.5, n = 1,600 → 0.5 ± 0.0245', () => {
    const ci = waldInterval(0.5, 1600);
    expect(ci.low).toBeCloseTo(0.4755004501932493, 14);
    expect(ci.high).toBeCloseTo(0.5244995498067506, 14);
    expect(ci.method).toBe('wald');
  });
  it('degenerates at p = 0 (the reason Wilson is the default) and is truncated to [0, 1]', () => {
    expect(waldInterval(0, 20)).toMatchObject({ low: 0, high: 0 });
    expect(waldInterval(0.02, 20).low).toBe(0);
  });
});

describe('resolveDesignEffect', () => {
  it('prefers a reported design effect', () => {
    expect(resolveDesignEffect({ sampleSize: 1000, designEffect: 1.8, reportedMoe: 0.03 })).toEqual({ value: 1.8, origin: 'reported' });
  });
  it('derives it from the reported MoE and n', () => {
    const r = resolveDesignEffect({ sampleSize: 1600, designEffect: null, reportedMoe: 0.0346 });
    expect(r.origin).toBe('derived-from-moe');
    expect(r.value).toBeCloseTo((0.0346 / 0.024499549806750676) ** 2, 12);
  });
  it('uses the MoE level when given', () => {
    const r = resolveDesignEffect({ sampleSize: 1600, designEffect: null, reportedMoe: 0.0411, moeLevel: 0.9 });
    expect(r.value).toBeCloseTo((0.0411 / (1.6448536269514722 * Math.sqrt(0.25 / 1600))) ** 2, 10);
  });
  it('floors derived values at 1', () => {
    expect(resolveDesignEffect({ sampleSize: 1600, designEffect: null, reportedMoe: 0.02 })).toEqual({ value: 1, origin: 'derived-from-moe' });
  });
  it('falls back to the documented assumption', () => {
    expect(resolveDesignEffect({ sampleSize: null, designEffect: null, reportedMoe: 0.03 })).toEqual({ value: ASSUMED_DESIGN_EFFECT, origin: 'assumed' });
    expect(resolveDesignEffect({ sampleSize: 1000, designEffect: null, reportedMoe: null })).toEqual({ value: 1, origin: 'assumed' });
    expect(resolveDesignEffect({ sampleSize: 1000, designEffect: 0, reportedMoe: null }, 2)).toEqual({ value: 2, origin: 'assumed' });
  });
});

describe('isImpossibleMoe (SRS MoE at n = 1,600 is 0.024499…)', () => {
  it('counts decimals of the reported figure', () => {
    expect(decimalPlaces(0.031)).toBe(3);
    expect(decimalPlaces(2.45 / 100)).toBe(4);
    expect(decimalPlaces(0.03)).toBe(2);
  });
  it('accepts values equal to the SRS MoE after rounding to the reported precision', () => {
    expect(isImpossibleMoe(0.0245, 1600)).toBe(false);
    expect(isImpossibleMoe(0.024, 1600)).toBe(false); // 0.0245 → 0.024 at 3 decimals
    expect(isImpossibleMoe(0.02, 1600)).toBe(false); // → 0.02 at 2 decimals
    expect(isImpossibleMoe(0.031, 1600)).toBe(false);
  });
  it('flags reported MoEs smaller than any SRS of that size could give', () => {
    expect(isImpossibleMoe(0.0244, 1600)).toBe(true);
    expect(isImpossibleMoe(0.023, 1600)).toBe(true);
    expect(isImpossibleMoe(0.01, 1600)).toBe(true);
    expect(isImpossibleMoe(0.02, 1600, 0.95, 3)).toBe(true); // explicit precision
  });
});
