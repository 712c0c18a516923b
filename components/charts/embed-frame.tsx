import type { ReactNode } from 'react';
import type { ChartBase } from '@/lib/charts/types';
import { unitsAndMethod, urlOf } from '@/lib/charts/types';
import { SourceLine } from '@/components/ui/source-line';

/**
 * An embedded chart: title, caption, the chart, its numbers, the source and a link to the full page
 * (target _top: leave the host page's frame).
 *
 * Laid out to fit any iframe height: the title (head) and the legend, source and back-link (foot)
 * keep their place and only the chart and table between them scroll when the frame is too short.
 * With the host script from the embed code (public/embed.js) the frame is sized to the natural
 * height instead, which EmbedResizeReporter measures from the `data-embed-part` elements.
 */
export function EmbedFrame({
  data,
  chart,
  table,
  legend,
  note,
  chartId,
}: {
  data: ChartBase;
  chart: ReactNode;
  table?: ReactNode;
  legend?: ReactNode;
  /** e.g. the ignored-query-parameter note */
  note?: ReactNode;
  chartId?: string;
}) {
  return (
    <figure className="flex min-h-0 flex-1 flex-col gap-2" data-testid="embed-figure" data-embed-part="frame" aria-label={data.title}>
      <figcaption className="shrink-0 space-y-1" data-embed-part="head">
        <h1 className="text-base font-semibold">{data.title}</h1>
        <p className="text-sm text-gray-700">{data.subtitle}</p>
        <p className="text-xs text-gray-600">{unitsAndMethod(data)}</p>
        <p className="sr-only">{data.summary}</p>
        {note}
      </figcaption>
      <div className="min-h-0 flex-1 overflow-auto" data-embed-part="body">
        <div className="space-y-2" data-embed-part="content">
          <div id={chartId}>{chart}</div>
          {table ? <div className="max-h-64 overflow-auto">{table}</div> : null}
        </div>
      </div>
      <div className="shrink-0 space-y-1" data-embed-part="foot">
        {legend ? <div data-testid="embed-legend">{legend}</div> : null}
        <SourceLine sources={data.sources} testId="embed-source-line" />
        <p className="text-xs">
          <a href={urlOf(data.urlState)} target="_top" className="text-blue-900 underline" data-testid="embed-full-link">
            Full chart and data on Pollboard
          </a>
        </p>
      </div>
    </figure>
  );
}
