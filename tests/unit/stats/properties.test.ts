import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newcombeInterval } from '@/lib/stats/change';
import { leadInterval } from '@/lib/stats/lead';
import { srsMarginOfError, waldInterval, wilsonInterval } from '@/lib/stats/proportions';
import { computeTrend, type TrendMethod, type TrendPoint } from '@/lib/stats/trend/index';

const DAY = 86_400_000;
const T0 = Date.UTC(2023, 0, 1);
const proportion = fc.double({ min: 0, max: 1, noNaN: true });
const sampleSize = fc.double({ min: 1, max: 1e6, noNaN: true });
const level = fc.constantFrom(0.5, 0.8, 0.9, 0.95, 0.99);

const pollArb = fc.record({
  day: fc.integer({ min: 0, max: 400 }),
  value: proportion,
  n: fc.integer({ min: 50, max: 5000 }),
  pollster: fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F'),
});
const pollsArb = fc
  .array(pollArb, { minLength: 1, maxLength: 60 })
  .map((ps) => ps.map((p): TrendPoint => ({ date: T0 + p.day * DAY, value: p.value, n: p.n, pollster: p.pollster })));
const METHODS: TrendMethod[] = ['mean', 'weighted', 'loess', 'kalman'];

describe('interval properties', () => {
  it('Wilson and Wald stay inside [0, 1] and contain the estimate', () => {
    fc.assert(
      fc.property(proportion, sampleSize, level, (p, n, lv) => {
        for (const ci of [wilsonInterval(p, n, lv), waldInterval(p, n, lv)]) {
          expect(ci.low).toBeGreaterThanOrEqual(0);
          expect(ci.high).toBeLessThanOrEqual(1);
          expect(ci.low).toBeLessThanOrEqual(p);
          expect(ci.high).toBeGreaterThanOrEqual(p);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('widths shrink as n grows (Wilson, SRS MoE)', () => {
    fc.assert(
      fc.property(proportion, sampleSize, fc.double({ min: 1.01, max: 100, noNaN: true }), level, (p, n, factor, lv) => {
        const a = wilsonInterval(p, n, lv);
        const b = wilsonInterval(p, n * factor, lv);
        expect(b.high - b.low).toBeLessThanOrEqual(a.high - a.low + 1e-15);
        expect(srsMarginOfError(p, n * factor, lv)).toBeLessThanOrEqual(srsMarginOfError(p, n, lv));
      }),
      { numRuns: 2000 },
    );
  });

  it('higher confidence levels give wider Wilson intervals', () => {
    fc.assert(
      fc.property(proportion, sampleSize, (p, n) => {
        const w80 = wilsonInterval(p, n, 0.8);
        const w95 = wilsonInterval(p, n, 0.95);
        expect(w95.low).toBeLessThanOrEqual(w80.low + 1e-15);
        expect(w95.high).toBeGreaterThanOrEqual(w80.high - 1e-15);
      }),
    );
  });

  it('Newcombe difference and lead intervals contain their estimates and stay in [−1, 1]', () => {
    fc.assert(
      fc.property(proportion, sampleSize, proportion, sampleSize, (p1, n1, p2, n2) => {
        const ci = newcombeInterval(p1, n1, p2, n2);
        expect(ci.low).toBeLessThanOrEqual(ci.difference + 1e-15);
        expect(ci.high).toBeGreaterThanOrEqual(ci.difference - 1e-15);
        expect(ci.low).toBeGreaterThanOrEqual(-1);
        expect(ci.high).toBeLessThanOrEqual(1);
        const a = Math.min(p1, 1 - p2);
        const lead = leadInterval(a, p2, n1);
        expect(lead.low).toBeLessThanOrEqual(lead.lead);
        expect(lead.high).toBeGreaterThanOrEqual(lead.lead);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('trend properties', () => {
  it('the weighted average of identical polls is that value', () => {
    fc.assert(
      fc.property(pollsArb, proportion, (polls, c) => {
        const same = polls.map((p) => ({ ...p, value: c }));
        for (const pt of computeTrend(same, { method: 'weighted' }).points) expect(pt.estimate).toBeCloseTo(c, 12);
      }),
      { numRuns: 300 },
    );
  });

  it('the Kalman smoother of a constant series is constant (estimated or fixed q)', () => {
    fc.assert(
      fc.property(pollsArb, proportion, fc.option(fc.double({ min: 0, max: 1e-2, noNaN: true }), { nil: undefined }), (polls, c, q) => {
        const same = polls.map((p) => ({ ...p, value: c }));
        const r = computeTrend(same, { method: 'kalman', processVariancePerDay: q ?? 'estimate' });
        for (const pt of r.points) expect(pt.estimate).toBeCloseTo(c, 12);
      }),
      { numRuns: 300 },
    );
  });

  it('every method returns finite numbers, lo ≤ estimate ≤ hi, nested bands 50 ⊂ 80 ⊂ 95, one point per date', () => {
    fc.assert(
      fc.property(pollsArb, fc.constantFrom(...METHODS), (polls, method) => {
        const r = computeTrend(polls, { method });
        const distinct = new Set(polls.map((p) => p.date)).size;
        expect(r.points).toHaveLength(distinct);
        let prev = -Infinity;
        for (const pt of r.points) {
          expect(pt.date).toBeGreaterThan(prev);
          prev = pt.date;
          expect(Number.isFinite(pt.estimate)).toBe(true);
          expect(Number.isFinite(pt.standardError)).toBe(true);
          expect(pt.estimate).toBeGreaterThanOrEqual(0);
          expect(pt.estimate).toBeLessThanOrEqual(1);
          const [l50, h50] = pt.bands[50];
          const [l80, h80] = pt.bands[80];
          const [l95, h95] = pt.bands[95];
          for (const x of [l50, h50, l80, h80, l95, h95]) expect(Number.isFinite(x)).toBe(true);
          expect(l50).toBeLessThanOrEqual(pt.estimate);
          expect(h50).toBeGreaterThanOrEqual(pt.estimate);
          expect(l80).toBeLessThanOrEqual(l50);
          expect(h80).toBeGreaterThanOrEqual(h50);
          expect(l95).toBeLessThanOrEqual(l80);
          expect(h95).toBeGreaterThanOrEqual(h80);
          expect(l95).toBeGreaterThanOrEqual(0);
          expect(h95).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 400 },
    );
  });
});
