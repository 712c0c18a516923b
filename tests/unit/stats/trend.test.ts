import { describe, expect, it } from 'vitest';
import { StatsError } from '@/lib/stats/errors';
import { houseEffects } from '@/lib/stats/house-effects';
import { computeTrend, prepareSeries, trendValueAt, type TrendPoint } from '@/lib/stats/trend/index';
import { weightedTrend } from '@/lib/stats/trend/weighted';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);
const poll = (day: number, value: number, pollster = 'A', n = 1000): TrendPoint => ({ date: T0 + day * DAY, value, n, pollster });

describe('computeTrend — shared contract', () => {
  const polls = [poll(3, 0.44), poll(0, 0.4), poll(1, 0.42), poll(1, 0.41, 'B'), poll(7, 0.46)];
  it.each(['mean', 'weighted', 'loess', 'kalman'] as const)('%s: one point per distinct date, ascending, ms dates', (method) => {
    const r = computeTrend(polls, { method });
    expect(r.method).toBe(method);
    expect(r.points.map((p) => (p.date - T0) / DAY)).toEqual([0, 1, 3, 7]);
  });
  it('accepts Date objects', () => {
    const r = computeTrend([{ date: new Date(T0), value: 0.5, n: 500, pollster: 'A' }], { method: 'mean' });
    expect(r.points[0]?.date).toBe(T0);
    expect(r.points[0]?.estimate).toBe(0.5);
  });
  it('typed errors for empty or invalid input', () => {
    expect(() => computeTrend([], { method: 'mean' })).toThrow(StatsError);
    expect(() => computeTrend([poll(0, 1.2)], { method: 'kalman' })).toThrow(/proportion/);
    expect(() => computeTrend([poll(0, 0.4, 'A', 0)], { method: 'weighted' })).toThrow(StatsError);
    expect(() => computeTrend([poll(0, 0.4)], { method: 'loess', bandwidthDays: -3 })).toThrow(StatsError);
  });
});

describe('mean of the last k polls', () => {
  it('k = 3 averages the three most recent polls', () => {
    const r = computeTrend([poll(0, 0.4), poll(1, 0.42), poll(2, 0.44), poll(3, 0.46)], { method: 'mean', k: 3 });
    expect(r.parameters).toEqual({ k: 3, imputedPolls: 0 });
    expect(r.points[3]?.estimate).toBeCloseTo(0.44, 14);
    expect(r.points[1]?.estimate).toBeCloseTo(0.41, 14);
    // SE = max(√(Σv)/k, s/√k): here s/√3 = 0.02/√3 = 0.011547 > sampling SE ≈ 0.00905
    expect(r.points[3]?.standardError).toBeCloseTo(0.02 / Math.sqrt(3), 12);
  });
  it('defaults to k = 5', () => {
    expect(computeTrend([poll(0, 0.5)], { method: 'mean' }).parameters.k).toBe(5);
  });
});

