import type { Metadata } from 'next';
import Link from 'next/link';
import { getQuestionView } from '@/lib/data/question-cache';
import { db } from '@/lib/db';
import { SearchCombobox } from '@/components/ui/search-combobox';
import { getIndicatorBySlug, listIndicators } from '@/lib/data/indicators';
import { buildCompareChart, toCompareDrawing } from '@/lib/charts/compare';
import { TREND_METHOD_LABELS } from '@/lib/charts/trend';
import { flattenSearchParams, parseLenient, TREND_METHODS, ZCompareInput } from '@/lib/schemas/views';
import { CompareChart } from '@/components/charts/compare-chart';
import { DistributionChart } from '@/components/charts/distribution-chart';
import { formatSampleSize } from '@/lib/format/display';
import { ChartFigure } from '@/components/charts/chart-figure';
import { chartExportLinks } from '@/lib/charts/export-links';
import { formatDate } from '@/lib/format/display';
import { Table } from '@/components/ui/table';
import { getReleaseSummary, indicatorAtRelease, latestReleaseSummary, questionAtRelease } from '@/lib/data/releases';
import { indicatorChanges, pollChangeItems, questionChanges } from '@/lib/releases/snapshot';
import { atRelease } from '@/lib/charts/release';
import { ReleaseBanner, ReleaseStatus } from '@/components/releases/release-status';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Compare a question with an indicator' };

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function ComparePage({ searchParams }: Props) {
  const flat = flattenSearchParams(await searchParams);
  const { value: input, ignored: ignoredInput } = parseLenient(ZCompareInput, flat);
  // ?release=…: both panels as of a published release, rebuilt from its frozen dumps.
  const release = flat.release ? await getReleaseSummary(flat.release) : null;
  const ignored = flat.release && !release ? [...ignoredInput, 'release'] : ignoredInput;
  const [firstQuestion, indicators, liveQuestion, liveIndicator, latestRelease] = await Promise.all([
    db.question.findFirst({ orderBy: { title: 'asc' }, select: { slug: true, title: true } }),
    listIndicators(),
    input.question ? getQuestionView(input.question) : null,
    input.indicator ? getIndicatorBySlug(input.indicator) : null,
    release ? null : latestReleaseSummary(),
  ]);
  const shown = release ?? latestRelease;
  const [atQuestion, atIndicator] = shown
    ? await Promise.all([
        input.question ? questionAtRelease(shown.version, input.question, liveQuestion) : null,
        input.indicator ? indicatorAtRelease(shown.version, input.indicator, liveIndicator) : null,
      ])
    : [null, null];
  const [question, indicator] = release ? [atQuestion, atIndicator] : [liveQuestion, liveIndicator];
  // What differs between the release (the one viewed, else the latest) and the current data.
  const changes = shown
    ? [
        ...(input.question ? pollChangeItems(questionChanges(atQuestion, liveQuestion)) : []),
        ...(input.indicator ? indicatorChanges(atIndicator, liveIndicator) : []),
      ]
    : [];
  const chart = atRelease(buildCompareChart(question, indicator, input), release?.version ?? null);
  const compareHref = (version: string | null) =>
    `/compare?${new URLSearchParams(Object.entries({ question: input.question, indicator: input.indicator, release: version ?? undefined }).filter((e): e is [string, string] => typeof e[1] === 'string')).toString()}`;
  const missing = [
    input.question && !question ? `question “${input.question}”` : null,
    input.indicator && !indicator ? `indicator “${input.indicator}”` : null,
  ].filter(Boolean);
  return (
    <article className="space-y-6">
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold">Compare a question with an indicator</h1>
        <p className="text-gray-700">
          A poll trend and an economic indicator on one shared time axis: two panels, two scales, never one dual-axis chart. Putting them side by side shows
          timing, not cause.
        </p>
      </header>
      {release ? (
        <ReleaseBanner release={release} currentHref={compareHref(null)} changes={changes} />
      ) : (
        <ReleaseStatus release={latestRelease} changes={changes} releaseHref={latestRelease ? compareHref(latestRelease.version) : '/releases'} />
      )}
      <form method="get" className="flex flex-wrap items-end gap-3 rounded-lg border border-gray-200 bg-white p-3 text-sm" data-testid="compare-form">
        {release ? <input type="hidden" name="release" value={release.version} /> : null}
        {/* A search, not a <select>: a site may track thousands of questions. */}
        <SearchCombobox
          id="compare-question"
          label="Question"
          name="question"
          endpoint="/api/search?kind=question"
          defaultValue={question?.slug ?? ''}
          defaultLabel={question?.title ?? ''}
          placeholder="Type part of a title…"
          className="w-72 max-w-full"
        />
        <label className="flex min-w-0 flex-col">
          <span className="text-gray-700">Indicator</span>
          <select name="indicator" defaultValue={indicator?.slug ?? ''} className="max-w-full rounded border border-gray-400 bg-white px-2 py-1">
            <option value="">Choose…</option>
            {indicators.map((i) => (
              <option key={i.slug} value={i.slug}>
                {i.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          <span className="text-gray-700">Trend method</span>
          <select name="method" defaultValue={input.method} className="rounded border border-gray-400 bg-white px-2 py-1">
            {TREND_METHODS.map((m) => (
              <option key={m} value={m}>
                {TREND_METHOD_LABELS[m]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="rounded bg-gray-900 px-3 py-1.5 text-white">
          Show
        </button>
      </form>
      {ignored.length > 0 || missing.length > 0 ? (
        <p role="status" className="rounded border border-amber-300 bg-amber-50 p-2 text-sm">
          {missing.length > 0 ? `Not found: ${missing.join(', ')}. ` : ''}
          {ignored.length > 0 ? `Ignored invalid parameter: ${ignored.join(', ')}.` : ''}
        </p>
      ) : null}
      {chart.xDomain ? (
        <section className="min-w-0 rounded-lg border border-gray-200 bg-white p-4">
          <ChartFigure
            data={chart}
            headingLevel={2}
            testId="compare-figure"
            exportLinks={chartExportLinks(chart, {
              chartId: 'chart-compare',
              fileBase: ['compare', chart.question?.slug, chart.indicator?.slug].filter(Boolean).join('-'),
              dataPath: '/api/v1/compare',
            })}
            chart={
              <div className="space-y-4">
                {chart.latest ? (
                  <div className="min-w-0 space-y-1" data-testid="compare-latest">
                    <p className="text-xs font-medium text-gray-800">
                      Latest poll: {chart.latest.pollster}, {chart.latest.fieldDates}, n = {formatSampleSize(chart.latest.sampleSize)}; bars with 95% intervals
                    </p>
                    <p className="text-xs text-gray-700">
                      <q>{chart.latest.wording}</q>
                    </p>
                    <DistributionChart data={chart.latest} />
                  </div>
                ) : null}
                <CompareChart data={toCompareDrawing(chart)} />
              </div>
            }
            notes={
              chart.events.length > 0 ? (
                <ol className="list-decimal space-y-1 pl-5 text-xs text-gray-700" data-testid="compare-events">
                  {chart.events.map((e) => (
                    <li key={e.date}>
                      <strong>{formatDate(e.date)}</strong> — {e.label}: {e.detail}
                    </li>
                  ))}
                </ol>
              ) : null
            }
            table={
              <div className="space-y-3">
                {chart.trend?.series[0] ? (
                  <Table
                    variant="data"
                    className="min-w-[24rem]"
                    caption={`Top panel: trend of “${chart.trend.option.label}”, percent`}
                    captionClassName="text-left text-xs text-gray-700"
                    testId="compare-trend-table"
                    rows={chart.trend.series[0].line}
                    rowKey={(p) => p.t}
                    columns={[
                      { header: 'Date', cell: (p) => formatDate(p.date) },
                      { header: 'Estimate', numeric: true, cell: (p) => p.estimate.toFixed(2) },
                      { header: '95% band', numeric: true, cell: (p) => `${p.bands[95][0].toFixed(2)}–${p.bands[95][1].toFixed(2)}` },
                    ]}
                  />
                ) : null}
                {chart.indicator ? (
                  <Table
                    variant="data"
                    className="min-w-[20rem]"
                    caption={`Bottom panel: ${chart.indicator.name} (${chart.indicator.unit})`}
                    captionClassName="text-left text-xs text-gray-700"
                    testId="compare-indicator-table"
                    rows={chart.indicatorPoints}
                    rowKey={(p) => p.period + p.role}
                    columns={[
                      { header: 'Period', cell: (p) => p.period },
                      { header: 'Value', numeric: true, cell: (p) => p.value },
                      { header: 'Kind', cell: (p) => p.role },
                    ]}
                  />
                ) : null}
              </div>
            }
          />
        </section>
      ) : (
        <p className="text-gray-700" data-testid="compare-empty">
          Choose a question and an indicator above.{' '}
          {firstQuestion && indicators[0] ? (
            <Link href={`/compare?question=${firstQuestion.slug}&indicator=${indicators[0].slug}`} className="text-blue-900 underline">
              Example: {firstQuestion.title} with {indicators[0].name}
            </Link>
          ) : null}
        </p>
      )}
      <p className="text-xs text-gray-600">
        Event markers come from a short list kept in <code>lib/charts/events.ts</code>; each is numbered on the chart and explained below it.
      </p>
    </article>
  );
}
