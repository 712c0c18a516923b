'use client';

import dynamic from 'next/dynamic';
import type { DistributionChartData } from '@/lib/charts/distribution';
import { ChartPlaceholder } from '@/components/charts/chart-placeholder';

// Recharts after hydration, not in the first-load JS (why: components/charts/chart-placeholder.tsx).
const DistributionPlot = dynamic(() => import('@/components/charts/distribution-plot').then((m) => m.DistributionPlot), {
  ssr: false,
  loading: () => <ChartPlaceholder />,
});

/** Horizontal bars with 95% interval whiskers, in a box as tall as the bars need. Never fetches. */
export function DistributionChart({ data }: { data: DistributionChartData }) {
  const height = 56 * data.bars.length + 48;
  return (
    <div data-testid="distribution-chart" className="w-full" style={{ height }}>
      <DistributionPlot data={data} height={height} />
    </div>
  );
}
