import { describe, expect, it } from 'vitest';
import { chiSquareCdf, herdingTest, logGamma, regularizedGammaP, type HerdingPoll } from '@/lib/stats/herding';
import { normalDeviate, seededRandom } from '@/lib/stats/random';

describe('χ² distribution', () => {
  it('matches published quantiles (NIST/SEMATECH e-Handbook, table 1.3.6.7.4)', () => {
    expect(chiSquareCdf(3.841459, 1)).toBeCloseTo(0.95, 5);
    expect(chiSquareCdf(18.307038, 10)).toBeCloseTo(0.95, 5);
    expect(chiSquareCdf(3.940299, 10)).toBeCloseTo(0.05, 5);
    expect(chiSquareCdf(124.342, 100)).toBeCloseTo(0.95, 4);
    expect(chiSquareCdf(0.102587, 2)).toBeCloseTo(0.05, 5);
    expect(regularizedGammaP(1, 1)).toBeCloseTo(1 - Math.exp(-1), 12);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
  });
});

/**
 * A simulated pollster: `count` polls of n = 1000 (deff 1) around a drifting true share, with a
 * constant house effect; `spread` scales the sampling noise (1 = honest, < 1 = herding, > 1 = extra).
 */
function simulate(seed: number, count: number, spread: number, house = 0): HerdingPoll[] {
  const u = seededRandom(seed);
  const polls: HerdingPoll[] = [];
  for (let i = 0; i < count; i++) {
    const truth = 0.45 + 0.05 * Math.sin(i / 3);
    const n = 600 + Math.floor(u() * 900);
    const sd = Math.sqrt((truth * (1 - truth)) / n);
    polls.push({ value: truth + house + spread * sd * normalDeviate(u), expected: truth, n, deff: 1, series: i % 2 === 0 ? 'a' : 'b' });
  }
  return polls;
}

function rate(count: number, spread: number, verdict: string, house = 0, runs = 400): number {
  let hits = 0;
  for (let s = 1; s <= runs; s++) if (herdingTest(simulate(s, count, spread, house)).verdict === verdict) hits++;
  return hits / runs;
}

describe('herdingTest on simulated pollsters', () => {
  it('flags an honest pollster about as often as the stated 5% level', () => {
    const r = rate(12, 1, 'herding');
    expect(r).toBeGreaterThan(0.02);
    expect(r).toBeLessThan(0.09);
  });

  it('catches under-dispersion: results spread at 35% of the sampling noise', () => {
    expect(rate(12, 0.35, 'herding')).toBeGreaterThan(0.95);
    const one = herdingTest(simulate(7, 12, 0.35));
    expect(one.dispersionRatio).toBeLessThan(0.5);
    expect(one.pValue).toBeLessThan(0.05);
    expect(one.df).toBe(10); // 12 polls − 2 series
  });

  it('never calls over-dispersion herding, and names it', () => {
    expect(rate(12, 2, 'herding')).toBe(0);
    expect(rate(12, 2, 'overdispersed')).toBeGreaterThan(0.85);
  });

  it('does not mistake a constant house effect for extra spread', () => {
    expect(rate(12, 1, 'overdispersed', 0.04)).toBeLessThan(0.09);
  });

  it('gives no verdict on too few polls, and says so', () => {
    const r = herdingTest(simulate(3, 5, 0.1));
    expect(r.verdict).toBe('too-few-polls');
    expect(r.pValue).toBeNull();
    expect(r.caveat).toMatch(/needs at least 8/);
  });

  it('computes X by hand on a small set', () => {
    // one series, 8 polls, t = 0.5, n = 100 → v = 0.0025; residuals ±0.05 alternate → h = 0, X = 8 · 1 = 8
    const polls = Array.from({ length: 8 }, (_, i) => ({ value: i % 2 ? 0.55 : 0.45, expected: 0.5, n: 100, deff: 1, series: 's' }));
    const r = herdingTest(polls);
    expect(r.statistic).toBeCloseTo(8, 10);
    expect(r.df).toBe(7);
    expect(r.pValue).toBeCloseTo(chiSquareCdf(8, 7), 12);
    // deff 2 doubles v and halves X
    expect(herdingTest(polls.map((p) => ({ ...p, deff: 2 }))).statistic).toBeCloseTo(4, 10);
  });
});
