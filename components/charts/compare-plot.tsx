'use client';

import { Area, CartesianGrid, ComposedChart, ErrorBar, Line, ReferenceDot, ReferenceLine, ResponsiveContainer, Scatter, Tooltip, XAxis } from 'recharts';
import type { CompareDrawing, CompareDrawingSeries } from '@/lib/charts/compare';
import { OKABE_ITO } from '@/lib/charts/palette';
import { markerPath } from '@/lib/charts/markers';
import { timeTick, yearTicks } from '@/components/charts/format-axis';
import { AXIS_TICK, requiredPathMarks, roundedTop, valueAxis } from '@/components/charts/axes';

const DAY = 86_400_000;
/** Vertical space per row of event numbers above the plot. */
const LANE_PX = 14;

type LineRow = { t: number; estimate: number | null; b50: [number, number] | null; b95: [number, number] | null };

/** A null row in every gap longer than maxGapDays, so the line and its bands break there. */
function withGaps(line: CompareDrawingSeries['line'], maxGapDays: number): LineRow[] {
  const rows: LineRow[] = [];
  let prev: number | null = null;
  for (const p of line) {
    if (prev !== null && p.t - prev > maxGapDays * DAY) rows.push({ t: (prev + p.t) / 2, estimate: null, b50: null, b95: null });
    rows.push(p);
    prev = p.t;
  }
  return rows;
}

function markerShape(s: CompareDrawingSeries) {
  return function Marker(props: unknown) {
    const { cx, cy } = props as { cx?: number; cy?: number };
    if (cx === undefined || cy === undefined) return <g />;
    return <path d={markerPath(s.shape, 5)} transform={`translate(${cx},${cy})`} fill={s.colour} stroke="#ffffff" strokeWidth={0.75} data-shape={s.shape} />;
  };
}

function PollTip({ active, payload }: { active?: boolean; payload?: readonly { payload?: unknown }[] }) {
  const p = payload?.[0]?.payload as (CompareDrawingSeries['polls'][number] & { wording?: string }) | undefined;
  if (!active || !p || p.pollster === undefined) return null;
  return (
    <div className="max-w-xs rounded border border-gray-300 bg-white p-2 text-xs shadow">
      <p className="font-semibold">
        {p.pollster}, {p.fieldDates}
      </p>
      <p>
        {p.percent}%{p.low !== null && p.high !== null ? ` (95% interval ${p.low.toFixed(1)}–${p.high.toFixed(1)})` : ' (n not disclosed: no interval)'}
      </p>
      {p.wording ? <p className="mt-1 italic">“{p.wording}”</p> : null}
    </div>
  );
}

/**
 * One panel of the compare chart as a Recharts drawing (loaded after hydration by CompareChart, which
 * owns the panels, their labels, legends and heights): every wording series of the poll question
 * (`question`: its own marker shape, interval whiskers, a line broken across long gaps), or the
 * indicator with its target and the growth path the target implies. Both panels use the same x
 * domain and ticks; events are numbered vertical lines at the same x in both, their numbers in rows
 * so that close events do not overlap.
 */
