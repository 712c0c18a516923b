'use client';

import { Area, CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import type { CompareDrawing } from '@/lib/charts/compare';
import { OKABE_ITO } from '@/lib/charts/palette';
import { timeTick, yearTicks } from '@/components/charts/format-axis';

/**
 * One panel of the compare chart as a Recharts drawing (loaded after hydration by CompareChart, which
 * owns the panels, their labels and heights): the poll trend (`question`) or the indicator. Both panels
 * compute the same x domain and ticks from the same data, and event annotations are vertical dashed
 * lines at the same x in both; syncId links their tooltips.
 */
export function ComparePlot({ data, panel }: { data: CompareDrawing; panel: 'question' | 'indicator' }) {
  if (!data.xDomain) return null;
  const pad = (data.xDomain[1] - data.xDomain[0]) * 0.03 || 180 * 86_400_000;
  const domain: [number, number] = [data.xDomain[0] - pad, data.xDomain[1] + pad];
  const ticks = yearTicks(domain[0], domain[1], 10);
  const fmt = timeTick(domain[1] - domain[0]);
  const events = data.events.map((e, i) => (
    <ReferenceLine key={e.date} x={e.t} stroke={OKABE_ITO.reddishPurple} strokeDasharray="3 3" label={{ value: String(i + 1), position: 'top', fill: OKABE_ITO.reddishPurple, fontSize: 12 }} />
  ));
  const xAxis = <XAxis type="number" dataKey="t" domain={domain} ticks={ticks} tickFormatter={fmt} allowDataOverflow tick={{ fill: '#374151', fontSize: 12 }} />;
  if (panel === 'question') {
    const s = data.trend;
    if (!s) return null;
    const rows = s.line;
    return (
      <ResponsiveContainer width="100%" height="90%" initialDimension={{ width: 320, height: 200 }}>
        <ComposedChart margin={{ top: 16, right: 16, bottom: 0, left: 0 }} syncId="compare" accessibilityLayer>
          <CartesianGrid stroke="#e5e7eb" />
          {xAxis}
          <YAxis domain={s.yDomain} unit="%" width={56} tick={{ fill: '#374151', fontSize: 12 }} />
          <Tooltip shared={false} isAnimationActive={false} formatter={(v) => `${String(v)}%`} labelFormatter={(t) => fmt(Number(t))} />
          {events}
          <Area data={rows} dataKey="b95" stroke="none" fill={s.colour} fillOpacity={0.12} isAnimationActive={false} tooltipType="none" activeDot={false} />
          <Area data={rows} dataKey="b50" stroke="none" fill={s.colour} fillOpacity={0.22} isAnimationActive={false} tooltipType="none" activeDot={false} />
          <Line data={rows} dataKey="estimate" stroke={s.colour} strokeWidth={2.5} dot={false} isAnimationActive={false} name="trend" />
          <Scatter data={s.polls} dataKey="percent" fill={s.colour} isAnimationActive={false} name="poll" />
        </ComposedChart>
      </ResponsiveContainer>
    );
  }
  const maxY = Math.max(data.target?.value ?? 0, ...data.indicatorPoints.map((p) => p.value));
  return (
    <ResponsiveContainer width="100%" height="90%" initialDimension={{ width: 320, height: 200 }}>
      <ComposedChart margin={{ top: 16, right: 16, bottom: 0, left: 0 }} syncId="compare" accessibilityLayer>
        <CartesianGrid stroke="#e5e7eb" />
        {xAxis}
        <YAxis domain={[0, Math.ceil((maxY * 1.1) / 5) * 5 || 1]} width={56} tick={{ fill: '#374151', fontSize: 12 }} />
        <Tooltip shared={false} isAnimationActive={false} labelFormatter={(t) => fmt(Number(t))} />
        {events}
        {data.target ? <ReferenceLine y={data.target.value} stroke="#111827" strokeDasharray="6 4" label={{ value: `Target ${data.target.value}`, position: 'insideTopLeft', fontSize: 12 }} /> : null}
        <Scatter data={data.indicatorPoints.filter((p) => p.role === 'actual')} dataKey="value" fill={OKABE_ITO.blue} isAnimationActive={false} name="actual" />
        <Scatter
          data={data.indicatorPoints.filter((p) => p.role !== 'actual')}
          dataKey="value"
          fill="#ffffff"
          stroke={OKABE_ITO.vermillion}
          strokeWidth={2}
          isAnimationActive={false}
          name="estimate"
        />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
