'use client';

import { Bar, BarChart, CartesianGrid, ErrorBar, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { HouseEffectsChartData } from '@/lib/charts/house-effects';
import { OKABE_ITO } from '@/lib/charts/palette';
import { AXIS_TICK } from '@/components/charts/axes';

/**
 * The house-effects chart's Recharts drawing (loaded after hydration by HouseEffectsChart, which owns
 * the box and its height): diverging bars (house effect, points) with 95% whiskers, one row per pollster.
 */
export function HouseEffectsPlot({ data, height }: { data: HouseEffectsChartData; height: number }) {
  const rows = data.rows.map((r) => ({ ...r, error: [r.effect - r.low, r.high - r.effect] as [number, number] }));
  const extent = Math.max(2, ...data.rows.map((r) => Math.max(Math.abs(r.low), Math.abs(r.high))));
  const lim = Math.ceil(extent);
  return (
    <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 320, height }}>
      <BarChart data={rows} layout="vertical" margin={{ top: 8, right: 24, bottom: 8, left: 8 }} accessibilityLayer>
        <CartesianGrid horizontal={false} stroke="#e5e7eb" />
        <XAxis type="number" domain={[-lim, lim]} unit=" pts" tick={AXIS_TICK} />
        <YAxis type="category" dataKey="pollster" width={120} tick={{ fill: '#111827', fontSize: 12 }} />
        <ReferenceLine x={0} stroke="#111827" />
        <Tooltip
          formatter={(value, _n, item) => {
            const r = item.payload as (typeof rows)[number];
            return [`${Number(value).toFixed(1)} pts (95% ${r.low.toFixed(1)} to ${r.high.toFixed(1)}; ${r.polls} polls)`, 'House effect'];
          }}
        />
        <Bar dataKey="effect" fill={OKABE_ITO.blue} barSize={18} isAnimationActive={false}>
          <ErrorBar dataKey="error" direction="x" width={8} stroke="#111827" strokeWidth={1.5} />
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}
