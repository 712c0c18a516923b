'use client';

import dynamic from 'next/dynamic';
import type { IndicatorChartData, YoyChartData } from '@/lib/charts/indicator';
import { ChartPlaceholder } from '@/components/charts/chart-placeholder';

// Recharts after hydration, not in the first-load JS (why: components/charts/chart-placeholder.tsx).
const IndicatorPlot = dynamic(() => import('@/components/charts/indicator-plot').then((m) => m.IndicatorPlot), { ssr: false, loading: () => <ChartPlaceholder /> });
const YoyPlot = dynamic(() => import('@/components/charts/indicator-plot').then((m) => m.YoyPlot), { ssr: false, loading: () => <ChartPlaceholder /> });

/** Actual values as solid dots, estimates as hollow dots, the target as a dashed reference line. */
export function IndicatorChart({ data }: { data: IndicatorChartData }) {
  return (
    <div className="h-72 w-full min-w-0" data-testid="indicator-chart">
      <IndicatorPlot data={data} />
    </div>
  );
}

/** Year-on-year change bars (percent); bars involving an estimate are hatched-looking (lighter). */
export function YoyChart({ data }: { data: YoyChartData }) {
  return (
    <div className="h-56 w-full min-w-0" data-testid="yoy-chart">
      <YoyPlot data={data} />
    </div>
  );
}
