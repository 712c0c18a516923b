'use client';

import dynamic from 'next/dynamic';
import type { CompareDrawing } from '@/lib/charts/compare';
import { ChartPlaceholder } from '@/components/charts/chart-placeholder';
import { MarkerGlyph } from '@/components/charts/marker-glyph';
import { IndicatorLegendItems } from '@/components/charts/indicator-legend-items';

// Recharts after hydration, not in the first-load JS (why: components/charts/chart-placeholder.tsx).
const ComparePlot = dynamic(() => import('@/components/charts/compare-plot').then((m) => m.ComparePlot), { ssr: false, loading: () => <ChartPlaceholder /> });

/**
 * Two stacked panels with the same x domain (epoch ms): every wording series of the poll question
 * above, the indicator with its target and required-growth path below. Each panel is a column (label,
 * drawing, legend), so nothing overlaps at any width. Event numbers are drawn on the top panel.
 */
export function CompareChart({ data }: { data: CompareDrawing }) {
  if (!data.xDomain) return null;
  const s = data.trend;
  return (
    <div className="space-y-4" data-testid="compare-chart">
      {s ? (
        <div className="min-w-0 space-y-1" data-testid="compare-question-panel">
          <p className="text-xs font-medium text-gray-800">
            Top: “{s.optionLabel}”, % of respondents; each poll with its 95% interval; line: {s.methodLabel.toLowerCase()}, per wording
          </p>
          <div className="h-64 w-full min-w-0">
            <ComparePlot data={data} panel="question" />
          </div>
          <ul className="space-y-1 text-xs text-gray-700" data-testid="compare-legend">
            {s.series.map((series) => (
              <li
                key={series.wordingKey}
                className="flex items-start gap-2"
                data-testid="compare-series"
                data-wording={series.wordingKey}
                data-shape={series.shape}
              >
                <MarkerGlyph shape={series.shape} colour={series.colour} />
                <span>
                  <q>{series.wording}</q> ({series.pollCount} {series.pollCount === 1 ? 'poll' : 'polls'}
                  {series.lineNote ? `; ${series.lineNote}` : ''})
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {data.indicator && data.indicatorPoints.length > 0 ? (
        <div className="min-w-0 space-y-1" data-testid="compare-indicator-panel">
          <p className="text-xs font-medium text-gray-800">
            Bottom: {data.indicator.name} ({data.indicator.unit}); yearly values at mid-year
          </p>
          <div className="h-56 w-full min-w-0">
            <ComparePlot data={data} panel="indicator" />
          </div>
          <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-gray-700" data-testid="compare-indicator-legend">
            <IndicatorLegendItems
              estimates={data.indicatorPoints.some((p) => p.role !== 'actual')}
              target={data.target?.value ?? null}
              unit={data.indicator.unit}
              requiredTestId="compare-required-legend"
              required={
                data.requiredGrowth && data.requiredPath.length > 1 ? (
                  <>
                    required path: {data.requiredGrowth.rate.toFixed(1)}% a year from {data.requiredPath[0]?.year} to reach the target by{' '}
                    {data.requiredGrowth.byYear}
                  </>
                ) : null
              }
            />
            {data.quoted ? (
              <li className="flex items-center gap-1.5">
                <svg width={14} height={14} aria-hidden className="inline-block">
                  <circle cx={7} cy={7} r={5.5} fill="none" stroke="#111827" strokeWidth={1.5} />
                </svg>{' '}
                {data.quoted.period}: {data.quoted.value} {data.indicator.unit}, quoted with the target ({data.quoted.source})
              </li>
            ) : null}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
