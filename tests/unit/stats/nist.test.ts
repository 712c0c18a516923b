/**
 * NIST Statistical Reference Datasets (StRD) accuracy tests.
 *
 * Data and certified values: tests/fixtures/nist (see its README.md for sources
 * and licences; NIST data are public domain, https://www.itl.nist.gov/div898/strd/).
 *
 * Accuracy is reported as the log relative error
 *   LRE = −log10(|est − cert| / |cert|)   (absolute error when cert = 0), capped at 15,
 * the measure of McCullough (1998), "Assessing the reliability of statistical
 * software: Part I", The American Statistician 52:358–366.
 *
 * Requirements: ≥ 9 digits for mean and SD, ≥ 6 for regression quantities.
 * Lag-1 autocorrelation is held to the same ≥ 9 bar (NIST certifies it to 15
 * digits), except where noted below (NumAcc4).
 *
 * Filip (degree-10 polynomial) and Wampler1 are optional extras; Filip is
 * reported but only asserted not to throw silently: its design matrix has a
 * condition number ≈ 1e15 (x⁰…x¹⁰ with x ∈ [−9, −3]) so double-precision QR
 * on raw powers cannot be expected to reach 6 digits.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, afterAll } from 'vitest';
import { lag1Autocorrelation, mean, sampleStandardDeviation } from '@/lib/stats/descriptive';
import { multipleLinearRegression, polynomialDesign } from '@/lib/stats/regression';

const DIR = path.resolve(__dirname, '../../fixtures/nist');

interface UnivariateCert {
  n: number;
  mean: string;
  sd: string;
  r1: string;
  file: string;
}
interface RegressionCert {
  n: number;
  coefficients: Record<string, string>;
  coefficient_sd: Record<string, string>;
  residual_sd: string;
  r_squared: string;
  file: string;
}
interface Certified {
  univariate: Record<string, UnivariateCert>;
  linear_regression: Record<string, RegressionCert>;
}

const certified = JSON.parse(readFileSync(path.join(DIR, 'certified_values.json'), 'utf8')) as Certified;

/** Parses Fortran-style numbers such as 0.429796848199937E-03 or 1.2D+02. */
function num(s: string): number {
  const v = Number(s.trim().replace(/[dD]/, 'E'));
  if (!Number.isFinite(v)) throw new Error(`not a number: ${s}`);
  return v;
}

function readLines(file: string): string[] {
  return readFileSync(path.join(DIR, file), 'utf8').split(/\r?\n/);
}

function readUnivariate(file: string): number[] {
  const lines = readLines(file);
  if (file === 'PiDigits.dat') {
    return lines.filter((l) => l.trim() !== '' && !l.startsWith('#')).map(num);
  }
  const start = lines.findIndex((l) => /^Data:\s*Y\s*$/i.test(l.trim()));
  if (start < 0) throw new Error(`no "Data: Y" line in ${file}`);
  let i = start + 1;
  if (/^-+$/.test((lines[i] ?? '').trim())) i++;
  return lines
    .slice(i)
    .filter((l) => l.trim() !== '')
    .map(num);
}

function readRegression(file: string): { y: number[]; xs: number[][] } {
  const lines = readLines(file);
  let start = -1;
  lines.forEach((l, i) => {
    if (l.startsWith('Data:')) start = i;
  });
  const rows = lines
    .slice(start + 1)
    .filter((l) => l.trim() !== '')
    .map((l) => l.trim().split(/\s+/).map(num));
  return { y: rows.map((r) => r[0] ?? Number.NaN), xs: rows.map((r) => r.slice(1)) };
}

/** Log relative error, capped at 15; absolute error when the certified value is 0. */
function lre(est: number, cert: number): number {
  if (!Number.isFinite(est)) return 0;
  const err = cert === 0 ? Math.abs(est) : Math.abs(est - cert) / Math.abs(cert);
  if (err === 0) return 15;
  return Math.min(15, Math.max(0, -Math.log10(err)));
}

interface Row {
  set: string;
  quantity: string;
  estimate: number;
  certified: number;
  lre: number;
}
const table: Row[] = [];
function record(set: string, quantity: string, estimate: number, cert: string): number {
  const c = num(cert);
  const l = lre(estimate, c);
  table.push({ set, quantity, estimate, certified: c, lre: Number(l.toFixed(1)) });
  return l;
}

afterAll(() => {
  console.table(table);
  const minBySet = new Map<string, number>();
  for (const r of table) minBySet.set(r.set, Math.min(minBySet.get(r.set) ?? 15, r.lre));
  console.table([...minBySet].map(([set, minLre]) => ({ set, minLre })));
});

/**
 * NumAcc4 (values 10000000.1 … 10000000.3, s = 0.1) cannot reach 9 digits for s
 * in binary floating point: the inputs themselves are not representable — the
 * spacing of doubles near 1e7 is 1.86e-9, so each deviation from the mean
 * (≈ 0.1) carries a representation error of up to ~1e-8 relative. Exact
 * rational arithmetic on the *parsed doubles* gives s = 0.10000000055879354
 * (LRE 8.25); our two-pass result, 0.10000000055879339, agrees with that to
 * 15 digits, so the algorithm is not the limit. We therefore require ≥ 8 for
 * NumAcc4's s on the raw doubles (r(1) still reaches 10.7), and additionally check ≥ 9 after an
 * exact decimal shift of the input text (y − 10000000, done on the string),
 * which removes the representation error but not any algorithmic error.
 */
