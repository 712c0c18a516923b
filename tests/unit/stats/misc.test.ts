import { describe, expect, it } from 'vitest';
import { lag1Autocorrelation, mean, sampleStandardDeviation, summarize } from '@/lib/stats/descriptive';
import { StatsError } from '@/lib/stats/errors';
import { imputeSampleSizes } from '@/lib/stats/imputation';
import { cagr, gapToTarget, olsTrend, requiredAnnualGrowth, requiredAnnualGrowthByYear, yearOnYearChange } from '@/lib/stats/indicators';
import { multipleLinearRegression } from '@/lib/stats/regression';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return e instanceof StatsError ? e.code : 'untyped';
  }
  return 'no error';
}

describe('indicators', () => {
  it('required growth from 18 to 30 in 5 years is 10.76% a year', () => {
    expect(requiredAnnualGrowth(18, 30, 5)).toBeCloseTo(0.1076, 4);
    expect(requiredAnnualGrowth(18, 30, 5)).toBeCloseTo((30 / 18) ** 0.2 - 1, 15);
    expect(requiredAnnualGrowthByYear(18, 2025, 30, 2030)).toBeCloseTo(0.10756634324829006, 14);
    expect(codeOf(() => requiredAnnualGrowthByYear(18, 2030, 30, 2030))).toBe('NOT_COMPUTABLE');
  });
  it('CAGR and year-on-year change', () => {
    expect(cagr(100, 121, 2)).toBeCloseTo(0.1, 14);
    expect(cagr(100, 81, 2)).toBeCloseTo(-0.1, 14);
    expect(codeOf(() => cagr(0, 10, 2))).toBe('NOT_COMPUTABLE');
    expect(codeOf(() => cagr(-5, 10, 2))).toBe('NOT_COMPUTABLE');
    expect(yearOnYearChange(103, 100)).toBeCloseTo(0.03, 15);
    expect(codeOf(() => yearOnYearChange(1, 0))).toBe('NOT_COMPUTABLE');
  });
  it('gap to target', () => {
    expect(gapToTarget(18, 30)).toEqual({ absolute: 12, relative: 12 / 18, reached: false });
    expect(gapToTarget(5, 4, 'decrease')).toEqual({ absolute: -1, relative: -0.2, reached: false });
    expect(gapToTarget(3, 4, 'decrease').reached).toBe(true);
    expect(gapToTarget(0, 4).relative).toBeNull();
  });
  it('OLS trend with R² (centred x, so calendar years keep full precision)', () => {
    const t = olsTrend([
      [2020, 1],
      [2021, 3],
      [2022, 5],
    ]);
    expect(t.slope).toBeCloseTo(2, 12);
    expect(t.intercept).toBeCloseTo(-4039, 8);
    expect(t.rSquared).toBeCloseTo(1, 14);
    const u = olsTrend([
      [1, 1],
      [2, 2],
      [3, 1.3],
      [4, 3.75],
      [5, 2.25],
    ]);
    // Hand-computed: x̄ = 3, ȳ = 2.06, Sxy = 4.25, Sxx = 10, Syy = 4.597 → b = 0.425,
    // a = 2.06 − 3·0.425 = 0.785, R² = Sxy²/(Sxx·Syy) = 18.0625/45.97.
    expect(u.slope).toBeCloseTo(0.425, 12);
    expect(u.intercept).toBeCloseTo(0.785, 12);
    expect(u.rSquared).toBeCloseTo(18.0625 / 45.97, 12);
    expect(codeOf(() => olsTrend([[1, 1]]))).toBe('NOT_COMPUTABLE');
    expect(codeOf(() => olsTrend([]))).toBe('EMPTY_INPUT');
    expect(
      olsTrend([
        [1, 2],
        [2, 2],
      ]).rSquared,
    ).toBeNull();
  });
});

describe('descriptive statistics guards', () => {
  it('typed errors instead of NaN', () => {
    expect(codeOf(() => mean([]))).toBe('EMPTY_INPUT');
    expect(codeOf(() => sampleStandardDeviation([1]))).toBe('NOT_COMPUTABLE');
    expect(codeOf(() => lag1Autocorrelation([2, 2, 2]))).toBe('NOT_COMPUTABLE');
    expect(codeOf(() => mean([1, Number.NaN]))).toBe('INVALID_INPUT');
  });
  it('values', () => {
    expect(sampleStandardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138089935299395, 14);
    expect(lag1Autocorrelation([1, 2, 3, 4])).toBeCloseTo(0.25, 15);
    expect(summarize([5])).toEqual({ n: 1, mean: 5, sd: null, lag1Autocorrelation: null });
  });
});

describe('multiple regression guards', () => {
  it('rank deficiency and too few rows are NOT_COMPUTABLE', () => {
    expect(
      codeOf(() =>
        multipleLinearRegression(
          [
            [1, 2],
            [2, 4],
            [3, 6],
            [4, 8],
          ],
          [1, 2, 3, 5],
        ),
      ),
    ).toBe('NOT_COMPUTABLE');
    expect(codeOf(() => multipleLinearRegression([[1], [2]], [1, 2]))).toBe('NOT_COMPUTABLE');
    expect(codeOf(() => multipleLinearRegression([], []))).toBe('EMPTY_INPUT');
  });
  it('simple example', () => {
    const fit = multipleLinearRegression([[1], [2], [3], [4]], [3, 5, 7, 9.5]);
    expect(fit.coefficients[0]).toBeCloseTo(0.75, 12);
    expect(fit.coefficients[1]).toBeCloseTo(2.15, 12);
    expect(fit.dfResidual).toBe(2);
  });
});

describe('imputeSampleSizes', () => {
  const polls = [
    { id: 1, pollster: 'A', question: 'q1', n: 800 },
    { id: 2, pollster: 'A', question: 'q1', n: 1200 },
    { id: 3, pollster: 'A', question: 'q1', n: 1000 },
    { id: 4, pollster: 'A', question: 'q1', n: null },
    { id: 5, pollster: 'B', question: 'q1', n: null },
    { id: 6, pollster: 'C', question: 'q2', n: undefined },
    { id: 7, pollster: 'D', question: 'q1', n: 2000 },
  ];
  const out = imputeSampleSizes(polls);
  it('keeps disclosed n and order', () => {
    expect(out.map((p) => p.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(out[0]).toMatchObject({ n: 800, imputed: false, nSource: 'disclosed' });
  });
  it('uses the pollster median first', () => {
    expect(out[3]).toMatchObject({ n: 1000, imputed: true, nSource: 'pollster-median' });
  });
  it('then the question median', () => {
    // q1 disclosed: 800, 1200, 1000, 2000 → median 1100
    expect(out[4]).toMatchObject({ n: 1100, imputed: true, nSource: 'question-median' });
  });
  it('then the documented default', () => {
    // 1,000 written out, not read back from the constant the code uses: a changed default fails here.
    expect(out[5]).toMatchObject({ n: 1000, imputed: true, nSource: 'default' });
    expect(imputeSampleSizes([{ pollster: 'X', question: 'y', n: null }], 600)[0]?.n).toBe(600);
  });
  it('rejects invalid disclosed n', () => {
    expect(codeOf(() => imputeSampleSizes([{ pollster: 'X', question: 'y', n: -5 }]))).toBe('INVALID_INPUT');
  });
});
