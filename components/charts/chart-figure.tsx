import Link from 'next/link';
import type { ReactNode } from 'react';
import { type ChartBase, unitsAndMethod } from '@/lib/charts/types';
import type { ChartExportLinks } from '@/lib/charts/export-links';
import { ExportMenu } from '@/components/charts/export-menu';
import { SourceLine } from '@/components/ui/source-line';
import { TableToggle } from '@/components/ui/table-toggle';

/**
 * The frame every chart gets: title, units and method in the caption, the source, a link to the
 * formula on /methodology, a one-sentence summary for screen readers, and the data table behind a
 * toggle button.
 */
export function ChartFigure({
  data,
  chart,
  table,
  notes,
  testId,
  headingLevel = 3,
  tableOpen = false,
  lazyTable = false,
  exportLinks,
}: {
  data: ChartBase;
  chart: ReactNode;
  table: ReactNode;
  notes?: ReactNode;
  testId?: string;
  headingLevel?: 2 | 3;
  tableOpen?: boolean;
  /** See TableToggle's `lazy`: the table is a client component holding data the chart already has. */
  lazyTable?: boolean;
  /** export/share/embed menu; its chartId goes on the chart's container */
  exportLinks?: ChartExportLinks;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <figure className="min-w-0 space-y-3" data-testid={testId} aria-label={data.title}>
      <figcaption className="space-y-1">
        <div className="flex flex-wrap items-start justify-between gap-2">
          <Heading className="font-semibold">{data.title}</Heading>
          {exportLinks ? <ExportMenu links={exportLinks} /> : null}
        </div>
        <p className="text-sm text-gray-700">{data.subtitle}</p>
        <p className="text-xs text-gray-600">
          {unitsAndMethod(data)}{' '}
          <Link href={`/methodology#${data.method.anchor}`} className="text-blue-900 underline" data-testid="method-link">
            How is this computed?
          </Link>
        </p>
        <p className="sr-only" data-testid="chart-summary">
          {data.summary}
        </p>
      </figcaption>
      {exportLinks ? <div id={exportLinks.chartId}>{chart}</div> : chart}
      {notes}
      <SourceLine sources={data.sources} testId="chart-source-line" />
      <TableToggle label="data table" defaultOpen={tableOpen} lazy={lazyTable}>
        {table}
      </TableToggle>
    </figure>
  );
}
