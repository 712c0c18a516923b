import { notFound } from 'next/navigation';
import { getIndicatorBySlug } from '@/lib/data/indicators';
import { buildIndicatorChart } from '@/lib/charts/indicator';
import { flattenSearchParams, parseLenient, ZIndicatorViewInput } from '@/lib/schemas/views';
import { IndicatorChart, IndicatorLegend } from '@/components/charts/indicator-chart';
import { EmbedFrame } from '@/components/charts/embed-frame';
import { IgnoredParamsNote } from '@/components/ui/ignored-params-note';
import { getReleaseSummary, indicatorAtRelease } from '@/lib/data/releases';
import { atRelease } from '@/lib/charts/release';

export const dynamic = 'force-dynamic';

interface Props {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** /embed/indicators/[slug]?by=&release=: the indicator chart with its target line. */
export default async function EmbedIndicator({ params, searchParams }: Props) {
  const [{ slug }, sp] = await Promise.all([params, searchParams]);
  const rawQuery = flattenSearchParams(sp);
  // ?release=…: an embed in an article keeps showing the data of the release it was made from.
  const release = rawQuery.release ? await getReleaseSummary(rawQuery.release) : null;
  if (rawQuery.release && !release) notFound();
  const live = await getIndicatorBySlug(slug);
  const indicator = release ? await indicatorAtRelease(release.version, slug, live) : live;
  if (!indicator) notFound();
  const { value: view, ignored } = parseLenient(ZIndicatorViewInput, rawQuery);
  const data = atRelease(buildIndicatorChart(indicator, view), release?.version ?? null);
  return (
    <EmbedFrame
      data={data}
      note={<IgnoredParamsNote ignored={ignored} raw={rawQuery} />}
      chartId="chart-indicator"
      chart={<IndicatorChart data={data} showLegend={false} />}
      legend={<IndicatorLegend data={data} />}
    />
  );
}
