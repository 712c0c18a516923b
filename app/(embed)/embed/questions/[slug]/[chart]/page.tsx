import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { deriveFrom, getQuestionView, memoChart } from '@/lib/data/question-cache';
import { buildDistributionChart } from '@/lib/charts/distribution';
import { buildTrendChart, toTrendDrawing } from '@/lib/charts/trend';
import { thinForDrawing } from '@/lib/charts/downsample';
import { buildHouseEffectsChart } from '@/lib/charts/house-effects';
import { flattenSearchParams, parseLenient, ZQuestionViewInput } from '@/lib/schemas/views';
import { DistributionChart } from '@/components/charts/distribution-chart';
import { DistributionTable } from '@/components/charts/distribution-table';
import { TrendChart } from '@/components/charts/trend-chart';
import { TrendTable } from '@/components/charts/trend-table';
import { HouseEffectsChart } from '@/components/charts/house-effects-chart';
import { HouseEffectsTable } from '@/components/charts/house-effects-table';
import { EmbedFrame } from '@/components/charts/embed-frame';
import { TableToggle } from '@/components/ui/table-toggle';

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
  const question = kind ? await getQuestionView(slug) : null;
  if (!kind || !question) notFound();
  const { value: view } = parseLenient(ZQuestionViewInput, flattenSearchParams(sp));
  if (kind === 'distribution') {
    const latest = question.polls[0];
    if (!latest) notFound();
    const data = deriveFrom(question, 'distribution', () => buildDistributionChart(question, latest));
    return <EmbedFrame data={data} chartId="chart-distribution" chart={<DistributionChart data={data} />} table={<DistributionTable data={data} />} />;
  }
  if (kind === 'trend') {
    const data = memoChart(question, 'trend', buildTrendChart, view);
    const drawing = toTrendDrawing(data);
    // Dense series thinned for the plot only, as on the question page; the table keeps every poll.
    const plotted = thinForDrawing(drawing);
    return (
      <EmbedFrame
        data={data}
        chartId="chart-trend"
        chart={<TrendChart data={plotted} />}
        table={
          <TableToggle label="data table" lazy>
            <TrendTable data={drawing} optionLabel={data.option.label} />
          </TableToggle>
        }
      />
    );
  }
  const data = memoChart(question, 'house-effects', buildHouseEffectsChart, view);
  if (data.notShownReason) return <EmbedFrame data={data} chart={<p className="text-sm text-gray-700">Not shown: {data.notShownReason}</p>} />;
  return <EmbedFrame data={data} chartId="chart-house-effects" chart={<HouseEffectsChart data={data} />} table={<HouseEffectsTable data={data} />} />;
}
