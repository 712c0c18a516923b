'use client';

import { Bar, BarChart, CartesianGrid, Cell, ComposedChart, ReferenceLine, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import type { IndicatorChartData, IndicatorPoint, YoyChartData } from '@/lib/charts/indicator';
import { OKABE_ITO } from '@/lib/charts/palette';
import { AXIS_TICK, requiredPathMarks, roundedTop, valueAxis } from '@/components/charts/axes';

/** Year ticks on a regular step (1, 2, 5 or 10 years) that fits about `max` labels. */
function yearAxisTicks(x0: number, x1: number, max: number): number[] {
  const step = [1, 2, 5, 10, 20].find((s) => (x1 - x0) / s <= max - 1) ?? 25;
  const ticks: number[] = [];
  for (let y = Math.ceil(x0 / step) * step; y <= x1; y += step) ticks.push(y);
  return ticks;
}

function HollowDot(props: unknown) {
  const { cx, cy } = props as { cx?: number; cy?: number };
  if (cx === undefined || cy === undefined) return <g />;
  return <circle cx={cx} cy={cy} r={5.5} fill="#ffffff" stroke={OKABE_ITO.vermillion} strokeWidth={2.2} />;
}

function SolidDot(props: unknown) {
  const { cx, cy } = props as { cx?: number; cy?: number };
  if (cx === undefined || cy === undefined) return <g />;
  return <circle cx={cx} cy={cy} r={5.5} fill={OKABE_ITO.blue} />;
}

function PointTooltip({ active, payload, unit }: { active?: boolean; payload?: readonly { payload?: unknown }[]; unit: string }) {
  const p = payload?.[0]?.payload as IndicatorPoint | undefined;
  if (!active || !p || p.period === undefined) return null;
  return (
    <div className="max-w-xs rounded border border-gray-300 bg-white p-2 text-xs shadow">
      <p className="font-semibold">
        {p.period}: {p.value} {unit} ({p.role})
      </p>
      {p.basis ? <p>{p.basis}</p> : null}
      {p.sourceName ? <p className="text-gray-700">{p.sourceName}</p> : null}
    </div>
  );
}

/**
 * Where along the x axis the target's label goes: the middle of the widest stretch of years with no
 * point (drawn value or required path) near the target's height, so the label never sits on a dot.
 */
function clearYear(data: IndicatorChartData, x0: number, x1: number, yMax: number): number {
  const target = data.target?.value ?? 0;
  const near = [...data.points.filter((p) => p.drawn), ...data.requiredPath]
    .filter((p) => Math.abs(p.value - target) < yMax * 0.15)
    .map((p) => p.year)
    .sort((a, b) => a - b);
  const edges = [x0 - 0.5, ...near, x1 + 0.5];
  let best = { gap: -1, mid: (x0 + x1) / 2 };
  for (let i = 1; i < edges.length; i += 1) {
    const gap = (edges[i] ?? 0) - (edges[i - 1] ?? 0);
    if (gap > best.gap) best = { gap, mid: ((edges[i] ?? 0) + (edges[i - 1] ?? 0)) / 2 };
  }
  return best.mid;
}

/**
 * The indicator chart's Recharts drawing (loaded after hydration by IndicatorChart, which owns the
 * sized box): actual values as solid dots, estimates as hollow dots, the target as a dashed line.
 */
export function IndicatorPlot({ data, narrow = false }: { data: IndicatorChartData; narrow?: boolean }) {
  const drawn = data.points.filter((p) => p.drawn);
  const actual = drawn.filter((p) => p.role === 'actual');
  const estimate = drawn.filter((p) => p.role !== 'actual');
  const [x0, x1] = data.xDomain ?? [2000, 2001];
  const maxY = Math.max(data.target?.value ?? 0, ...drawn.map((p) => p.value), ...data.requiredPath.map((p) => p.value));
  // Headroom above the target so its label sits above the line, clear of the dots below it.
  const yMax = roundedTop(maxY, 1.2);
  const targetLabelYear = data.target ? clearYear(data, x0, x1, yMax) : x0;
  return (
    <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 320, height: 288 }}>
      <ComposedChart margin={{ top: 16, right: 20, bottom: 8, left: 0 }} accessibilityLayer>
        <CartesianGrid stroke="#e5e7eb" />
        <XAxis
          type="number"
          dataKey="year"
          domain={[x0 - 0.5, x1 + 0.5]}
          ticks={yearAxisTicks(x0, x1, narrow ? 5 : 9)}
          allowDecimals={false}
          interval={0}
          tick={AXIS_TICK}
        />
        {valueAxis({ domain: [0, yMax], width: 44 })}
        <Tooltip content={<PointTooltip unit={data.unit} />} shared={false} cursor={false} isAnimationActive={false} />
        {data.target ? (
          <ReferenceLine
            y={data.target.value}
            stroke={OKABE_ITO.black}
            strokeDasharray="6 4"
            strokeWidth={1.5}
            label={(props: unknown) => {
              const { viewBox } = props as { viewBox?: { x?: number; y?: number; width?: number } };
              const d0 = x0 - 0.5;
              const d1 = x1 + 0.5;
              const px = (viewBox?.x ?? 0) + ((targetLabelYear - d0) / (d1 - d0)) * (viewBox?.width ?? 0);
              return (
                <text x={px} y={(viewBox?.y ?? 0) - 6} textAnchor="middle" fill="#111827" fontSize={12} data-testid="target-label">
                  Target {data.target?.value} {data.unit}
                </text>
              );
            }}
            data-testid="target-line"
          />
        ) : null}
        {requiredPathMarks(data.requiredPath, (p) => p.year, 'indicator-required-path')}
        <Scatter data={actual} dataKey="value" shape={SolidDot} isAnimationActive={false} name="actual" />
        <Scatter data={estimate} dataKey="value" shape={HollowDot} isAnimationActive={false} name="estimate" />
      </ComposedChart>
    </ResponsiveContainer>
  );
}

/**
 * The year-on-year chart's Recharts drawing (loaded after hydration by YoyChart): change bars in
 * percent; bars involving an estimate are hatched-looking (lighter).
 */
export function YoyPlot({ data }: { data: YoyChartData }) {
  const rows = data.bars.map((y) => ({ ...y, label: String(y.year) }));
  return (
    <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 320, height: 224 }}>
      <BarChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 0 }} accessibilityLayer>
        <CartesianGrid vertical={false} stroke="#e5e7eb" />
        <XAxis dataKey="label" tick={AXIS_TICK} />
        <YAxis unit="%" width={52} tick={AXIS_TICK} />
        <ReferenceLine y={0} stroke="#111827" />
        <Tooltip
          formatter={(v, _n, item) => [
            `${Number(v).toFixed(1)}%${(item.payload as (typeof rows)[number]).involvesEstimate ? ' (involves an estimate)' : ''}`,
            'Year on year',
          ]}
        />
        <Bar dataKey="change" isAnimationActive={false}>
          {rows.map((r) => (
            <Cell
              key={r.year}
              fill={r.change >= 0 ? OKABE_ITO.blue : OKABE_ITO.vermillion}
              fillOpacity={r.involvesEstimate ? 0.45 : 1}
              stroke={r.change >= 0 ? OKABE_ITO.blue : OKABE_ITO.vermillion}
            />
          ))}
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}
