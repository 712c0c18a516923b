import type { CsvColumn, CsvColumnType } from '@/lib/export/csv';
import { jsonCellValue, toCsv } from '@/lib/export/csv';
import type { ChartBase } from '@/lib/charts/types';
import { urlOf } from '@/lib/charts/types';
import type { DistributionChartData } from '@/lib/charts/distribution';
import type { TrendChartData } from '@/lib/charts/trend';
import type { WavesTableData } from '@/lib/charts/waves';
import type { HouseEffectsChartData } from '@/lib/charts/house-effects';
import type { IndicatorChartData, YoyChartData } from '@/lib/charts/indicator';
import type { CompareChartData } from '@/lib/charts/compare';
import type { PollDetailData } from '@/lib/charts/poll-detail';

/**
 * CSV and JSON of a chart's own ChartData (ARCHITECTURE §6: a number a user downloads is the number
 * the chart drew). The CSV is a long table — one row per drawn value, with its interval — and
 * nothing else, so `pd.read_csv(url)` or `=IMPORTDATA(url)` gives a clean table; the metadata
 * (title, units, method and parameters, sources, URL state) goes in the JSON, which also carries
 * the whole ChartData object as `chart`.
 */

export const CHART_EXPORT_SCHEMA_VERSION = 1;

export type ChartFormat = 'csv' | 'json';

/** Question charts with a data URL: `/api/v1/questions/[slug]/<chart>.csv|json`. */
export const QUESTION_CHARTS = ['distribution', 'trend', 'waves', 'house-effects'] as const;

/** `trend.csv` → { name: 'trend', format: 'csv' }; anything else → null. */
export function parseChartFile<N extends string>(file: string, names: readonly N[]): { name: N; format: ChartFormat } | null {
  const m = /^([a-z-]+)\.(csv|json)$/.exec(file);
  if (!m) return null;
  const name = names.find((n) => n === m[1]);
  return name ? { name, format: m[2] as ChartFormat } : null;
}

// ---------------------------------------------------------------------------------------------
// Column definitions (also documented in /api/v1/openapi.json)

export interface DistributionRow {
  chart: DistributionChartData;
  bar: DistributionChartData['bars'][number];
}

const col = <Row>(name: string, type: CsvColumnType, nullable: boolean, description: string, get: CsvColumn<Row>['get']): CsvColumn<Row> => ({
  name,
  type,
  nullable,
  description,
  get,
});

export const DISTRIBUTION_COLUMNS: CsvColumn<DistributionRow>[] = [
  col('poll_id', 'integer', false, 'Id of the poll (`/polls/<id>`).', (r) => r.chart.pollId),
  col('pollster', 'string', false, 'Pollster name.', (r) => r.chart.pollster),
  col('field_dates', 'string', false, 'Fieldwork dates as shown on the chart.', (r) => r.chart.fieldDates),
  col('option_key', 'string', false, 'Answer option key.', (r) => r.bar.key),
  col('option', 'string', false, 'Answer option as worded.', (r) => r.bar.label),
  col('percent', 'number', false, 'Share as published, percent.', (r) => r.bar.percent),
  col(
    'interval_low',
    'number',
    true,
    'Lower bound of the Wilson interval on the effective n, percent; empty when n was not disclosed.',
    (r) => r.bar.interval?.low,
  ),
  col('interval_high', 'number', true, 'Upper bound of the Wilson interval, percent.', (r) => r.bar.interval?.high),
  col('interval_level', 'number', true, 'Confidence level of the interval (0.95).', (r) => r.bar.interval?.level),
  col('sample_size', 'integer', true, 'Disclosed sample size; empty = not disclosed.', (r) => r.chart.sampleSize),
  col('effective_sample_size', 'number', true, 'n / design effect, the n the interval uses.', (r) => r.chart.effectiveSampleSize),
];

/** One row of the trend long table: a poll (a dot) or an aggregate estimate (a point of the line). */
export interface TrendRow {
  kind: 'poll' | 'estimate';
  wordingKey: string;
  wording: string;
  date: string;
  value: number;
  low: number | null;
  high: number | null;
  low80: number | null;
  high80: number | null;
  low50: number | null;
  high50: number | null;
  pollId: number | null;
  pollster: string | null;
  sampleSize: number | null;
  effectiveSampleSize: number | null;
  imputed: boolean | null;
}

