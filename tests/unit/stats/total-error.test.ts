import { describe, expect, it } from 'vitest';
import { nonSamplingSd, raceOutcomes, summariseCalibration, TOTAL_ERROR_SD } from '@/lib/stats/total-error';
import { computeTrend } from '@/lib/stats/trend/index';
import { loadRaces } from '../../../scripts/calibrate-total-error';

describe('total-error (non-sampling) term', () => {
  it('coverage and the calibrated σ by hand on three races', () => {
    const outcomes = [
      { id: 'a', estimate: 0.5, standardError: 0.01, actual: 0.5 }, // e = 0: always covered
      { id: 'b', estimate: 0.5, standardError: 0.01, actual: 0.53 }, // e = 0.03 > 1.96·0.01
      { id: 'c', estimate: 0.5, standardError: 0.01, actual: 0.515 }, // e = 0.015 ≤ 0.0196
    ];
    const s = summariseCalibration(outcomes, 0);
    expect(s.coverageSampling).toBeCloseTo(2 / 3, 12);
    expect(s.mae).toBeCloseTo(1.5, 12);
    // race b is covered once 1.96·√(0.01² + σ²) ≥ 0.03 (4p(1 − p) = 1): σ ≥ √((0.03/1.96)² − 0.01²) = 0.011588
    expect(nonSamplingSd(outcomes, 1)).toBeCloseTo(0.0116, 10);
  });
  it('widens the bands by σ·2√(p(1 − p)) in quadrature', () => {
    const polls = [0, 1, 2].map((d) => ({ date: Date.UTC(2024, 0, 1 + d), value: 0.5, n: 1000, pollster: 'A' }));
    const plain = computeTrend(polls, { method: 'mean' });
    const total = computeTrend(polls, { method: 'mean', nonSamplingSd: 0.02 });
    const se = plain.points[2]?.standardError ?? 0;
    expect(total.points[2]?.standardError).toBeCloseTo(Math.sqrt(se * se + 0.02 * 0.02), 14);
  });
  it('TOTAL_ERROR_SD is what the calibration on FiveThirtyEight 1998–2009 elections gives', () => {
    const races = loadRaces();
    expect(races.length).toBe(268);
    const outcomes = raceOutcomes(races);
    expect(nonSamplingSd(outcomes)).toBeCloseTo(TOTAL_ERROR_SD, 6);
    const with0 = summariseCalibration(outcomes, 0);
    const withSd = summariseCalibration(outcomes, TOTAL_ERROR_SD);
    expect(with0.coverageSampling).toBeLessThan(0.85);
    expect(withSd.coverageTotal).toBeGreaterThanOrEqual(0.95);
  });
});
