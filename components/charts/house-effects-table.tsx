import type { HouseEffectsChartData } from '@/lib/charts/house-effects';
import { Table } from '@/components/ui/table';

export function HouseEffectsTable({ data }: { data: HouseEffectsChartData }) {
  return (
    <Table
      variant="data"
      className="min-w-[28rem]"
      caption={data.title}
      testId="house-effects-table"
      rows={data.rows}
      rowKey={(r) => r.pollsterSlug}
      columns={[
        { header: 'Pollster', rowHeader: true, cell: (r) => r.pollster },
        { header: 'Polls', numeric: true, cell: (r) => r.polls },
        { header: 'House effect (pts)', numeric: true, cell: (r) => r.effect.toFixed(2) },
        { header: '95% interval', numeric: true, cell: (r) => `${r.low.toFixed(2)} to ${r.high.toFixed(2)}` },
        { header: 'Raw mean residual', numeric: true, cell: (r) => r.meanResidual.toFixed(2) },
      ]}
    />
  );
}
