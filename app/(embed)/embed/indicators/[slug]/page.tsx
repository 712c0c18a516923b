import { notFound } from 'next/navigation';
import { getIndicatorBySlug } from '@/lib/data/indicators';
import { buildIndicatorChart } from '@/lib/charts/indicator';
import { flattenSearchParams, parseLenient, ZIndicatorViewInput } from '@/lib/schemas/views';
import { IndicatorChart, IndicatorLegend } from '@/components/charts/indicator-chart';
import { EmbedFrame } from '@/components/charts/embed-frame';
import { IgnoredParamsNote } from '@/components/ui/ignored-params-note';

export const dynamic = 'force-dynamic';

interface Props {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** /embed/indicators/[slug]?by=: the indicator chart with its target line. */
export default async function EmbedIndicator({ params, searchParams }: Props) {
  const [{ slug }, sp] = await Promise.all([params, searchParams]);
  const indicator = await getIndicatorBySlug(slug);
  if (!indicator) notFound();
  const rawQuery = flattenSearchParams(sp);
  const { value: view, ignored } = parseLenient(ZIndicatorViewInput, rawQuery);
  const data = buildIndicatorChart(indicator, view);
  return <EmbedFrame data={data} note={<IgnoredParamsNote ignored={ignored} raw={rawQuery} />} chartId="chart-indicator" chart={<IndicatorChart data={data} showLegend={false} />} legend={<IndicatorLegend data={data} />} />;
}
