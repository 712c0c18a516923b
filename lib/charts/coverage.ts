import coverage from '@/bench/coverage.json';
import type { TTrendMethod } from '@/lib/schemas/views';

/**
 * The coverage benchmark's results (bench/coverage.json, `npm run bench -- --only=coverage`) as the pages
 * quote them: the methodology table and, on each trend chart, what the chosen method's band does
 * not cover. Read at build time, so the page always shows the numbers of the committed run.
 */
export interface CoverageRow {
  scenario: string;
  label: string;
  method: TTrendMethod;
  coverage: Record<'50' | '80' | '95', number>;
  coverageLast: Record<'50' | '80' | '95', number>;
  rmse: number;
  biasLast: number;
  houseCoverage: number | null;
}

export const COVERAGE = coverage as unknown as {
  generatedAt: string;
  seed: number;
  repetitions: number;
  passRange95: [number, number];
  summary: { method: TTrendMethod; passes: boolean; meanRmse: number }[];
  rows: CoverageRow[];
};

/** Scenarios where a method's 95% band covers the truth outside 92–98% (all dates or last date). */
export function coverageMisses(method: TTrendMethod): { scenario: string; label: string; all: number; last: number }[] {
  const [lo, hi] = COVERAGE.passRange95;
  return COVERAGE.rows
    .filter((r) => r.method === method)
    .filter((r) => r.coverage['95'] < lo || r.coverage['95'] > hi || r.coverageLast['95'] < lo || r.coverageLast['95'] > hi)
    .map((r) => ({ scenario: r.scenario, label: r.label, all: r.coverage['95'], last: r.coverageLast['95'] }));
}

const WHAT_IS_LEFT_OUT: Record<TTrendMethod, string> = {
  kalman: '',
  weighted: 'the bias of a 30-day average where opinion turns or jumps',
  mean: 'movement during the span of the last 5 polls (in a sparse series that can be a year)',
  loess: 'the smoothing bias where opinion wanders or jumps',
};

/** One plain sentence for the chart: how honest this method's 95% band was in simulation. */
export function bandHonesty(method: TTrendMethod): string {
  const misses = coverageMisses(method);
  const pct = (x: number): string => `${(100 * x).toFixed(0)}%`;
  if (misses.length === 0) {
    return `In ${COVERAGE.rows.filter((r) => r.method === method).length} simulated scenarios (npm run bench coverage) this method’s 95% band covered the true level 92–98% of the time.`;
  }
  const worst = misses
    .map((m) => ({ ...m, worst: Math.abs(m.all - 0.95) > Math.abs(m.last - 0.95) ? m.all : m.last }))
    .sort((a, b) => Math.abs(b.worst - 0.95) - Math.abs(a.worst - 0.95))
    .slice(0, 3);
  return (
    `This band does not include ${WHAT_IS_LEFT_OUT[method]}: in simulation its 95% band covered the truth ` +
    worst.map((m) => `${pct(m.worst)} (${m.label.replace(/ \(.*\)$/, '')})`).join(', ') +
    '. The Kalman smoother’s band passes every scenario.'
  );
}
