'use client';

import { Bar, BarChart, CartesianGrid, Cell, ErrorBar, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DistributionChartData } from '@/lib/charts/distribution';
import { optionColour } from '@/lib/charts/palette';
import { AXIS_TICK } from '@/components/charts/axes';

interface Row {
  label: string;
  key: string;
  percent: number;
  /** [below, above] distances for Recharts' asymmetric ErrorBar. */
  error: [number, number] | undefined;
  low: number | null;
  high: number | null;
}

interface LabelProps {
  x?: number | string;
  y?: number | string;
  width?: number | string;
  height?: number | string;
  index?: number;
}

/**
 * The value label, placed past the end of the interval whisker (not just past the bar), so the
 * whisker never runs through the number ("7|4%"). The bar's pixel width over its percent gives the
 * scale for the whisker's end.
 */
function ValueLabel({ x, y, width, height, index, rows }: LabelProps & { rows: Row[] }) {
  const row = index === undefined ? undefined : rows[index];
  if (!row) return null;
  const [x0, y0, w, h] = [Number(x ?? 0), Number(y ?? 0), Number(width ?? 0), Number(height ?? 0)];
  const perPercent = row.percent > 0 ? w / row.percent : 0;
  const end = row.high !== null && perPercent > 0 ? x0 + row.high * perPercent : x0 + w;
  return (
    <text x={Math.max(end, x0 + w) + 8} y={y0 + h / 2} dominantBaseline="central" fill="#111827" fontSize={13} data-testid="distribution-value">
      {row.percent}%
    </text>
  );
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
        <XAxis type="number" domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} unit="%" tick={AXIS_TICK} />
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
          <LabelList dataKey="percent" content={(props) => <ValueLabel {...(props as LabelProps)} rows={rows} />} />
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}