describe('weighted average', () => {
  // weightedTrend on a prepared series: the weights alone, without the house-effect step of computeTrend.
  const weighted = (polls: TrendPoint[]) => weightedTrend(prepareSeries(polls), { method: 'weighted' });
  it('down-weights a pollster by 1/√k of its polls in the window', () => {
    const r = weighted([poll(0, 0.5, 'A'), poll(0, 0.5, 'A'), poll(0, 0.5, 'A'), poll(0, 0.5, 'A'), poll(0, 0.4, 'B')]);
    // one date, so no slope: A: 4 polls × 1/√4 = total weight 2; B: 1 → (2·0.5 + 0.4)/3
    expect(r.points[0]?.estimate).toBeCloseTo(1.4 / 3, 12);
    expect(r.parameters).toEqual({ halfLifeDays: 30, nCap: 2000, windowDays: 120, lagCorrection: 'local linear slope' });
  });
  it('is lag-corrected: on a straight line it returns the line at the last date, not the weighted mean', () => {
    // y = 0.40 + 0.001·t at days 0, 10, 20, 30: the weighted mean at day 30 would be ≈ 0.418
    const r = weighted([poll(0, 0.4), poll(10, 0.41, 'A', 700), poll(20, 0.42, 'A', 1500), poll(30, 0.43)]);
    expect(r.points[3]?.estimate).toBeCloseTo(0.43, 12);
    expect(r.points[1]?.estimate).toBeCloseTo(0.41, 12);
  });
  it('caps the √n weight at √n_cap', () => {
    const r = weighted([poll(0, 0.4, 'A', 100_000), poll(0, 0.5, 'B', 2000)]);
    expect(r.points[0]?.estimate).toBeCloseTo(0.45, 12);
  });
  it('drops polls that leave the window', () => {
    const r = computeTrend([poll(0, 0.2, 'A'), poll(200, 0.5, 'A')], { method: 'weighted' });
    expect(r.points[1]?.estimate).toBeCloseTo(0.5, 14);
  });
  it('adds DerSimonian–Laird τ² when polls disagree beyond sampling error', () => {
    const agree = computeTrend([poll(0, 0.5), poll(0, 0.5), poll(0, 0.5)], { method: 'weighted' });
    const disagree = computeTrend([poll(0, 0.4), poll(0, 0.5), poll(0, 0.6)], { method: 'weighted' });
    // local share 0.5 for every poll, so vᵢ = 0.25/1000; equal weights → SE = √(v/3)
    const sampling = Math.sqrt(0.25 / 1000 / 3);
    expect(agree.points[0]?.standardError).toBeCloseTo(sampling, 12);
    // DL: Q = Σ(yᵢ − 0.5)²/v = 0.02/0.00025 = 80, τ² = (80 − 2)/(3/v − (3/v²)/(3/v)) = 78·v/2
    const tau2 = (78 * 0.00025) / 2;
    expect(disagree.points[0]?.standardError).toBeCloseTo(Math.sqrt((0.00025 + tau2) / 3), 12);
  });
  it('with several pollsters computeTrend removes house effects first', () => {
    const r = computeTrend([poll(0, 0.5, 'A'), poll(0, 0.4, 'B'), poll(5, 0.5, 'A'), poll(5, 0.4, 'B')], { method: 'weighted' });
    expect(r.points[1]?.estimate).toBeCloseTo(0.45, 6);
    expect(String(r.parameters.houseEffects)).toMatch(/removed/);
  });
});

describe('LOESS', () => {
  it('reproduces an exact straight line (local linear), with ≥ 8 polls and in the < 8 fallback', () => {
    const line = (d: number): number => 0.3 + 0.001 * d;
    const many = Array.from({ length: 40 }, (_, i) => poll(i * 3, line(i * 3), i % 2 ? 'A' : 'B', 500 + 37 * i));
    const r = computeTrend(many, { method: 'loess' });
    expect(r.parameters.fallbackLinear).toBe(false);
    r.points.forEach((p) => expect(p.estimate).toBeCloseTo(line((p.date - T0) / DAY), 12));
    const few = computeTrend(many.slice(0, 5), { method: 'loess' });
    expect(few.parameters.fallbackLinear).toBe(true);
    few.points.forEach((p) => expect(p.estimate).toBeCloseTo(line((p.date - T0) / DAY), 12));
  });
  it('interpolates beyond maxGridPoints and stays close to the direct fit', () => {
    const polls = Array.from({ length: 300 }, (_, i) => poll(i, 0.4 + 0.05 * Math.sin(i / 40), 'A'));
    const direct = computeTrend(polls, { method: 'loess', maxGridPoints: 1000 });
    const grid = computeTrend(polls, { method: 'loess', maxGridPoints: 100 });
    expect(grid.points).toHaveLength(300);
    grid.points.forEach((p, i) => expect(Math.abs(p.estimate - (direct.points[i]?.estimate ?? 0))).toBeLessThan(5e-4));
  });
});