export const TREND_COLUMNS: CsvColumn<TrendRow>[] = [
  col('row_type', 'string', false, '`poll` (a dot: one poll) or `estimate` (a point of the aggregate line).', (r) => r.kind),
  col('wording_key', 'string', false, 'Wording series; different wordings are separate series, never averaged.', (r) => r.wordingKey),
  col('wording', 'string', false, 'Question wording of the series.', (r) => r.wording),
  col('date', 'date', false, 'End of fieldwork (poll) or date of the estimate (YYYY-MM-DD).', (r) => new Date(r.date)),
  col('value', 'number', false, 'Share of the selected option (poll) or trend estimate, percent.', (r) => r.value),
  col('low', 'number', true, '95% interval lower bound, percent (Wilson for a poll; band for an estimate); empty for a poll with imputed n.', (r) => r.low),
  col('high', 'number', true, '95% interval upper bound, percent.', (r) => r.high),
  col('band80_low', 'number', true, '80% band lower bound (estimates only), percent.', (r) => r.low80),
  col('band80_high', 'number', true, '80% band upper bound (estimates only), percent.', (r) => r.high80),
  col('band50_low', 'number', true, '50% band lower bound (estimates only), percent.', (r) => r.low50),
  col('band50_high', 'number', true, '50% band upper bound (estimates only), percent.', (r) => r.high50),
  col('poll_id', 'integer', true, 'Poll id (polls only).', (r) => r.pollId),
  col('pollster', 'string', true, 'Pollster name (polls only).', (r) => r.pollster),
  col('sample_size', 'integer', true, 'Disclosed n (polls only; empty = not disclosed).', (r) => r.sampleSize),
  col('effective_sample_size', 'number', true, 'n used by the statistics (polls only).', (r) => r.effectiveSampleSize),
  col('imputed_n', 'boolean', true, 'true when n was not disclosed and an imputed n was used (polls only).', (r) => r.imputed),
];

export function trendRows(chart: TrendChartData): TrendRow[] {
  const rows: TrendRow[] = [];
  for (const s of chart.series) {
    for (const p of s.polls) {
      rows.push({
        kind: 'poll',
        wordingKey: s.wordingKey,
        wording: s.wording,
        date: p.date,
        value: p.percent,
        low: p.interval?.low ?? null,
        high: p.interval?.high ?? null,
        low80: null,
        high80: null,
        low50: null,
        high50: null,
        pollId: p.pollId,
        pollster: p.pollster,
        sampleSize: p.sampleSize,
        effectiveSampleSize: p.effectiveSampleSize,
        imputed: p.imputed,
      });
    }
    for (const l of s.line) {
      rows.push({
        kind: 'estimate',
        wordingKey: s.wordingKey,
        wording: s.wording,
        date: l.date,
        value: l.estimate,
        low: l.bands[95][0],
        high: l.bands[95][1],
        low80: l.bands[80][0],
        high80: l.bands[80][1],
        low50: l.bands[50][0],
        high50: l.bands[50][1],
        pollId: null,
        pollster: null,
        sampleSize: null,
        effectiveSampleSize: null,
        imputed: null,
      });
    }
  }
  return rows;
}

