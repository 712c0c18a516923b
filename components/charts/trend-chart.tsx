'use client';

import dynamic from 'next/dynamic';
import type { TrendDrawing } from '@/lib/charts/trend';
import { ChartPlaceholder } from '@/components/charts/chart-placeholder';

// Recharts after hydration, not in the first-load JS (why: components/charts/chart-placeholder.tsx).
const TrendPlot = dynamic(() => import('@/components/charts/trend-plot').then((m) => m.TrendPlot), { ssr: false, loading: () => <ChartPlaceholder /> });

/** Poll dots, the aggregate line and 50/80/95% bands per wording series, in a box of fixed height. */
export function TrendChart({ data }: { data: TrendDrawing }) {
  return (
    <div className="h-80 w-full min-w-0" data-testid="trend-chart">
      <TrendPlot data={data} />
    </div>
  );
}
