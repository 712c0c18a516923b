'use client';

import dynamic from 'next/dynamic';
import type { IndicatorChartData, YoyChartData } from '@/lib/charts/indicator';
import { IndicatorLegendItems } from '@/components/charts/indicator-legend-items';
import { ChartPlaceholder } from '@/components/charts/chart-placeholder';
import { useElementWidth } from '@/components/charts/use-element-width';

// Recharts after hydration, not in the first-load JS (why: components/charts/chart-placeholder.tsx).
const IndicatorPlot = dynamic(() => import('@/components/charts/indicator-plot').then((m) => m.IndicatorPlot), {
  ssr: false,
  loading: () => <ChartPlaceholder />,
});
const YoyPlot = dynamic(() => import('@/components/charts/indicator-plot').then((m) => m.YoyPlot), { ssr: false, loading: () => <ChartPlaceholder /> });

/**
 * Actual values as solid dots, estimates as hollow dots, the target as a dashed reference line and
 * the growth path the target implies as a dotted line, with a legend of all four.
 */
export function IndicatorChart({ data, showLegend = true }: { data: IndicatorChartData; showLegend?: boolean }) {
  const [ref, width] = useElementWidth<HTMLDivElement>();
  return (
    <div className="space-y-1">
      <div ref={ref} className="h-72 w-full min-w-0" data-testid="indicator-chart">
        <IndicatorPlot data={data} narrow={width > 0 && width < 480} />
      </div>
      {showLegend ? <IndicatorLegend data={data} /> : null}
    </div>
  );
}

/** What the indicator chart's marks mean: actual, estimate, target, required path. */
export function IndicatorLegend({ data }: { data: IndicatorChartData }) {
  const rg = data.requiredGrowth;
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-gray-700" data-testid="indicator-legend">
      <IndicatorLegendItems
        estimates={data.points.some((p) => p.drawn && p.role !== 'actual')}
        target={data.target?.value ?? null}
        unit={data.unit}
        requiredTestId="indicator-required-legend"
        required={
          rg && data.requiredPath.length > 1 ? (
            <>
              required path: {rg.rate.toFixed(1)}% a year from {data.requiredPath[0]?.year} to {rg.byYear}
            </>
          ) : null
        }
      />
    </ul>
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
