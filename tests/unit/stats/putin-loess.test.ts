import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeTrend } from '@/lib/stats/trend/index';

/** Levada's monthly Putin approval 1999–2020 (the project's seed copy): the March 2014 jump from 69% to 80%. */
function putin() {
  const rows = readFileSync(path.join('prisma', 'seed-data', 'levada_putin_approval_monthly_1999_2020.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  return rows.map((l) => {
    const [date, approve] = l.split(',');
    return { date: Date.parse(date ?? ''), value: Number(approve) / 100, n: 1600, pollster: 'levada' };
  });
}

describe('LOESS bandwidth in days (AICc)', () => {
  it('follows the March 2014 jump in Putin approval instead of a flat line through it', () => {
    const t = computeTrend(putin(), { method: 'loess' });
    const at = (d: string): number => (t.points.find((p) => p.date >= Date.parse(d))?.estimate ?? 0) * 100;
    expect(t.parameters.bandwidthSource).toBe('AICc × 0.5');
    expect(Number(t.parameters.bandwidthDays)).toBeLessThan(120);
    // polls: Jan 65, Feb 69, Mar 80, Apr 82, May 83, Jun 86
    expect(at('2014-01-01')).toBeLessThan(68);
    expect(at('2014-06-01')).toBeGreaterThan(83);
    expect(at('2014-06-01') - at('2014-01-01')).toBeGreaterThan(15);
  });
});
