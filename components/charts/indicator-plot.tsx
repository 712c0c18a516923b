'use client';

import { Bar, BarChart, CartesianGrid, Cell, ComposedChart, ReferenceLine, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import type { IndicatorChartData, IndicatorPoint, YoyChartData } from '@/lib/charts/indicator';
import { OKABE_ITO } from '@/lib/charts/palette';

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
 * The indicator chart's Recharts drawing (loaded after hydration by IndicatorChart, which owns the
 * sized box): actual values as solid dots, estimates as hollow dots, the target as a dashed line.
 */
export function IndicatorPlot({ data }: { data: IndicatorChartData }) {
  const drawn = data.points.filter((p) => p.drawn);
  const actual = drawn.filter((p) => p.role === 'actual');
  const estimate = drawn.filter((p) => p.role !== 'actual');
  const [x0, x1] = data.xDomain ?? [2000, 2001];
  const maxY = Math.max(data.target?.value ?? 0, ...drawn.map((p) => p.value));
  const yMax = Math.ceil((maxY * 1.1) / 5) * 5 || 1;
  return (
    <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 320, height: 288 }}>
      <ComposedChart margin={{ top: 16, right: 16, bottom: 8, left: 0 }} accessibilityLayer>
        <CartesianGrid stroke="#e5e7eb" />
        <XAxis type="number" dataKey="year" domain={[x0 - 0.5, x1 + 0.5]} allowDecimals={false} tickCount={Math.min(10, x1 - x0 + 2)} tick={{ fill: '#374151', fontSize: 12 }} />
        <YAxis type="number" domain={[0, yMax]} width={48} tick={{ fill: '#374151', fontSize: 12 }} />
        <Tooltip content={<PointTooltip unit={data.unit} />} shared={false} cursor={false} isAnimationActive={false} />
        {data.target ? (
          <ReferenceLine
            y={data.target.value}
            stroke={OKABE_ITO.black}
            strokeDasharray="6 4"
            strokeWidth={1.5}
            label={{ value: `Target ${data.target.value} ${data.unit} (no deadline)`, position: 'insideTopLeft', fill: '#111827', fontSize: 12 }}
            data-testid="target-line"
          />
        ) : null}
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
        <XAxis dataKey="label" tick={{ fill: '#374151', fontSize: 12 }} />
        <YAxis unit="%" width={52} tick={{ fill: '#374151', fontSize: 12 }} />
        <ReferenceLine y={0} stroke="#111827" />
        <Tooltip formatter={(v, _n, item) => [`${Number(v).toFixed(1)}%${(item.payload as (typeof rows)[number]).involvesEstimate ? ' (involves an estimate)' : ''}`, 'Year on year']} />
        <Bar dataKey="change" isAnimationActive={false}>
          {rows.map((r) => (
            <Cell key={r.year} fill={r.change >= 0 ? OKABE_ITO.blue : OKABE_ITO.vermillion} fillOpacity={r.involvesEstimate ? 0.45 : 1} stroke={r.change >= 0 ? OKABE_ITO.blue : OKABE_ITO.vermillion} />
          ))}
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}
