import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getQuestionView } from '@/lib/data/question-cache';
import { distributionOf, houseEffectsOf, trendDrawingOf, trendOf } from '@/lib/charts/question-charts';
import { flattenSearchParams, parseLenient, ZQuestionViewInput } from '@/lib/schemas/views';
import { DistributionChart } from '@/components/charts/distribution-chart';
import { DistributionTable } from '@/components/charts/distribution-table';
import { TrendChart } from '@/components/charts/trend-chart';
import { TrendTable } from '@/components/charts/trend-table';
import { HouseEffectsChart } from '@/components/charts/house-effects-chart';
import { HouseEffectsTable } from '@/components/charts/house-effects-table';
import { EmbedFrame } from '@/components/charts/embed-frame';
import { IgnoredParamsNote } from '@/components/ui/ignored-params-note';
import { SeriesLegend } from '@/components/charts/series-legend';
import { TableToggle } from '@/components/ui/table-toggle';
import { getReleaseSummary, questionAtRelease } from '@/lib/data/releases';
import { atRelease } from '@/lib/charts/release';

export const dynamic = 'force-dynamic';

interface Props {
  params: Promise<{ slug: string; chart: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

const CHARTS = ['distribution', 'trend', 'house-effects'] as const;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const question = await getQuestionView(slug);
  return { title: question?.title ?? 'Chart not found' };
}

/** /embed/questions/[slug]/{distribution|trend|house-effects}: the question page's chart, same URL state. */
export default async function EmbedQuestionChart({ params, searchParams }: Props) {
  const [{ slug, chart: name }, sp] = await Promise.all([params, searchParams]);
  const kind = CHARTS.find((c) => c === name);
  const flat = flattenSearchParams(sp);
  // ?release=…: an embed in an article keeps showing the data of the release it was made from.
  const release = flat.release ? await getReleaseSummary(flat.release) : null;
  if (flat.release && !release) notFound();
  const live = kind ? await getQuestionView(slug) : null;
  const question = kind && release ? await questionAtRelease(release.version, slug, live) : live;
  if (!kind || !question) notFound();
  const at = release?.version ?? null;
  const { value: view, ignored } = parseLenient(ZQuestionViewInput, flat);
  const note = <IgnoredParamsNote ignored={ignored} raw={flat} />;
  if (kind === 'distribution') {
    const distribution = distributionOf(question);
    if (!distribution) notFound();
    const data = atRelease(distribution, at);
    return (
      <EmbedFrame data={data} note={note} chartId="chart-distribution" chart={<DistributionChart data={data} />} table={<DistributionTable data={data} />} />
    );
  }
  if (kind === 'trend') {
    const data = atRelease(trendOf(question, view), at);
    // Dense series thinned for the plot only, as on the question page; the table keeps every poll.
    const { drawing, plotted } = trendDrawingOf(question, view);
    return (
      <EmbedFrame
        data={data}
        note={note}
        chartId="chart-trend"
        chart={<TrendChart data={plotted} />}
        legend={<SeriesLegend series={drawing.series} />}
        table={
          <TableToggle label="data table" lazy>
            <TrendTable data={drawing} optionLabel={data.option.label} />
          </TableToggle>
        }
      />
    );
  }
  const data = atRelease(houseEffectsOf(question, view), at);
  if (data.notShownReason) return <EmbedFrame data={data} note={note} chart={<p className="text-sm text-gray-700">Not shown: {data.notShownReason}</p>} />;
  return (
    <EmbedFrame data={data} note={note} chartId="chart-house-effects" chart={<HouseEffectsChart data={data} />} table={<HouseEffectsTable data={data} />} />
  );
}
