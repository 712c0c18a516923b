import { describe, expect, it } from 'vitest';
import type { DistributionChartData } from '@/lib/charts/distribution';
import type { WavesTableData } from '@/lib/charts/waves';
import { chartCsv, chartFileName, chartJson, distributionTable, parseChartFile, QUESTION_CHARTS, wavesTable } from '@/lib/export/chart-export';

const distribution: DistributionChartData = {
  kind: 'distribution',
  title: 'Transfer of the Kuril islands',
  subtitle: 'Levada Center · 2019',
  unit: 'percent',
  method: { name: 'wilson', label: '95% Wilson', parameters: { level: 0.95, assumedDesignEffect: 1.5 }, anchor: 'wilson' },
  sources: [{ label: 'Levada Center', urls: ['https://example.org/levada'] }],
  urlState: { path: '/questions/kuril-transfer', query: { method: 'kalman' } },
  summary: 'x',
  pollId: 7,
  pollster: '=HYPERLINK("http://evil")',
  fieldDates: '17–21 Jan 2019',
  wording: 'Should Russia transfer…',
  sampleSize: 1600,
  designEffect: null,
  effectiveSampleSize: 1066.7,
  level: 0.95,
  bars: [
    { key: 'against', label: 'Against', percent: 74, interval: { low: 71.8, high: 76.1, level: 0.95, method: 'wilson' } },
    { key: 'for', label: 'For, "fully"', percent: 17, interval: null },
  ],
};

describe('chart CSV', () => {
  it('writes the known distribution as an exact long table, with the pollster neutralised', () => {
    expect(chartCsv(distributionTable(distribution))).toBe(
      'poll_id,pollster,field_dates,option_key,option,percent,interval_low,interval_high,interval_level,sample_size,effective_sample_size\r\n' +
        `7,"'=HYPERLINK(""http://evil"")",17–21 Jan 2019,against,Against,74,71.8,76.1,0.95,1600,1066.7\r\n` +
        `7,"'=HYPERLINK(""http://evil"")",17–21 Jan 2019,for,"For, ""fully""",17,,,,1600,1066.7\r\n`,
    );
  });

  it('prefixes a BOM only on request', () => {
    expect(chartCsv(distributionTable(distribution), { bom: true }).startsWith('\uFEFFpoll_id,')).toBe(true);
  });

  it('keeps negative changes numeric (no formula quote)', () => {
    const waves: WavesTableData = {
      kind: 'waves',
      title: 't',
      subtitle: 's',
      unit: 'percentage points',
      method: { name: 'z', label: 'z', parameters: {}, anchor: 'change' },
      sources: [],
      urlState: { path: '/questions/x', query: {} },
      summary: '',
      option: { key: 'a', label: 'A' },
      alpha: 0.05,
      tests: 1,
      withheld: 0,
      rows: [
        {
          pollId: 2,
          pollster: '-Minus pollster',
          pollsterSlug: 'm',
          wordingKey: 'w',
          wording: 'w',
          fieldDates: '2020',
          date: '2020-03-01',
          percent: 40,
          sampleSize: 1000,
          imputed: false,
          change: {
            previousPollId: 1,
            previousPercent: 43,
            points: -3,
            pValue: 0.17,
            qValue: 0.17,
            z: -1.37,
            verdict: 'within noise',
            usesImputedN: false,
            interval: [-7.3, 1.3],
          },
        },
      ],
    };
    const lines = chartCsv(wavesTable(waves)).split('\r\n');
    expect(lines[0]).toBe(
      'poll_id,pollster,option,wording_key,wording,date,percent,sample_size,previous_poll_id,previous_percent,change,change_low,change_high,p_value,q_value_bh,verdict,uses_imputed_n',
    );
    expect(lines[1]).toBe("2,'-Minus pollster,a,w,w,2020-03-01,40,1000,1,43,-3,-7.3,1.3,0.17,0.17,within noise,false");
  });
});

describe('chart JSON', () => {
  it('carries the metadata, the table with native types and the ChartData itself', () => {
    const doc = chartJson(distributionTable(distribution), {
      origin: 'https://pb.example',
      dataPath: '/api/v1/questions/kuril-transfer/distribution.json',
      now: new Date('2026-11-28T01:00:00Z'),
    });
    expect(doc).toMatchObject({
      chart: 'distribution',
      unit: 'percent',
      method: { name: 'wilson', parameters: { level: 0.95 } },
      page_url: 'https://pb.example/questions/kuril-transfer?method=kalman',
      generated_at: '2026-11-28T01:00:00.000Z',
    });
    const rows = doc.rows as Record<string, unknown>[];
    expect(rows[0]).toMatchObject({ pollster: '=HYPERLINK("http://evil")', percent: 74, interval_low: 71.8, interval_high: 76.1 });
    expect(rows[1]).toMatchObject({ interval_low: null });
    expect(doc.data).toBe(distribution);
  });
});

describe('file names and chart segments', () => {
  it('says what and when', () => {
    expect(chartFileName('kuril-transfer', 'trend-kalman', 'csv', new Date('2026-11-28T12:00:00Z'))).toBe('kuril-transfer-trend-kalman-2026-11-28.csv');
  });
  it('parses chart.format and rejects the rest', () => {
    expect(parseChartFile('house-effects.json', QUESTION_CHARTS)).toEqual({ name: 'house-effects', format: 'json' });
    expect(parseChartFile('trend.xlsx', QUESTION_CHARTS)).toBeNull();
    expect(parseChartFile('pie.csv', QUESTION_CHARTS)).toBeNull();
  });
});

describe('export menu links', () => {
  it('names the view as shown, and the full series without from/to/pollster', async () => {
    const { chartExportLinks } = await import('@/lib/charts/export-links');
    const links = chartExportLinks(
      { ...distribution, urlState: { path: '/questions/kuril-transfer', query: { method: 'kalman', from: '2010', pollster: 'levada', option: 'against' } } },
      {
        chartId: 'chart-trend',
        fileBase: 'kuril-transfer-trend',
        dataPath: '/api/v1/questions/kuril-transfer/trend',
        embedPath: '/embed/questions/kuril-transfer/trend',
      },
    );
    expect(links.shownQuery).toBe('?method=kalman&from=2010&pollster=levada&option=against');
    expect(links.fullQuery).toBe('?method=kalman&option=against');
    expect(links.pageUrl).toBe('/questions/kuril-transfer?method=kalman&from=2010&pollster=levada&option=against');
    expect(links.embedUrl).toBe('/embed/questions/kuril-transfer/trend?method=kalman&from=2010&pollster=levada&option=against');
    expect(links.source).toBe('Source: Levada Center (https://example.org/levada)');
    expect(chartExportLinks(distribution, { chartId: 'c', fileBase: 'f', dataPath: null }).fullQuery).toBeNull();
  });
});