type WaveRow = WavesTableData['rows'][number] & { optionKey: string };
export const WAVES_COLUMNS: CsvColumn<WaveRow>[] = [
  col('poll_id', 'integer', false, 'Poll id.', (r) => r.pollId),
  col('pollster', 'string', false, 'Pollster name.', (r) => r.pollster),
  col('option', 'string', false, 'Answer option whose share and change the row gives.', (r) => r.optionKey),
  col('wording_key', 'string', false, 'Wording series.', (r) => r.wordingKey),
  col('wording', 'string', false, 'Question wording as asked (changes are only measured within one wording).', (r) => r.wording),
  col('date', 'date', false, 'End of fieldwork.', (r) => new Date(r.date)),
  col('percent', 'number', false, 'Share of the selected option, percent.', (r) => r.percent),
  col('sample_size', 'integer', true, 'Disclosed n; empty = not disclosed.', (r) => r.sampleSize),
  col('previous_poll_id', 'integer', true, 'The previous wave of the same pollster and wording; empty for a first wave.', (r) => r.change?.previousPollId),
  col('previous_percent', 'number', true, 'Share in the previous wave, percent.', (r) => r.change?.previousPercent),
  col('change', 'number', true, 'This wave − previous, percentage points (negative = fell).', (r) => r.change?.points),
  col('change_low', 'number', true, 'Newcombe 95% interval of the change, lower bound, points.', (r) => r.change?.interval[0]),
  col('change_high', 'number', true, 'Newcombe 95% interval of the change, upper bound, points.', (r) => r.change?.interval[1]),
  col('p_value', 'number', true, 'Two-sided p-value of the two-proportion z-test on effective n.', (r) => r.change?.pValue),
  col('q_value_bh', 'number', true, 'Benjamini–Hochberg adjusted p-value across the table (tests with known n); empty when withheld.', (r) => r.change?.qValue),
  col('verdict', 'string', true, '“real change” when q < 0.05 (5% false discovery rate), “within noise”, or “withheld (n imputed)”.', (r) => r.change?.verdict),
  col('uses_imputed_n', 'boolean', true, 'true when either wave’s n was imputed.', (r) => r.change?.usesImputedN),
];

type HouseRow = HouseEffectsChartData['rows'][number];
export const HOUSE_EFFECTS_COLUMNS: CsvColumn<HouseRow>[] = [
  col('pollster', 'string', false, 'Pollster name.', (r) => r.pollster),
  col('pollster_slug', 'string', false, 'Pollster slug (`/pollsters/<slug>`).', (r) => r.pollsterSlug),
  col('polls', 'integer', false, 'Polls of the main wording by this pollster.', (r) => r.polls),
  col('effect', 'number', false, 'House effect from the joint model, percentage points (positive = reads higher than the average pollster).', (r) => r.effect),
  col('interval_low', 'number', false, '95% interval lower bound, points.', (r) => r.low),
  col('interval_high', 'number', false, '95% interval upper bound, points.', (r) => r.high),
  col('mean_residual', 'number', false, 'Mean of the pollster’s polls minus the jointly fitted level, points.', (r) => r.meanResidual),
  col('shrinkage', 'number', false, '0: joint estimates are not shrunk (kept for the column layout).', (r) => r.shrinkage),
];

export interface PollResultRow {
  question: PollDetailData['questions'][number];
  bar: DistributionChartData['bars'][number];
}
export const POLL_RESULTS_COLUMNS: CsvColumn<PollResultRow>[] = [
  col('question_slug', 'string', false, 'Question slug (`/questions/<slug>`).', (r) => r.question.questionSlug),
  col('question', 'string', false, 'Question title.', (r) => r.question.questionTitle),
  col('option_key', 'string', false, 'Answer option key.', (r) => r.bar.key),
  col('option', 'string', false, 'Answer option.', (r) => r.bar.label),
  col('percent', 'number', false, 'Share as published, percent.', (r) => r.bar.percent),
  col('interval_low', 'number', true, 'Wilson interval lower bound, percent; empty when n was not disclosed.', (r) => r.bar.interval?.low),
  col('interval_high', 'number', true, 'Wilson interval upper bound, percent.', (r) => r.bar.interval?.high),
  col('interval_level', 'number', true, 'Confidence level (0.95).', (r) => r.bar.interval?.level),
  col('sample_size', 'integer', true, 'Disclosed n.', (r) => r.question.distribution.sampleSize),
  col('effective_sample_size', 'number', true, 'n / design effect.', (r) => r.question.distribution.effectiveSampleSize),
];

type IndicatorRow = IndicatorChartData['points'][number];
export const INDICATOR_COLUMNS: CsvColumn<IndicatorRow>[] = [
  col('period', 'string', false, 'Period as published (2024, 2024-Q3, …).', (r) => r.period),
  col('period_type', 'string', false, 'year, quarter, month, …', (r) => r.periodType),
  col('year', 'integer', false, 'Calendar year of the period (x value).', (r) => r.year),
  col('value', 'number', false, 'Value in the indicator’s unit (see the JSON `unit`).', (r) => r.value),
  col('kind', 'string', false, 'actual, estimate, forecast or target.', (r) => r.kind),
  col('role', 'string', false, 'How the chart treats it: actual, estimate, forecast, alternative, partial-year, target.', (r) => r.role),
  col('drawn', 'boolean', false, 'true when drawn on the chart (the others are table-only).', (r) => r.drawn),
  col('basis', 'string', true, 'Price basis or definition, when stated.', (r) => r.basis),
  col('derived', 'boolean', false, 'true when computed by Pollboard from other figures.', (r) => r.derived),
  col('source_name', 'string', true, 'Source.', (r) => r.sourceName),
  col('source_url', 'string', true, 'Source URL.', (r) => r.sourceUrl),
  col('notes', 'string', true, 'Notes.', (r) => r.notes),
];

