import { describe, expect, it } from 'vitest';
import { benjaminiHochberg } from '@/lib/stats/multiple-testing';
import { impliedSampleSize, resolveSampleSizes } from '@/lib/stats/sample-size';
import { resolveDesignEffect } from '@/lib/stats/proportions';
import { tCritical } from '@/lib/stats/student-t';

describe('Benjamini–Hochberg', () => {
  it('adjusts by hand: m = 4', () => {
    // sorted 0.01, 0.03, 0.04, 0.2 → m·p/rank 0.04, 0.06, 0.0533, 0.2 → running min from the top
    const q = benjaminiHochberg([0.01, 0.04, 0.03, 0.2]);
    expect(q[0]).toBeCloseTo(0.04, 15);
    expect(q[1]).toBeCloseTo(0.16 / 3, 15);
    expect(q[2]).toBeCloseTo(0.16 / 3, 15);
    expect(q[3]).toBeCloseTo(0.2, 15);
  });
  it('never exceeds 1 and keeps order; rejects bad p', () => {
    expect(benjaminiHochberg([0.9, 0.8])).toEqual([0.9, 0.9]);
    expect(benjaminiHochberg([])).toEqual([]);
    expect(() => benjaminiHochberg([1.2])).toThrow(/p-values/);
  });
});

describe('sample sizes from a stated MoE, design effects below 1, t critical values', () => {
  it('n implied by MoE: (1.959964 · 0.5 / 0.031)² = 999.34', () => {
    expect(impliedSampleSize(0.031)).toBeCloseTo(((1.959963984540054 * 0.5) / 0.031) ** 2, 10);
    expect(impliedSampleSize(0.031)).toBeCloseTo(999.34, 2);
    expect(() => impliedSampleSize(0)).toThrow(/margin of error/);
  });
  it('disclosed n first, then MoE (not imputed), then the pollster median (imputed)', () => {
    const r = resolveSampleSizes([
      { pollster: 'A', question: 'q', n: 800 },
      { pollster: 'A', question: 'q', n: null, moe: 0.049 },
      { pollster: 'A', question: 'q', n: null },
      { pollster: 'B', question: 'q', n: null },
    ]);
    expect(r[0]).toEqual({ n: 800, imputed: false, source: 'disclosed' });
    expect(r[1]?.source).toBe('implied-by-moe');
    expect(r[1]?.imputed).toBe(false);
    expect(r[1]?.n).toBeCloseTo(400.0, 0);
    // A's known n: 800 and ≈ 400 → median ≈ 600
    expect(r[2]?.source).toBe('pollster-median');
    expect(r[2]?.n).toBeCloseTo((800 + ((1.959963984540054 * 0.5) / 0.049) ** 2) / 2, 8);
    expect(r[3]?.source).toBe('question-median');
  });
  it('a reported design effect below 1 is floored at 1 and says so', () => {
    expect(resolveDesignEffect({ sampleSize: 1000, designEffect: 0.8, reportedMoe: null })).toEqual({ value: 1, origin: 'reported-below-1' });
    expect(resolveDesignEffect({ sampleSize: 1000, designEffect: 1.4, reportedMoe: null })).toEqual({ value: 1.4, origin: 'reported' });
  });
  it('Student t critical values (Abramowitz & Stegun table 26.10)', () => {
    expect(tCritical(0.95, 1)).toBeCloseTo(12.706, 3);
    expect(tCritical(0.95, 2)).toBeCloseTo(4.303, 3);
    expect(tCritical(0.95, 4)).toBeCloseTo(2.776, 2);
    expect(tCritical(0.95, 10)).toBeCloseTo(2.228, 3);
    expect(tCritical(0.95, Infinity)).toBe(1.959963984540054);
  });
});
