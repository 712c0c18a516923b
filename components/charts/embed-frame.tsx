import type { ReactNode } from 'react';
import type { ChartBase } from '@/lib/charts/types';
import { urlOf } from '@/lib/charts/types';
import { SourceLine } from '@/components/ui/source-line';

/**
 * An embedded chart: title, caption, the chart, its numbers, the source and a link to the full page
 * (target _top: leave the host page's frame).
 */
export function EmbedFrame({ data, chart, table, chartId }: { data: ChartBase; chart: ReactNode; table?: ReactNode; chartId?: string }) {
  return (
    <figure className="min-w-0 space-y-2" data-testid="embed-figure" aria-label={data.title}>
      <figcaption className="space-y-1">
        <h1 className="text-base font-semibold">{data.title}</h1>
        <p className="text-sm text-gray-700">{data.subtitle}</p>
        <p className="text-xs text-gray-600">
          Units: {data.unit}. Method: {data.method.label}.
        </p>
        <p className="sr-only">{data.summary}</p>
      </figcaption>
      <div id={chartId}>{chart}</div>
      {table ? <div className="max-h-64 overflow-auto">{table}</div> : null}
      <SourceLine sources={data.sources} testId="embed-source-line" />
      <p className="text-xs">
        <a href={urlOf(data.urlState)} target="_top" className="text-blue-900 underline" data-testid="embed-full-link">
          Full chart and data on Pollboard
        </a>
      </p>
    </figure>
  );
}
