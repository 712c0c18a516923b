'use client';

import dynamic from 'next/dynamic';
import type { CompareDrawing } from '@/lib/charts/compare';
import { ChartPlaceholder } from '@/components/charts/chart-placeholder';

// Recharts after hydration, not in the first-load JS (why: components/charts/chart-placeholder.tsx).
// The drawing takes 90% of the panel; the label above it takes the rest.
const ComparePlot = dynamic(() => import('@/components/charts/compare-plot').then((m) => m.ComparePlot), { ssr: false, loading: () => <ChartPlaceholder className="h-[90%]" /> });

/**
 * Two stacked panels with the same x domain (epoch ms): the poll trend above, the indicator below.
 * Event annotations are vertical dashed lines drawn at the same x in both panels.
 */
export function CompareChart({ data }: { data: CompareDrawing }) {
  if (!data.xDomain) return null;
  const s = data.trend;
  return (
    <div className="space-y-1" data-testid="compare-chart">
      {s ? (
        <div className="h-56 w-full min-w-0" data-testid="compare-question-panel">
          <p className="text-xs font-medium text-gray-800">
            Top: {s.optionLabel} (% of respondents), {s.methodLabel}
          </p>
          <ComparePlot data={data} panel="question" />
        </div>
      ) : null}
      {data.indicator && data.indicatorPoints.length > 0 ? (
        <div className="h-56 w-full min-w-0" data-testid="compare-indicator-panel">
          <p className="text-xs font-medium text-gray-800">
            Bottom: {data.indicator.name} ({data.indicator.unit}); yearly values at mid-year
          </p>
          <ComparePlot data={data} panel="indicator" />
        </div>
      ) : null}
    </div>
  );
}
