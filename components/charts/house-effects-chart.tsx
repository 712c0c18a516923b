'use client';

import dynamic from 'next/dynamic';
import type { HouseEffectsChartData } from '@/lib/charts/house-effects';
import { ChartPlaceholder } from '@/components/charts/chart-placeholder';

// Recharts after hydration, not in the first-load JS (why: components/charts/chart-placeholder.tsx).
const HouseEffectsPlot = dynamic(() => import('@/components/charts/house-effects-plot').then((m) => m.HouseEffectsPlot), {
  ssr: false,
  loading: () => <ChartPlaceholder />,
});

/** Diverging bars (house effect, points) with 95% whiskers, one row per pollster. */
export function HouseEffectsChart({ data }: { data: HouseEffectsChartData }) {
  const height = 48 * data.rows.length + 56;
  return (
    <div className="w-full min-w-0" style={{ height }} data-testid="house-effects-chart">
      <HouseEffectsPlot data={data} height={height} />
    </div>
  );
}
