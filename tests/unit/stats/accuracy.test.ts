import { describe, expect, it } from 'vitest';
import { accuracyRecord } from '@/lib/stats/accuracy';
import { normalDeviate, seededRandom } from '@/lib/stats/random';

describe('accuracyRecord', () => {
  it('computes MAE and signed bias by hand', () => {
    const r = accuracyRecord([{ error: 2 }, { error: -1 }, { error: 3 }, { error: -4 }]);
    expect(r.polls).toBe(4);
    expect(r.mae).toBe(2.5);
    expect(r.bias).toBe(0);
    expect(r.maeInterval?.low).toBeGreaterThanOrEqual(1);
    expect(r.maeInterval?.high).toBeLessThanOrEqual(4);
    expect(r.biasInterval?.low).toBeLessThan(0);
    expect(r.biasInterval?.high).toBeGreaterThan(0);
  });

  it('is deterministic (fixed seed) and gives no interval for one poll', () => {
    const polls = [{ error: 1.5 }, { error: 0.5 }, { error: 4 }];
    expect(accuracyRecord(polls)).toEqual(accuracyRecord(polls));
    expect(accuracyRecord([{ error: -3 }])).toEqual({ polls: 1, mae: 3, maeInterval: null, bias: -3, biasInterval: null });
  });

  it('covers a known bias about 95% of the time (simulated pollsters, n = 40, bias 1.5, sd 3)', () => {
    const u = seededRandom(99);
    let covered = 0;
    const runs = 300;
    for (let s = 0; s < runs; s++) {
      const polls = Array.from({ length: 40 }, () => ({ error: 1.5 + 3 * normalDeviate(u) }));
      const r = accuracyRecord(polls, { resamples: 1000, seed: s + 1 });
      if (r.biasInterval && r.biasInterval.low <= 1.5 && 1.5 <= r.biasInterval.high) covered++;
    }
    expect(covered / runs).toBeGreaterThan(0.91);
    expect(covered / runs).toBeLessThan(0.985);
  });
});
