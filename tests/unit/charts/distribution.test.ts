import { describe, expect, it } from 'vitest';
import { buildDistributionChart } from '@/lib/charts/distribution';
import type { QuestionPollView } from '@/lib/data/questions';

const question = {
  title: 'Transfer Kuril islands to Japan?',
  options: [
    { key: 'for', label: 'For' },
    { key: 'against', label: 'Against' },
    { key: 'dont_know', label: "Don't know" },
  ],
};

function poll(overrides: Partial<QuestionPollView> = {}): QuestionPollView {
  return {
    pollId: 1,
    pollQuestionId: 1,
    pollster: { name: 'Levada Center', slug: 'levada-center' },
    fieldStart: '2018-11-22T00:00:00.000Z',
    fieldEnd: '2018-11-28T00:00:00.000Z',
    datePrecision: 'day',
    publishedAt: null,
    sampleSize: 1600,
    population: null,
    mode: null,
    modeDetail: null,
    reportedMoe: null,
    moeConfidence: null,
    designEffect: null,
    wording: 'w',
    wordingKey: 'w',
    sourceUrls: [],
    notes: null,
    results: [
      { optionKey: 'for', optionLabel: 'For', percent: 17 },
      { optionKey: 'against', optionLabel: 'Against', percent: 74 },
      { optionKey: 'dont_know', optionLabel: "Don't know", percent: 9 },
    ],
    ...overrides,
  };
}

describe('buildDistributionChart', () => {
  it('gives Wilson 95% intervals on n = 1,600 (hand computation)', () => {
    const chart = buildDistributionChart(question, poll());
    // Wilson: (p + z²/2n ± z√(p(1−p)/n + z²/4n²)) / (1 + z²/n), z = 1.959964, n = 1600, p = 0.74
    // centre = (0.74 + 0.00120046) / 1.00240092 = 0.73942; half = 0.021493 / 1.00240092 = 0.021441
    const against = chart.bars.find((b) => b.key === 'against');
    expect(against?.interval?.low).toBeCloseTo(71.798, 2);
    expect(against?.interval?.high).toBeCloseTo(76.086, 2);
    expect(chart.designEffect).toEqual({ value: 1, origin: 'assumed' });
    expect(chart.effectiveSampleSize).toBe(1600);
    expect(chart.bars.map((b) => b.key)).toEqual(['for', 'against', 'dont_know']);
  });

  it('widens intervals by the design effect derived from a stated MoE', () => {
    // MoE 3.4 points at n = 1,600 → deff = (0.034 / 0.0245)² ≈ 1.93, n_eff ≈ 830
    const chart = buildDistributionChart(question, poll({ reportedMoe: 3.4, moeConfidence: 0.95 }));
    expect(chart.designEffect?.origin).toBe('derived-from-moe');
    expect(chart.designEffect?.value).toBeCloseTo(1.926, 2);
    const against = chart.bars.find((b) => b.key === 'against');
    const width = (against?.interval?.high ?? 0) - (against?.interval?.low ?? 0);
    expect(width).toBeGreaterThan(5.8);
    expect(width).toBeLessThan(6.2);
  });

  it('draws no interval when n is not disclosed', () => {
    const chart = buildDistributionChart(question, poll({ sampleSize: null }));
    expect(chart.bars.every((b) => b.interval === null)).toBe(true);
    expect(chart.summary).toContain('n = not disclosed');
  });

  it('leaves out options the poll did not report', () => {
    const chart = buildDistributionChart(question, poll({ results: [{ optionKey: 'against', optionLabel: 'Against', percent: 93 }] }));
    expect(chart.bars).toHaveLength(1);
  });
});
