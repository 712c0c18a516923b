'use client';

import { Area, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import type { TrendDrawing, TrendDrawingPoll } from '@/lib/charts/trend';
import { niceYTicks, timeTick, yearTicks } from '@/components/charts/format-axis';

interface TooltipProps {
  active?: boolean;
  payload?: readonly { payload?: unknown }[];
}

function PollTooltip({ active, payload, wordings }: TooltipProps & { wordings: Map<number, string> }) {
  const row = payload?.[0]?.payload as (TrendDrawingPoll & { s?: number }) | undefined;
  if (!active || !row || row.pollster === undefined) return null;
  return (
    <div className="max-w-xs rounded border border-gray-300 bg-white p-2 text-xs shadow" data-testid="trend-tooltip">
      <p className="font-semibold">{row.pollster}</p>
      <p>{row.fieldDates}</p>
      <p>n = {row.n}</p>
      <p className="mt-1 italic">“{wordings.get(row.s ?? 0)}”</p>
      <p className="mt-1">
        {row.values}
        {row.interval ? ` (95% interval ${row.interval})` : ''}
      </p>
    </div>
  );
}

interface LineRow {
  t: number;
  estimate: number | null;
  b95: [number, number] | null;
  b80: [number, number] | null;
  b50: [number, number] | null;
}

/** Line rows with a null row inserted in long gaps, so the line and bands break there. */
function withGaps(line: TrendDrawing['series'][number]['line'], maxGapDays: number): LineRow[] {
  const rows: LineRow[] = [];
  let prev: number | null = null;
  for (const p of line) {
    if (prev !== null && p.t - prev > maxGapDays * 86_400_000) rows.push({ t: (prev + p.t) / 2, estimate: null, b95: null, b80: null, b50: null });
    rows.push(p);
    prev = p.t;
  }
  return rows;
}

/**
 * The trend chart's Recharts drawing (loaded after hydration by TrendChart, which owns the sized box):
 * poll dots, the aggregate line and 50/80/95% bands per wording series. Draws what it is given.
 */
export function TrendPlot({ data }: { data: TrendDrawing }) {
  const wordings = new Map(data.series.map((s, i) => [i, s.wording]));
  const [x0, x1] = data.xDomain ?? [0, 1];
  const pad = Math.max((x1 - x0) * 0.02, 15 * 86_400_000);
  const domain: [number, number] = [x0 - pad, x1 + pad];
  const ticks = yearTicks(domain[0], domain[1]);
  const fmt = timeTick(domain[1] - domain[0]);
  // Zoomed: a regular step (70, 75, 80…), not whatever Recharts picks (70, 73, 76, 79, 80).
  const yTicks = data.yDomain[0] === 0 && data.yDomain[1] === 100 ? [0, 25, 50, 75, 100] : niceYTicks(data.yDomain);
  return (
    <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 320, height: 320 }}>
      <ComposedChart margin={{ top: 8, right: 16, bottom: 8, left: 0 }} accessibilityLayer>
        <CartesianGrid stroke="#e5e7eb" />
        <XAxis
          type="number"
          dataKey="t"
          domain={domain}
          ticks={ticks}
          tickFormatter={fmt}
          allowDataOverflow
          tick={{ fill: '#374151', fontSize: 12 }}
        />
        <YAxis
          type="number"
          domain={data.yDomain}
          ticks={yTicks}
          allowDataOverflow
          unit="%"
          width={48}
          tick={{ fill: '#374151', fontSize: 12 }}
        />
        <Tooltip content={<PollTooltip wordings={wordings} />} shared={false} cursor={false} isAnimationActive={false} />
        {data.series.flatMap((s, si) => {
          const rows = withGaps(s.line, data.maxGapDays);
          return [
            ...(['b95', 'b80', 'b50'] as const).map((band, i) => (
              <Area
                key={`${s.wordingKey}-${band}`}
                data={rows}
                dataKey={band}
                type="linear"
                stroke="none"
                fill={s.colour}
                fillOpacity={0.1 + i * 0.07}
                isAnimationActive={false}
                activeDot={false}
                tooltipType="none"
                legendType="none"
                name={`${band.slice(1)}% band`}
              />
            )),
            <Line
              key={`${s.wordingKey}-line`}
              data={rows}
              dataKey="estimate"
              type="linear"
              stroke={s.colour}
              strokeWidth={2.5}
              dot={false}
              activeDot={false}
              isAnimationActive={false}
              tooltipType="none"
              name="trend"
              className="trend-line"
            />,
            <Scatter
              key={`${s.wordingKey}-polls`}
              data={s.polls.map((p) => ({ ...p, s: si }))}
              dataKey="percent"
              fill={s.colour}
              stroke="#ffffff"
              strokeWidth={0.5}
              shape={s.shape}
              isAnimationActive={false}
              name={s.wording}
            />,
          ];
        })}
      </ComposedChart>
    </ResponsiveContainer>
  );
}