type YoyRow = YoyChartData['bars'][number];
export const YOY_COLUMNS: CsvColumn<YoyRow>[] = [
  col('year', 'integer', false, 'Calendar year.', (r) => r.year),
  col('previous_year', 'integer', false, 'The year it is compared with.', (r) => r.previousYear),
  col('change', 'number', false, 'Change from the previous year, percent (negative = fell).', (r) => r.change),
  col('involves_estimate', 'boolean', false, 'true when either year’s value is an estimate.', (r) => r.involvesEstimate),
];

export interface CompareRow {
  panel: 'poll' | 'trend' | 'indicator';
  date: string;
  value: number;
  low: number | null;
  high: number | null;
  label: string | null;
}
export const COMPARE_COLUMNS: CsvColumn<CompareRow>[] = [
  col('panel', 'string', false, '`poll` and `trend` (top panel, percent) or `indicator` (bottom panel, indicator unit).', (r) => r.panel),
  col('date', 'date', false, 'Date on the shared axis (an indicator year sits on 1 July).', (r) => new Date(r.date)),
  col('value', 'number', false, 'Poll share / trend estimate (percent) or indicator value.', (r) => r.value),
  col('low', 'number', true, '95% interval lower bound (polls and trend).', (r) => r.low),
  col('high', 'number', true, '95% interval upper bound (polls and trend).', (r) => r.high),
  col(
    'label',
    'string',
    true,
    'Pollster and wording key (poll rows), wording key (trend rows), or period and role (indicator rows; `required path` = the growth the target implies).',
    (r) => r.label,
  ),
];

export function compareRows(chart: CompareChartData): CompareRow[] {
  const rows: CompareRow[] = [];
  // Every wording series the chart draws; its wording key tells the series apart.
  for (const s of chart.trend?.series ?? []) {
    for (const p of s.polls)
      rows.push({
        panel: 'poll',
        date: p.date,
        value: p.percent,
        low: p.interval?.low ?? null,
        high: p.interval?.high ?? null,
        label: `${p.pollster} · ${s.wordingKey}`,
      });
    for (const l of s.line) rows.push({ panel: 'trend', date: l.date, value: l.estimate, low: l.bands[95][0], high: l.bands[95][1], label: s.wordingKey });
  }
  for (const p of chart.indicatorPoints)
    rows.push({ panel: 'indicator', date: new Date(p.t).toISOString(), value: p.value, low: null, high: null, label: `${p.period} (${p.role})` });
  for (const p of chart.requiredPath.slice(1))
    rows.push({ panel: 'indicator', date: new Date(p.t).toISOString(), value: p.value, low: null, high: null, label: `${p.year} (required path)` });
  return rows;
}

/** Every table a data URL can serve, by name, for the OpenAPI document. */
export const CHART_TABLE_COLUMNS = {
  distribution: DISTRIBUTION_COLUMNS,
  trend: TREND_COLUMNS,
  waves: WAVES_COLUMNS,
  'house-effects': HOUSE_EFFECTS_COLUMNS,
  results: POLL_RESULTS_COLUMNS,
  series: INDICATOR_COLUMNS,
  yoy: YOY_COLUMNS,
  compare: COMPARE_COLUMNS,
} as const satisfies Record<string, readonly CsvColumn<never>[]>;

// ---------------------------------------------------------------------------------------------
// One exportable table: columns + rows + metadata

export interface ChartTable<Row> {
  /** `trend`, `distribution`, …: the file's name part */
  name: string;
  meta: ChartBase;
  columns: readonly CsvColumn<Row>[];
  rows: readonly Row[];
  /** the whole ChartData object the chart drew */
  chart: unknown;
}

