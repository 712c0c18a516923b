'use client';

import { Bar, BarChart, CartesianGrid, Cell, ErrorBar, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DistributionChartData } from '@/lib/charts/distribution';
import { optionColour } from '@/lib/charts/palette';

interface Row {
  label: string;
  key: string;
  percent: number;
  /** [below, above] distances for Recharts' asymmetric ErrorBar. */
  error: [number, number] | undefined;
  low: number | null;
  high: number | null;
}

/**
 * The distribution chart's Recharts drawing (loaded after hydration by DistributionChart, which owns
 * the box and its height): horizontal bars with 95% interval whiskers. Draws what it is given.
 */
export function DistributionPlot({ data, height }: { data: DistributionChartData; height: number }) {
  const rows: Row[] = data.bars.map((b) => ({
    label: b.label,
    key: b.key,
    percent: b.percent,
    error: b.interval ? [b.percent - b.interval.low, b.interval.high - b.percent] : undefined,
    low: b.interval?.low ?? null,
    high: b.interval?.high ?? null,
  }));
  return (
    <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 320, height }}>
      <BarChart data={rows} layout="vertical" margin={{ top: 8, right: 48, bottom: 8, left: 8 }} accessibilityLayer>
        <CartesianGrid horizontal={false} stroke="#e5e7eb" />
        <XAxis type="number" domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} unit="%" tick={{ fill: '#374151', fontSize: 12 }} />
        <YAxis type="category" dataKey="label" width={96} tick={{ fill: '#111827', fontSize: 13 }} />
        <Tooltip
          cursor={{ fill: '#f3f4f6' }}
          formatter={(value, _name, item) => {
            const row = item.payload as Row;
            const interval = row.low !== null && row.high !== null ? ` (95% interval ${row.low.toFixed(1)}–${row.high.toFixed(1)})` : '';
            return [`${String(value)}%${interval}`, 'Share'];
          }}
        />
        <Bar dataKey="percent" isAnimationActive={false} barSize={28}>
          {rows.map((r, i) => (
            <Cell key={r.key} fill={optionColour(r.key, i)} />
          ))}
          <ErrorBar dataKey="error" direction="x" width={10} stroke="#111827" strokeWidth={1.5} />
          <LabelList dataKey="percent" position="right" offset={14} formatter={(v) => `${String(v)}%`} fill="#111827" fontSize={13} />
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}
