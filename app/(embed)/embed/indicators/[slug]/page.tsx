import { notFound } from 'next/navigation';
import { getIndicatorBySlug } from '@/lib/data/indicators';
import { buildIndicatorChart } from '@/lib/charts/indicator';
import { flattenSearchParams, parseLenient, ZIndicatorViewInput } from '@/lib/schemas/views';
import { IndicatorChart } from '@/components/charts/indicator-chart';
import { EmbedFrame } from '@/components/charts/embed-frame';

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
  const { value: view } = parseLenient(ZIndicatorViewInput, flattenSearchParams(sp));
  const data = buildIndicatorChart(indicator, view);
  return <EmbedFrame data={data} chartId="chart-indicator" chart={<IndicatorChart data={data} />} />;
}