describe('Kalman local level + RTS smoother', () => {
  it('matches the hand-computed two-date filter/smoother (q given, no drift below 4 dates)', () => {
    const q = 1e-4;
    const r = computeTrend([poll(0, 0.4), poll(1, 0.5)], { method: 'kalman', processVariancePerDay: q });
    const v = 0.2475 / 1000; // local share (0.4 + 0.5)/2 = 0.45 for both polls
    const P1 = (0.25 * v) / (0.25 + v); // prior P0 = 0.25 centred on the first poll
    const Pp = P1 + q;
    const K = Pp / (Pp + v);
    const m2 = 0.4 + K * 0.1;
    const P2 = (1 - K) * Pp;
    const C = P1 / Pp;
    const m1s = 0.4 + C * (m2 - 0.4);
    const P1s = P1 + C * C * (P2 - Pp);
    // over-dispersion test: χ² = 0.1²/(Pp + v) on 2 df exceeds 2 + 1.645·√4, so φ = χ²/2 scales the variances
    const chi2 = 0.01 / (Pp + v);
    expect(chi2).toBeGreaterThan(2 + 1.645 * 2);
    const phi = chi2 / 2;
    expect(r.points[1]?.estimate).toBeCloseTo(m2, 14);
    expect(r.points[1]?.standardError).toBeCloseTo(Math.sqrt(phi * P2), 14);
    expect(r.points[0]?.estimate).toBeCloseTo(m1s, 14);
    expect(r.points[0]?.standardError).toBeCloseTo(Math.sqrt(phi * P1s), 14);
    expect(r.parameters.processVarianceSource).toBe('set by parameter');
    expect(r.parameters.overdispersion).toBeCloseTo(phi, 12);
  });
  it('estimates a larger process variance for a wandering series than for a flat one', () => {
    const flat = Array.from({ length: 100 }, (_, i) => poll(i, 0.45 + (i % 2 ? 0.005 : -0.005)));
    const wandering = Array.from({ length: 100 }, (_, i) => poll(i, 0.45 + 0.05 * Math.sin(i / 6) + (i % 2 ? 0.005 : -0.005)));
    const qf = computeTrend(flat, { method: 'kalman' }).parameters.processVariancePerDay;
    const qw = computeTrend(wandering, { method: 'kalman' }).parameters.processVariancePerDay;
    expect(Number(qw)).toBeGreaterThan(10 * Number(qf));
  });
  it('models a steady drift as drift, and flags q stuck at the lower end of its range', () => {
    const line = Array.from({ length: 60 }, (_, i) => poll(i * 3, 0.3 + 0.001 * i * 3));
    const r = computeTrend(line, { method: 'kalman' });
    expect(r.parameters.processVarianceSource).toBe('maximum likelihood');
    expect(r.parameters.processVarianceAtBound).toBe('lower');
    // 0.001 a day = 3.04375 points a month
    expect(Number(r.parameters.driftPointsPerMonth)).toBeCloseTo(3.044, 2);
    expect(r.points.at(-1)?.estimate).toBeCloseTo(0.3 + 0.001 * 177, 5);
  });
  it('says when q is a default rather than an estimate', () => {
    expect(computeTrend([poll(0, 0.4), poll(1, 0.42)], { method: 'kalman' }).parameters.processVarianceSource).toBe('default (fewer than 3 poll dates)');
  });
});

describe('house effects', () => {
  it('recovers a +3-point pollster from the joint model; intervals contain the effects', () => {
    const polls: TrendPoint[] = [];
    const house: Record<string, number> = { A: 0.03, B: 0, C: -0.01, D: 0.005, E: -0.025 };
    for (let d = 0; d < 200; d++) {
      for (const [name, h] of Object.entries(house)) {
        if ((d + name.charCodeAt(0)) % 3 === 0) polls.push(poll(d, 0.45 + h + (((d * 7 + name.charCodeAt(0)) % 5) - 2) * 0.002, name));
      }
    }
    const he = houseEffects(polls);
    for (const p of he.pollsters) {
      expect(p.shrinkage).toBe(0);
      expect(p.low).toBeLessThanOrEqual(house[p.pollster] ?? 0);
      expect(p.high).toBeGreaterThanOrEqual(house[p.pollster] ?? 0);
      expect(Math.abs(p.effect - (house[p.pollster] ?? 0))).toBeLessThan(0.002);
    }
    expect(he.tau2).toBeGreaterThan(0);
  });
  it('two pollsters 10 points apart on the same days: ±5 points', () => {
    const polls = [poll(0, 0.5, 'A'), poll(0, 0.4, 'B'), poll(1, 0.5, 'A'), poll(1, 0.4, 'B'), poll(2, 0.5, 'A'), poll(2, 0.4, 'B')];
    const he = houseEffects(polls);
    expect(he.pollsters.find((p) => p.pollster === 'A')?.effect).toBeCloseTo(0.05, 6);
    expect(he.pollsters.find((p) => p.pollster === 'B')?.effect).toBeCloseTo(-0.05, 6);
  });
  it('trendValueAt interpolates between dates', () => {
    const r = computeTrend([poll(0, 0.4), poll(10, 0.5)], { method: 'mean', k: 1 });
    expect(trendValueAt(r, T0 + 5 * DAY)).toBeCloseTo(0.45, 14);
    expect(trendValueAt(r, T0 - DAY)).toBe(0.4);
  });
});

describe('imputed sample sizes', () => {
  it('are counted in the result parameters', () => {
    const r = computeTrend([poll(0, 0.4), { ...poll(1, 0.42), imputed: true }], { method: 'kalman' });
    expect(r.parameters.imputedPolls).toBe(1);
  });
});