export function distributionTable(chart: DistributionChartData): ChartTable<DistributionRow> {
  return { name: 'distribution', meta: chart, columns: DISTRIBUTION_COLUMNS, rows: chart.bars.map((bar) => ({ chart, bar })), chart };
}
export function trendTable(chart: TrendChartData): ChartTable<TrendRow> {
  return { name: `trend-${chart.trendMethod}`, meta: chart, columns: TREND_COLUMNS, rows: trendRows(chart), chart };
}
export function wavesTable(chart: WavesTableData): ChartTable<WaveRow> {
  // The option is in every row and in the file name: a CSV of "Against" must not read as "For".
  return {
    name: `waves-${chart.option.key}`,
    meta: chart,
    columns: WAVES_COLUMNS,
    rows: chart.rows.map((r) => ({ ...r, optionKey: chart.option.key })),
    chart,
  };
}
export function houseEffectsTable(chart: HouseEffectsChartData): ChartTable<HouseRow> {
  return { name: 'house-effects', meta: chart, columns: HOUSE_EFFECTS_COLUMNS, rows: chart.rows, chart };
}
export function pollResultsTable(poll: PollDetailData): ChartTable<PollResultRow> {
  const first = poll.questions[0]?.distribution;
  const meta: ChartBase = {
    kind: 'poll-results',
    title: poll.title,
    subtitle: `${poll.pollster.name} · ${poll.fieldDates}`,
    unit: 'percent',
    method: first?.method ?? { name: 'wilson', label: '95% Wilson score intervals', parameters: {}, anchor: 'wilson' },
    sources: [{ label: poll.pollster.name, urls: poll.sources }],
    urlState: { path: `/polls/${poll.pollId}`, query: {} },
    summary: poll.questions.map((q) => q.distribution.summary).join(' '),
  };
  const rows = poll.questions.flatMap((question) => question.distribution.bars.map((bar) => ({ question, bar })));
  return { name: 'results', meta, columns: POLL_RESULTS_COLUMNS, rows, chart: poll };
}
export function indicatorTable(chart: IndicatorChartData): ChartTable<IndicatorRow> {
  return { name: 'series', meta: chart, columns: INDICATOR_COLUMNS, rows: chart.points, chart };
}
export function yoyTable(chart: YoyChartData): ChartTable<YoyRow> {
  return { name: 'yoy', meta: chart, columns: YOY_COLUMNS, rows: chart.bars, chart };
}
export function compareTable(chart: CompareChartData): ChartTable<CompareRow> {
  return { name: 'compare', meta: chart, columns: COMPARE_COLUMNS, rows: compareRows(chart), chart };
}

/** `kuril-transfer-trend-kalman-2026-11-28.csv`. */
export function chartFileName(subject: string, name: string, format: ChartFormat, now: Date = new Date()): string {
  const safe = `${subject}-${name}`
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return `${safe}-${now.toISOString().slice(0, 10)}.${format}`;
}

export function chartCsv<Row>(table: ChartTable<Row>, options: { bom?: boolean } = {}): string {
  return toCsv(table.columns, table.rows, { bom: options.bom });
}

export interface ChartJsonOptions {
  /** absolute origin for `page_url` / `data_url` (e.g. https://pollboard.example) */
  origin: string;
  dataPath: string;
  now?: Date;
}

/** The JSON document: metadata, the column docs, the long table, and the ChartData itself. */
export function chartJson<Row>(table: ChartTable<Row>, options: ChartJsonOptions): Record<string, unknown> {
  const { meta } = table;
  return {
    schema_version: CHART_EXPORT_SCHEMA_VERSION,
    generated_at: (options.now ?? new Date()).toISOString(),
    chart: meta.kind,
    title: meta.title,
    subtitle: meta.subtitle,
    unit: meta.unit,
    method: meta.method,
    sources: meta.sources,
    page_url: options.origin + urlOf(meta.urlState),
    data_url: options.origin + options.dataPath,
    url_state: meta.urlState,
    summary: meta.summary,
    columns: table.columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable, description: c.description })),
    rows: table.rows.map((row) => Object.fromEntries(table.columns.map((c) => [c.name, jsonCellValue(c.get(row), c.type)]))),
    data: table.chart,
  };
}
