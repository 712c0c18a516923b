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
  const indicator = await getIndicatorBySlug(slug);
  if (!indicator) notFound();
  const { value: view, ignored } = parseLenient(ZIndicatorViewInput, flattenSearchParams(sp));
  const chart = buildIndicatorChart(indicator, view);
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
      <IgnoredParamsNote ignored={ignored} raw={flattenSearchParams(sp)} />

      <section aria-labelledby="target-heading" className="space-y-2 rounded-lg border border-gray-200 bg-white p-4" data-testid="target-gap">
        <h2 id="target-heading" className="text-lg font-semibold">
          Gap to target
        </h2>
        {chart.target && chart.latestActual && chart.gap ? (
          <>
            <p>
              Latest actual: <strong>{formatNumber(chart.latestActual.value)} {chart.unit}</strong> ({chart.latestActual.period}). Target:{' '}
              <strong>
                {formatNumber(chart.target.value)} {chart.unit}
              </strong>
              . Gap: <strong data-testid="gap-value">{formatNumber(chart.gap.absolute)} {chart.unit}</strong>
              {chart.gap.relative !== null ? ` (the target is ${Math.round(chart.gap.relative * 100)}% above the latest value)` : ''}.
            </p>
            {rg ? (
              <p data-testid="required-growth">
                Needs <strong>{rg.rate.toFixed(1)}% a year</strong> to reach {formatNumber(chart.target.value, 0)} {chart.unit} by {rg.byYear} (
                {rg.years} years of compound growth from {chart.latestActual.period}).
              </p>
            ) : null}
            <p className="text-sm text-gray-700">
              The target was stated without a deadline ({chart.target.basis ?? chart.target.sourceName ?? 'source'}), so you pick the year.
              {rg?.isDefaultYear ? ` Shown: the latest actual year + ${DEFAULT_TARGET_HORIZON_YEARS}.` : ''}
            </p>
            <form method="get" className="flex flex-wrap items-end gap-2 text-sm">
              <label className="flex flex-col">
                <span className="text-gray-700">Reach the target by</span>
                <input type="number" name="by" min={chart.latestActual.year + 1} max={2200} defaultValue={rg?.byYear} className="w-28 rounded border border-gray-400 px-2 py-1" />
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
            {chart.ols ? `; straight-line trend ${chart.ols.slope >= 0 ? '+' : ''}${chart.ols.slope.toFixed(2)} ${chart.unit} a year${chart.ols.rSquared !== null ? `, R² = ${chart.ols.rSquared.toFixed(2)}` : ''}` : ''}.
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
            exportLinks={chartExportLinks(chart, { chartId: 'chart-indicator', fileBase: `${slug}-series`, dataPath: `/api/v1/indicators/${slug}/series`, embedPath: `/embed/indicators/${slug}` })}
            chart={<IndicatorChart data={chart} />}
            notes={
              <p className="text-xs text-gray-700">
                Solid dots: actual values. Hollow dots: estimates. Dashed line: the target. Dotted line: the path the required growth implies. Alternative figures for the same year (other source or
                basis) and part-year values are listed in the table only.
              </p>
            }
            tableOpen
            table={
              <table className="w-full min-w-[40rem] border-collapse bg-white text-sm" data-testid="indicator-table">
                <caption className="sr-only">{chart.title}: every observation with its source</caption>
                <thead>
                  <tr className="border-b text-left text-gray-700">
                    <th scope="col" className="p-1.5">Period</th>
                    <th scope="col" className="p-1.5 text-right">Value ({chart.unit})</th>
                    <th scope="col" className="p-1.5">Kind</th>
                    <th scope="col" className="p-1.5">Basis</th>
                    <th scope="col" className="p-1.5">Source</th>
                  </tr>
                </thead>
                <tbody>
                  {chart.points.map((p) => (
                    <tr key={p.id} className="border-b last:border-0" data-role={p.role}>
                      <th scope="row" className="p-1.5 text-left font-normal whitespace-nowrap">{p.period}</th>
                      <td className="p-1.5 text-right">{p.value}</td>
                      <td className="p-1.5">{ROLE_TEXT[p.role] ?? p.role}{p.derived ? ', derived' : ''}</td>
                      <td className="p-1.5">{p.basis ?? '—'}</td>
                      <td className="p-1.5">
                        {p.sourceUrl ? (
                          <a href={p.sourceUrl} className="text-blue-900 underline" rel="noopener noreferrer">
                            {p.sourceName ?? 'link'}
                          </a>
                        ) : (
                          (p.sourceName ?? 'not recorded')
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
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
              <table className="w-full min-w-[20rem] border-collapse bg-white text-sm" data-testid="yoy-table">
                <thead>
                  <tr className="border-b text-left text-gray-700">
                    <th scope="col" className="p-1.5">Year</th>
                    <th scope="col" className="p-1.5 text-right">Change</th>
                    <th scope="col" className="p-1.5">Note</th>
                  </tr>
                </thead>
                <tbody>
                  {yoyData.bars.map((y) => (
                    <tr key={y.year} className="border-b last:border-0">
                      <th scope="row" className="p-1.5 text-left font-normal">
                        {y.previousYear}→{y.year}
                      </th>
                      <td className="p-1.5 text-right">{y.change.toFixed(1)}%</td>
                      <td className="p-1.5">{y.involvesEstimate ? 'involves an estimate' : ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
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