export function ComparePlot({ data, panel }: { data: CompareDrawing; panel: 'question' | 'indicator' }) {
  if (!data.xDomain) return null;
  const pad = (data.xDomain[1] - data.xDomain[0]) * 0.03 || 180 * DAY;
  const domain: [number, number] = [data.xDomain[0] - pad, data.xDomain[1] + pad];
  const ticks = yearTicks(domain[0], domain[1], 7);
  const fmt = timeTick(domain[1] - domain[0]);
  const lanes = Math.max(0, ...data.events.map((e) => e.lane)) + 1;
  const top = data.events.length > 0 ? 6 + lanes * LANE_PX : 12;
  const events = data.events.map((e, i) => (
    <ReferenceLine
      key={e.date}
      x={e.t}
      stroke={OKABE_ITO.grey}
      strokeDasharray="3 3"
      label={
        panel === 'question'
          ? (props: unknown) => {
              const { viewBox } = props as { viewBox?: { x?: number; y?: number } };
              const x = viewBox?.x ?? 0;
              const y = (viewBox?.y ?? 0) - 4 - (lanes - 1 - e.lane) * LANE_PX;
              return (
                <text x={x} y={y} textAnchor="middle" fill="#111827" fontSize={12} fontWeight={600} data-testid="compare-event-marker">
                  {i + 1}
                </text>
              );
            }
          : undefined
      }
    />
  ));
  const xAxis = <XAxis type="number" dataKey="t" domain={domain} ticks={ticks} tickFormatter={fmt} allowDataOverflow tick={AXIS_TICK} />;
  if (panel === 'question') {
    const s = data.trend;
    if (!s) return null;
    return (
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 320, height: 240 }}>
        <ComposedChart margin={{ top, right: 16, bottom: 0, left: 0 }} syncId="compare" accessibilityLayer>
          <CartesianGrid stroke="#e5e7eb" />
          {xAxis}
          {valueAxis({ domain: s.yDomain, width: 48, unit: '%', allowDataOverflow: true })}
          <Tooltip content={<PollTip />} shared={false} cursor={false} isAnimationActive={false} />
          {events}
          {s.series.flatMap((series) => {
            const rows = withGaps(series.line, data.maxGapDays);
            return [
              <Area
                key={`${series.wordingKey}-b95`}
                data={rows}
                dataKey="b95"
                stroke="none"
                fill={series.colour}
                fillOpacity={0.1}
                isAnimationActive={false}
                tooltipType="none"
                activeDot={false}
              />,
              <Area
                key={`${series.wordingKey}-b50`}
                data={rows}
                dataKey="b50"
                stroke="none"
                fill={series.colour}
                fillOpacity={0.2}
                isAnimationActive={false}
                tooltipType="none"
                activeDot={false}
              />,
              <Line
                key={`${series.wordingKey}-line`}
                data={rows}
                dataKey="estimate"
                stroke={series.colour}
                strokeWidth={2.5}
                dot={false}
                activeDot={false}
                isAnimationActive={false}
                tooltipType="none"
                className="compare-trend-line"
              />,
              <Scatter
                key={`${series.wordingKey}-polls`}
                data={series.polls.map((p) => ({
                  ...p,
                  wording: series.wording,
                  err: p.low !== null && p.high !== null ? [p.percent - p.low, p.high - p.percent] : undefined,
                }))}
                dataKey="percent"
                shape={markerShape(series)}
                isAnimationActive={false}
                name={series.wording}
              >
                <ErrorBar dataKey="err" direction="y" width={6} stroke={series.colour} strokeWidth={1.5} />
              </Scatter>,
            ];
          })}
        </ComposedChart>
      </ResponsiveContainer>
    );
  }
  const values = [data.target?.value ?? 0, ...data.indicatorPoints.map((p) => p.value), ...data.requiredPath.map((p) => p.value)];
  const yMax = roundedTop(Math.max(...values), 1.15);
  return (
    <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 320, height: 240 }}>
      <ComposedChart margin={{ top: 12, right: 16, bottom: 0, left: 0 }} syncId="compare" accessibilityLayer>
        <CartesianGrid stroke="#e5e7eb" />
        {xAxis}
        {valueAxis({ domain: [0, yMax], width: 48 })}
        <Tooltip shared={false} isAnimationActive={false} labelFormatter={(t) => fmt(Number(t))} />
        {events}
        {data.target ? (
          <ReferenceLine
            y={data.target.value}
            stroke="#111827"
            strokeDasharray="6 4"
            label={{ value: `Target ${data.target.value}`, position: 'insideBottomLeft', fontSize: 12, fill: '#111827' }}
            data-testid="compare-target-line"
          />
        ) : null}
        {requiredPathMarks(data.requiredPath, (p) => p.t, 'compare-required-path')}
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
        {data.quoted ? (
          <ReferenceDot
            x={data.quoted.t}
            y={data.quoted.value}
            r={8}
            fill="none"
            stroke="#111827"
            strokeWidth={1.5}
            label={{ value: `${data.quoted.period}: ${data.quoted.value}`, position: 'bottom', fontSize: 12, fill: '#111827', offset: 10 }}
            data-testid="compare-quoted-point"
          />
        ) : null}
      </ComposedChart>
    </ResponsiveContainer>
  );
}
