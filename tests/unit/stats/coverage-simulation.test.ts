import { describe, expect, it } from 'vitest';
import { computeTrend, houseEffects } from '@/lib/stats';
import { SCENARIOS, scenarioRng, simToTrendPoints } from '../../../scripts/bench/coverage-scenarios';

/**
 * The claims behind the bands, checked by simulation with a known truth (the fast form of
 * `npm run bench -- --only=coverage`; a fixed seed, so the same draws every run).
 */
function scenario(key: string) {
  const index = SCENARIOS.findIndex((s) => s.key === key);
  const s = SCENARIOS[index];
  if (!s) throw new Error(`no scenario ${key}`);
  return { s, index };
}

describe('coverage by simulation', () => {
  it('95% house-effect intervals hold the true (centred) effects 92–98% of the time, one pollster doing 60% of polls', () => {
    const { s, index } = scenario('house');
    let hits = 0;
    let total = 0;
    for (let rep = 0; rep < 200; rep++) {
      const sim = s.generate(scenarioRng(4242, index, rep));
      for (const h of houseEffects(simToTrendPoints(sim.polls)).pollsters) {
        const truth = sim.house.get(h.pollster) ?? 0;
        total++;
        if (truth >= h.low && truth <= h.high) hits++;
      }
    }
    expect(total).toBeGreaterThan(900);
    expect(hits / total).toBeGreaterThanOrEqual(0.92);
    expect(hits / total).toBeLessThanOrEqual(0.98);
  });

  it.each(['flat', 'drift-2', 'house', 'step'])('Kalman 95 percent band holds the truth 92–98 percent of the time: %s', (key) => {
    const { s, index } = scenario(key);
    let hits = 0;
    let total = 0;
    for (let rep = 0; rep < 120; rep++) {
      const sim = s.generate(scenarioRng(777, index, rep));
      for (const p of computeTrend(simToTrendPoints(sim.polls), { method: 'kalman' }).points) {
        const truth = sim.truth(p.date);
        total++;
        if (truth >= p.bands[95][0] && truth <= p.bands[95][1]) hits++;
      }
    }
    expect(hits / total).toBeGreaterThanOrEqual(0.92);
    expect(hits / total).toBeLessThanOrEqual(0.98);
  });
});