const REPRESENTATION_LIMITED: Record<string, { sd: number; r1: number }> = { NumAcc4: { sd: 8, r1: 9 } };

describe('NIST StRD univariate summary statistics', () => {
  for (const [name, cert] of Object.entries(certified.univariate)) {
    const bar = REPRESENTATION_LIMITED[name] ?? { sd: 9, r1: 9 };
    it(`${name}: mean ≥ 9 digits, SD ≥ ${bar.sd}, lag-1 autocorrelation ≥ ${bar.r1}`, () => {
      const y = readUnivariate(cert.file);
      expect(y).toHaveLength(cert.n);
      const lm = record(name, 'mean', mean(y), cert.mean);
      const ls = record(name, 'sd', sampleStandardDeviation(y), cert.sd);
      const lr = record(name, 'r1', lag1Autocorrelation(y), cert.r1);
      expect(lm).toBeGreaterThanOrEqual(9);
      expect(ls).toBeGreaterThanOrEqual(bar.sd);
      expect(lr).toBeGreaterThanOrEqual(bar.r1);
    });
  }

  it('NumAcc4 after an exact decimal shift of the input text: mean, SD and r(1) ≥ 9 digits', () => {
    const cert = certified.univariate.NumAcc4;
    if (!cert) throw new Error('no NumAcc4');
    const lines = readLines(cert.file);
    const start = lines.findIndex((l) => l.trim() === 'Data: Y') + 2;
    const OFFSET = 10_000_000n;
    const shifted = lines
      .slice(start)
      .filter((l) => l.trim() !== '')
      .map((l) => {
        const [intPart = '0', frac = ''] = l.trim().split('.');
        return Number(`${(BigInt(intPart) - OFFSET).toString()}.${frac || '0'}`);
      });
    expect(shifted).toHaveLength(cert.n);
    expect(record('NumAcc4 (shifted)', 'mean', mean(shifted) + Number(OFFSET), cert.mean)).toBeGreaterThanOrEqual(9);
    expect(record('NumAcc4 (shifted)', 'sd', sampleStandardDeviation(shifted), cert.sd)).toBeGreaterThanOrEqual(9);
    expect(record('NumAcc4 (shifted)', 'r1', lag1Autocorrelation(shifted), cert.r1)).toBeGreaterThanOrEqual(9);
  });
});

type Design = (xs: number[][]) => number[][];
const REGRESSION_SETS: { name: string; design: Design; intercept: boolean; minLre: number }[] = [
  { name: 'Norris', design: (xs) => xs, intercept: true, minLre: 6 },
  {
    name: 'Pontius',
    design: (xs) =>
      polynomialDesign(
        xs.map((r) => r[0] ?? 0),
        2,
      ),
    intercept: true,
    minLre: 6,
  },
  { name: 'NoInt1', design: (xs) => xs, intercept: false, minLre: 6 },
  { name: 'NoInt2', design: (xs) => xs, intercept: false, minLre: 6 },
  { name: 'Longley', design: (xs) => xs, intercept: true, minLre: 6 },
  {
    name: 'Wampler1',
    design: (xs) =>
      polynomialDesign(
        xs.map((r) => r[0] ?? 0),
        5,
      ),
    intercept: true,
    minLre: 6,
  },
];

describe('NIST StRD linear least squares', () => {
  for (const { name, design, intercept, minLre } of REGRESSION_SETS) {
    it(`${name}: coefficients, their SDs, residual SD and R² to ≥ ${minLre} digits`, () => {
      const cert = certified.linear_regression[name];
      if (!cert) throw new Error(`no certified values for ${name}`);
      const { y, xs } = readRegression(cert.file);
      expect(y).toHaveLength(cert.n);
      const fit = multipleLinearRegression(design(xs), y, { intercept });
      expect(fit.rSquaredKind).toBe(intercept ? 'centered' : 'uncentered');
      const names = Object.keys(cert.coefficients);
      expect(fit.coefficients).toHaveLength(names.length);
      names.forEach((b, i) => {
        expect(record(name, b, fit.coefficients[i] ?? Number.NaN, cert.coefficients[b] ?? '')).toBeGreaterThanOrEqual(minLre);
        expect(record(name, `sd(${b})`, fit.standardErrors[i] ?? Number.NaN, cert.coefficient_sd[b] ?? '')).toBeGreaterThanOrEqual(minLre);
      });
      expect(record(name, 'residual sd', fit.residualStandardDeviation, cert.residual_sd)).toBeGreaterThanOrEqual(minLre);
      expect(record(name, 'R²', fit.rSquared ?? Number.NaN, cert.r_squared)).toBeGreaterThanOrEqual(minLre);
    });
  }

  it('Filip (optional, degree 10): reported only', () => {
    const cert = certified.linear_regression.Filip;
    if (!cert) throw new Error('no certified values for Filip');
    const { y, xs } = readRegression(cert.file);
    const fit = multipleLinearRegression(
      polynomialDesign(
        xs.map((r) => r[0] ?? 0),
        10,
      ),
      y,
    );
    Object.keys(cert.coefficients).forEach((b, i) => record('Filip', b, fit.coefficients[i] ?? Number.NaN, cert.coefficients[b] ?? ''));
    const l = record('Filip', 'R²', fit.rSquared ?? Number.NaN, cert.r_squared);
    // R² is well-conditioned even when the individual coefficients are not.
    expect(l).toBeGreaterThanOrEqual(6);
  });
});
