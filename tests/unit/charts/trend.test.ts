import { describe, expect, it } from 'vitest';
import { buildTrendChart, MAX_GAP_DAYS } from '@/lib/charts/trend';
import { prepareQuestion } from '@/lib/charts/question-series';
import { downsample } from '@/lib/charts/downsample';
import { fixturePoll, fixtureQuestion } from '../../support/question-fixture';

describe('buildTrendChart', () => {
  it('computes the mean of the last polls with hand-checked bands (percent)', () => {
    const q = fixtureQuestion([
      fixturePoll({ date: '2020-01-10', values: { for: 40, against: 60 } }),
      fixturePoll({ date: '2020-02-10', values: { for: 50, against: 50 } }),
    ]);
    const chart = buildTrendChart(q, { method: 'mean', option: 'for' });
    const line = chart.series[0]?.line ?? [];
    expect(line.map((p) => p.estimate)).toEqual([40, 45]);
    // SE at the 2nd date = max(sampling √(2·0.2475/1000)/2 = 0.01112 (local share 0.45), sd(0.4, 0.5)/√2 = 0.05) = 0.05,
    // estimated from 2 values, so Student t with 1 df: 95%: t = 12.706 → 0.45 ± 0.635, clipped to 0 … 100
    expect(line[1]?.bands[95]).toEqual([0, 100]);
    // 50%: t₁ = tan(π/4) = 1 → 0.45 ± 0.05 → 40 … 50
    expect(line[1]?.bands[50]).toEqual([40, 50]);
    expect(chart.method.parameters).toMatchObject({ k: 5 });
    expect(chart.method.anchor).toBe('trend-mean');
    expect(chart.urlState).toEqual({ path: '/questions/x', query: { method: 'mean', option: 'for' } });
    expect(chart.yDomain).toEqual([0, 100]);
  });

  it('keeps different wordings as separate series and picks the wording with most polls as main', () => {
    const q = fixtureQuestion([
      fixturePoll({ date: '2018-01-01', values: { for: 20, against: 70 }, wording: 'Wording A' }),
      fixturePoll({ date: '2018-06-01', values: { for: 22, against: 68 }, wording: 'Wording A' }),
      fixturePoll({ date: '2018-09-01', values: { for: 30, against: 60 }, wording: 'Wording B' }),
    ]);
    const chart = buildTrendChart(q, { method: 'weighted', option: 'for' });
    expect(chart.series.map((s) => [s.wording, s.pollCount, s.isMain])).toEqual([
      ['Wording A', 2, true],
      ['Wording B', 1, false],
    ]);
    // The B poll (30%) never enters series A's trend: A's estimates stay within A's polls.
    expect(Math.max(...(chart.series[0]?.line.map((p) => p.estimate) ?? []))).toBeLessThanOrEqual(22);
    expect(chart.series[1]?.line).toEqual([]);
    expect(chart.series[1]?.lineNote).toMatch(/one poll/);
  });

  it('imputes undisclosed n for the trend, marks it, and gives no interval for that poll', () => {
    const q = fixtureQuestion([
      fixturePoll({ date: '2019-01-01', values: { for: 40 }, n: 800 }),
      fixturePoll({ date: '2019-02-01', values: { for: 42 }, n: null }),
    ]);
    const prepared = prepareQuestion(q, { option: 'for' });
    const [disclosed, undisclosed] = prepared.series[0]?.polls ?? [];
    expect(disclosed).toMatchObject({ sampleSize: 800, effectiveSampleSize: 800, imputed: false });
    expect(disclosed?.interval?.low).toBeCloseTo(36.66, 1); // Wilson 40% of 800: 36.66–43.43
    expect(undisclosed).toMatchObject({ sampleSize: null, effectiveSampleSize: 800, imputed: true, sampleSizeSource: 'pollster-median', interval: null });
    expect(buildTrendChart(q, { option: 'for' }).imputedCount).toBe(1);
  });

  it('applies date and pollster filters before computing, and reports what it left out', () => {
    const q = fixtureQuestion([
      fixturePoll({ date: '2017-05-01', values: { for: 10 }, pollster: 'Alpha' }),
      fixturePoll({ date: '2018-05-01', values: { for: 20 }, pollster: 'Alpha' }),
      fixturePoll({ date: '2018-06-01', values: { for: 30 }, pollster: 'Beta' }),
    ]);
    const chart = buildTrendChart(q, { from: '2018', pollster: 'alpha', option: 'for' });
    expect(chart.series[0]?.polls.map((p) => p.percent)).toEqual([20]);
    expect(chart.excluded.filtered).toBe(2);
    expect(chart.urlState.query).toEqual({ from: '2018', pollster: 'alpha', option: 'for' });
  });

  it('defaults to the largest answer of the newest poll and zooms only when asked', () => {
    const q = fixtureQuestion([
      fixturePoll({ date: '2020-01-01', values: { for: 30, against: 62 } }),
      fixturePoll({ date: '2020-02-01', values: { for: 32, against: 60 } }),
    ]);
    const chart = buildTrendChart(q, {});
    expect(chart.option.key).toBe('against');
    // The option is always in the URL: its default depends on the newest poll.
    expect(chart.urlState.query).toEqual({ option: 'against' });
    const zoomed = buildTrendChart(q, { zoom: '1' });
    expect(zoomed.yDomain[0]).toBeGreaterThan(0);
    expect(zoomed.yDomain[1]).toBeLessThan(100);
    expect(zoomed.urlState.query).toEqual({ option: 'against', zoom: '1' });
    expect(MAX_GAP_DAYS).toBe(400);
  });

  it('keeps every poll in the chart data and thins the model line to 1,000 points', () => {
    const polls = Array.from({ length: 1500 }, (_, i) =>
      fixturePoll({ date: new Date(Date.UTC(2000, 0, 1 + i * 3)).toISOString().slice(0, 10), values: { for: 40 + (i % 5) } }),
    );
    const chart = buildTrendChart(fixtureQuestion(polls), { method: 'kalman', option: 'for' });
    const s = chart.series[0];
    expect(s?.pollCount).toBe(1500);
    expect(s?.polls.length).toBe(1500);
    expect(s?.line.length).toBe(1000);
    expect(s?.downsampled).toEqual({ polls: 1500, line: 1000 });
  });
});

