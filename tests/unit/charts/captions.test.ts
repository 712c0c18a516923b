import { describe, expect, it } from 'vitest';
import { buildTrendChart } from '@/lib/charts/trend';
import { chartExportLinks } from '@/lib/charts/export-links';
import { chartCaveats, titleWith, unitsAndMethod } from '@/lib/charts/types';
import { fixturePoll, fixtureQuestion } from '../../support/question-fixture';

describe('chart titles and captions', () => {
  it('never writes "?:" after a question title', () => {
    expect(titleWith('Transfer Kuril islands to Japan?', 'Against')).toBe('Transfer Kuril islands to Japan? — Against');
    expect(titleWith('Approval of Vladimir Putin', 'Approve')).toBe('Approval of Vladimir Putin: Approve');
    const chart = buildTrendChart(fixtureQuestion([fixturePoll({ date: '2020-01-01', values: { for: 40, against: 60 } })]), { option: 'against' });
    expect(chart.title).toBe('Support X? — Against');
  });

  it('prints the method once: not again after a subtitle that already names it', () => {
    const q = fixtureQuestion([
      fixturePoll({ date: '2020-01-01', values: { for: 40, against: 60 } }),
      fixturePoll({ date: '2020-02-01', values: { for: 42, against: 58 } }),
    ]);
    const trend = buildTrendChart(q, { method: 'kalman' });
    expect(trend.subtitle).toContain(trend.method.label);
    expect(unitsAndMethod(trend)).toBe('Units: percent.');
    const caption = chartExportLinks(trend, { chartId: 'c', fileBase: 'x', dataPath: null }).caption;
    expect(caption.split(trend.method.label)).toHaveLength(2);
    expect(unitsAndMethod({ subtitle: 'Bars', unit: 'percent', method: { name: 'wilson', label: 'Wilson intervals', parameters: {}, anchor: 'wilson' } })).toBe(
      'Units: percent. Method: Wilson intervals.',
    );
  });

  it('carries the imputed-n caveat into the image caption when a poll did not disclose n', () => {
    const q = fixtureQuestion([
      fixturePoll({ date: '2020-01-01', values: { for: 40, against: 60 }, n: null }),
      fixturePoll({ date: '2020-02-01', values: { for: 42, against: 58 } }),
    ]);
    const trend = buildTrendChart(q, { option: 'against' });
    expect(trend.imputedCount).toBe(1);
    expect(chartCaveats(trend)).toEqual([expect.stringContaining('1 poll did not disclose n: the trend uses an imputed n')]);
    expect(chartExportLinks(trend, { chartId: 'c', fileBase: 'x', dataPath: null }).caption).toContain('did not disclose n');
    const disclosed = buildTrendChart(fixtureQuestion([fixturePoll({ date: '2020-01-01', values: { for: 40, against: 60 } })]), {});
    expect(chartCaveats(disclosed)).toEqual([]);
  });
});
