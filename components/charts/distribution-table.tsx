import type { DistributionChartData } from '@/lib/charts/distribution';
import { formatPoints } from '@/lib/format/display';
import { Table } from '@/components/ui/table';

/** The numbers the distribution chart draws, as an accessible table. */
export function DistributionTable({ data }: { data: DistributionChartData }) {
  return (
    <Table
      variant="data"
      className="self-start"
      caption={`${data.title}: shares with ${Math.round(data.level * 100)}% intervals`}
      testId="distribution-table"
      rows={data.bars}
      rowKey={(b) => b.key}
      rowData={(b) => ({ 'data-option': b.key })}
      columns={[
        { header: 'Answer', rowHeader: true, cell: (b) => b.label },
        { header: 'Share', numeric: true, className: 'font-medium', testId: (b) => `share-${b.key}`, cell: (b) => `${b.percent}%` },
        {
          header: `${Math.round(data.level * 100)}% interval`,
          numeric: true,
          testId: (b) => `interval-${b.key}`,
          cell: (b) => (b.interval ? `${formatPoints(b.interval.low)}–${formatPoints(b.interval.high)}` : 'not computable (n not disclosed)'),
        },
      ]}
    />
  );
}