describe('downsample', () => {
  it('keeps the first and the last item and evenly spaced ones between', () => {
    const items = Array.from({ length: 11 }, (_, i) => i);
    expect(downsample(items, 3)).toEqual([0, 5, 10]);
    expect(downsample(items, 20)).toEqual(items);
  });
});

describe('every answer and the net on one chart', () => {
  const q = fixtureQuestion([
    fixturePoll({ date: '2020-01-10', values: { for: 40, against: 50 } }),
    fixturePoll({ date: '2020-02-10', values: { for: 44, against: 46 } }),
    fixturePoll({ date: '2020-03-10', values: { for: 48, against: 42 } }),
  ]);
  it('show=all: one series per answer of the main wording', () => {
    const chart = buildTrendChart(q, { method: 'mean', show: 'all' });
    expect(chart.series.map((s) => s.wording.split(' — ')[0])).toEqual(['For', 'Against']);
    expect(chart.series[1]?.polls.map((p) => p.percent)).toEqual([50, 46, 42]);
    expect(chart.urlState.query.show).toBe('all');
  });
  it('show=net: first answer minus second, with the lead interval on each poll, on a −100…100 axis', () => {
    const chart = buildTrendChart(q, { method: 'mean', show: 'net' });
    expect(chart.option).toEqual({ key: 'net', label: 'For − Against' });
    const s = chart.series[0];
    expect(s?.polls.map((p) => p.percent)).toEqual([-10, -2, 6]);
    // lead ±1.96·√((0.4 + 0.5 − 0.01)/1000) = ±1.96·0.029833 = ±5.847 points (rounded to 0.01 in the payload)
    expect(s?.polls[0]?.interval?.low).toBeCloseTo(-10 - 5.847, 1);
    // mean of last 5 nets at the 3rd date: (−10 − 2 + 6)/3 = −2
    expect(s?.line.at(-1)?.estimate).toBeCloseTo(-2, 6);
    expect(chart.yDomain).toEqual([-100, 100]);
  });
});
