'use client';

import { Area, CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import type { CompareDrawing } from '@/lib/charts/compare';
import { OKABE_ITO } from '@/lib/charts/palette';
import { timeTick, yearTicks } from '@/components/charts/format-axis';

/**
 * Two stacked panels with the same x domain (epoch ms): the poll trend above, the indicator below.
 * Event annotations are vertical dashed lines drawn at the same x in both panels.
 */
export function CompareChart({ data }: { data: CompareDrawing }) {
  if (!data.xDomain) return null;
  const pad = (data.xDomain[1] - data.xDomain[0]) * 0.03 || 180 * 86_400_000;
  const domain: [number, number] = [data.xDomain[0] - pad, data.xDomain[1] + pad];
  const ticks = yearTicks(domain[0], domain[1], 10);
  const fmt = timeTick(domain[1] - domain[0]);
  const s = data.trend;
  const rows = s?.line ?? [];
  const maxY = Math.max(data.target?.value ?? 0, ...data.indicatorPoints.map((p) => p.value));
  const events = data.events.map((e, i) => (
    <ReferenceLine key={e.date} x={e.t} stroke={OKABE_ITO.reddishPurple} strokeDasharray="3 3" label={{ value: String(i + 1), position: 'top', fill: OKABE_ITO.reddishPurple, fontSize: 12 }} />
  ));
  const xAxis = (hide: boolean) => (
    <XAxis type="number" dataKey="t" domain={domain} ticks={ticks} tickFormatter={fmt} allowDataOverflow hide={hide} tick={{ fill: '#374151', fontSize: 12 }} />
  );
  return (
    <div className="space-y-1" data-testid="compare-chart">
      {s ? (
        <div className="h-56 w-full min-w-0" data-testid="compare-question-panel">
          <p className="text-xs font-medium text-gray-800">
            Top: {s.optionLabel} (% of respondents), {s.methodLabel}
          </p>
          <ResponsiveContainer width="100%" height="90%" initialDimension={{ width: 320, height: 200 }}>
            <ComposedChart margin={{ top: 16, right: 16, bottom: 0, left: 0 }} syncId="compare" accessibilityLayer>
              <CartesianGrid stroke="#e5e7eb" />
              {xAxis(false)}
              <YAxis domain={s.yDomain} unit="%" width={56} tick={{ fill: '#374151', fontSize: 12 }} />
              <Tooltip shared={false} isAnimationActive={false} formatter={(v) => `${String(v)}%`} labelFormatter={(t) => fmt(Number(t))} />
              {events}
              <Area data={rows} dataKey="b95" stroke="none" fill={s.colour} fillOpacity={0.12} isAnimationActive={false} tooltipType="none" activeDot={false} />
              <Area data={rows} dataKey="b50" stroke="none" fill={s.colour} fillOpacity={0.22} isAnimationActive={false} tooltipType="none" activeDot={false} />
              <Line data={rows} dataKey="estimate" stroke={s.colour} strokeWidth={2.5} dot={false} isAnimationActive={false} name="trend" />
              <Scatter data={s.polls} dataKey="percent" fill={s.colour} isAnimationActive={false} name="poll" />
            </ComposedChart>
          </ResponsiveContainer>
        </div>
      ) : null}
      {data.indicator && data.indicatorPoints.length > 0 ? (
        <div className="h-56 w-full min-w-0" data-testid="compare-indicator-panel">
          <p className="text-xs font-medium text-gray-800">
            Bottom: {data.indicator.name} ({data.indicator.unit}); yearly values at mid-year
          </p>
          <ResponsiveContainer width="100%" height="90%" initialDimension={{ width: 320, height: 200 }}>
            <ComposedChart margin={{ top: 16, right: 16, bottom: 0, left: 0 }} syncId="compare" accessibilityLayer>
              <CartesianGrid stroke="#e5e7eb" />
              {xAxis(false)}
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
        </div>
      ) : null}
    </div>
  );
}
