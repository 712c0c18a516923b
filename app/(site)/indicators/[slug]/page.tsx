import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { getIndicatorBySlug as loadIndicator } from '@/lib/data/indicators';
import { buildIndicatorChart, buildYoyChart, DEFAULT_TARGET_HORIZON_YEARS } from '@/lib/charts/indicator';
import { flattenSearchParams, parseLenient, ZIndicatorViewInput } from '@/lib/schemas/views';
import { IndicatorChart, YoyChart } from '@/components/charts/indicator-chart';
import { IgnoredParamsNote } from '@/components/ui/ignored-params-note';
import { ChartFigure } from '@/components/charts/chart-figure';
import { chartExportLinks } from '@/lib/charts/export-links';
import { formatNumber } from '@/lib/format/display';
import { Table } from '@/components/ui/table';
import { getReleaseSummary, indicatorAtRelease, latestReleaseSummary } from '@/lib/data/releases';
import { indicatorChanges } from '@/lib/releases/snapshot';
import { atRelease } from '@/lib/charts/release';
import { ReleaseBanner, ReleaseStatus } from '@/components/releases/release-status';

export const dynamic = 'force-dynamic';

// generateMetadata and the page ask for the same indicator: one query per request.
const getIndicatorBySlug = cache((slug: string) => loadIndicator(slug));

interface Props {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const i = await getIndicatorBySlug((await params).slug);
  return { title: i?.name ?? 'Indicator not found' };
}

const ROLE_TEXT: Record<string, string> = {
  actual: 'actual (drawn)',
  estimate: 'estimate (drawn hollow)',
  forecast: 'forecast (drawn hollow)',
  alternative: 'alternative figure (table only)',
  'partial-year': 'part of a year (table only)',
  target: 'target (dashed line)',
};

export default async function IndicatorPage({ params, searchParams }: Props) {
  const [{ slug }, sp] = await Promise.all([params, searchParams]);
  const live = await getIndicatorBySlug(slug);
  const flat = flattenSearchParams(sp);
  // ?release=…: the indicator as of a published release, rebuilt from its frozen indicators dump.
  const release = flat.release ? await getReleaseSummary(flat.release) : null;
  const frozen = release ? await indicatorAtRelease(release.version, slug, live) : null;
  const indicator = release ? frozen : live;
  if (!indicator) notFound();
  const { value: view, ignored: ignoredView } = parseLenient(ZIndicatorViewInput, flat);
  const ignored = flat.release && !release ? [...ignoredView, 'release'] : ignoredView;
  // The current view says which release it matches, or what changed since the latest one.
  const latestRelease = release ? null : await latestReleaseSummary();
  const changes = release
    ? indicatorChanges(frozen, live)
    : latestRelease
      ? indicatorChanges(await indicatorAtRelease(latestRelease.version, slug, live), live)
      : [];
  const chart = atRelease(buildIndicatorChart(indicator, view), release?.version ?? null);
  const rg = chart.requiredGrowth;
  const yoyData = buildYoyChart(chart);
  return (
    <article className="space-y-8">
      <header className="space-y-1">
        <p className="text-xs uppercase tracking-wide text-gray-600">{[indicator.topic, indicator.country].filter(Boolean).join(' · ')}</p>
        <h1 className="text-2xl font-semibold">{indicator.name}</h1>
        {indicator.description ? <p className="text-gray-700">{indicator.description}</p> : null}
        <p className="text-sm">
          <Link href={`/api/v1/indicators/${indicator.slug}`} prefetch={false} className="text-blue-900 underline">
            This indicator as JSON
          </Link>
        </p>
      </header>
      {release ? (
        <ReleaseBanner release={release} currentHref={`/indicators/${indicator.slug}`} changes={changes} />
      ) : (
        <ReleaseStatus
          release={latestRelease}
          changes={changes}
          releaseHref={latestRelease ? `/indicators/${indicator.slug}?release=${latestRelease.version}` : '/releases'}
        />
      )}
      <IgnoredParamsNote ignored={ignored} raw={flat} />

      <section aria-labelledby="target-heading" className="space-y-2 rounded-lg border border-gray-200 bg-white p-4" data-testid="target-gap">
        <h2 id="target-heading" className="text-lg font-semibold">
          Gap to target
        </h2>
        {chart.target && chart.latestActual && chart.gap ? (
          <>
            <p>
              Latest actual:{' '}
              <strong>
                {formatNumber(chart.latestActual.value)} {chart.unit}
              </strong>{' '}
              ({chart.latestActual.period}). Target:{' '}
              <strong>
                {formatNumber(chart.target.value)} {chart.unit}
              </strong>
              . Gap:{' '}
              <strong data-testid="gap-value">
                {formatNumber(chart.gap.absolute)} {chart.unit}
              </strong>
              {chart.gap.relative !== null ? ` (the target is ${Math.round(chart.gap.relative * 100)}% above the latest value)` : ''}.
            </p>
            {rg ? (
              <p data-testid="required-growth">
                Needs <strong>{rg.rate.toFixed(1)}% a year</strong> to reach {formatNumber(chart.target.value, 0)} {chart.unit} by {rg.byYear} ({rg.years} years
                of compound growth from {chart.latestActual.period}).
              </p>
            ) : null}
            <p className="text-sm text-gray-700">
              The target was stated without a deadline ({chart.target.basis ?? chart.target.sourceName ?? 'source'}), so you pick the year.
              {rg?.isDefaultYear ? ` Shown: the latest actual year + ${DEFAULT_TARGET_HORIZON_YEARS}.` : ''}
            </p>
            <form method="get" className="flex flex-wrap items-end gap-2 text-sm">
              <label className="flex flex-col">
                <span className="text-gray-700">Reach the target by</span>
                <input
                  type="number"
                  name="by"
                  min={chart.latestActual.year + 1}
                  max={2200}
                  defaultValue={rg?.byYear}
                  className="w-28 rounded border border-gray-400 px-2 py-1"
                />
              </label>
              <button type="submit" className="rounded bg-gray-900 px-3 py-1.5 text-white">
                Recalculate
              </button>
              <Link href="/methodology#required-growth" className="pb-1 text-blue-900 underline">
                How is this computed?
              </Link>
            </form>
          </>
        ) : (
          <p className="text-gray-700">{chart.target ? 'No actual value yet to measure the gap from.' : 'No target recorded for this indicator.'}</p>
        )}
        {chart.cagr ? (
          <p className="text-sm text-gray-700">
            For comparison: from {chart.cagr.fromYear} to {chart.cagr.toYear} the value changed by {chart.cagr.rate.toFixed(1)}% a year (CAGR)
            {chart.ols
              ? `; straight-line trend ${chart.ols.slope >= 0 ? '+' : ''}${chart.ols.slope.toFixed(2)} ${chart.unit} a year${chart.ols.rSquared !== null ? `, R² = ${chart.ols.rSquared.toFixed(2)}` : ''}`
              : ''}
            .
          </p>
        ) : null}
      </section>

      <section className="min-w-0 rounded-lg border border-gray-200 bg-white p-4">
        {chart.points.length === 0 ? (
          <p className="text-gray-700">No observations yet for this indicator.</p>
        ) : (
          <ChartFigure
            data={chart}
            headingLevel={2}
            testId="indicator-figure"
            exportLinks={chartExportLinks(chart, {
              chartId: 'chart-indicator',
              fileBase: `${slug}-series`,
              dataPath: `/api/v1/indicators/${slug}/series`,
              embedPath: `/embed/indicators/${slug}`,
            })}
            chart={<IndicatorChart data={chart} />}
            notes={
              <p className="text-xs text-gray-700">
                Solid dots: actual values. Hollow dots: estimates. Dashed line: the target. Dotted line: the path the required growth implies. Alternative
                figures for the same year (other source or basis) and part-year values are listed in the table only.
              </p>
            }
            tableOpen
            table={
              <Table
                variant="data"
                className="min-w-[40rem]"
                caption={`${chart.title}: every observation with its source`}
                testId="indicator-table"
                rows={chart.points}
                rowKey={(p) => p.id}
                rowData={(p) => ({ 'data-role': p.role })}
                columns={[
                  { header: 'Period', rowHeader: true, className: 'whitespace-nowrap', cell: (p) => p.period },
                  { header: `Value (${chart.unit})`, numeric: true, cell: (p) => p.value },
                  { header: 'Kind', cell: (p) => `${ROLE_TEXT[p.role] ?? p.role}${p.derived ? ', derived' : ''}` },
                  { header: 'Basis', cell: (p) => p.basis ?? '—' },
                  {
                    header: 'Source',
                    cell: (p) =>
                      p.sourceUrl ? (
                        <a href={p.sourceUrl} className="text-blue-900 underline" rel="noopener noreferrer">
                          {p.sourceName ?? 'link'}
                        </a>
                      ) : (
                        (p.sourceName ?? 'not recorded')
                      ),
                  },
                ]}
              />
            }
          />
        )}
      </section>

      {yoyData.bars.length > 0 ? (
        <section className="min-w-0 rounded-lg border border-gray-200 bg-white p-4">
          <ChartFigure
            data={yoyData}
            headingLevel={2}
            testId="yoy-figure"
            exportLinks={chartExportLinks(yoyData, { chartId: 'chart-yoy', fileBase: `${slug}-yoy`, dataPath: `/api/v1/indicators/${slug}/yoy` })}
            chart={<YoyChart data={yoyData} />}
            table={
              <Table
                variant="data"
                className="min-w-[20rem]"
                testId="yoy-table"
                rows={yoyData.bars}
                rowKey={(y) => y.year}
                columns={[
                  { header: 'Year', rowHeader: true, cell: (y) => `${y.previousYear}→${y.year}` },
                  { header: 'Change', numeric: true, cell: (y) => `${y.change.toFixed(1)}%` },
                  { header: 'Note', cell: (y) => (y.involvesEstimate ? 'involves an estimate' : '') },
                ]}
              />
            }
          />
        </section>
      ) : null}
      <p className="text-sm">
        <Link href={`/compare?indicator=${indicator.slug}`} className="text-blue-900 underline">
          Compare with a poll question on the same time axis
        </Link>
      </p>
    </article>
  );
}
