'use client';

import { useMemo, useState, type KeyboardEvent } from 'react';
import { Area, CartesianGrid, ComposedChart, ErrorBar, Line, ReferenceDot, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis, ZAxis } from 'recharts';
import type { TrendDrawing, TrendDrawingPoll } from '@/lib/charts/trend';
import { niceYTicks, timeTick, yearTicks } from '@/components/charts/format-axis';
import { AXIS_TICK } from '@/components/charts/axes';

interface TooltipProps {
  active?: boolean;
  payload?: readonly { payload?: unknown }[];
}

/** Above this many polls in a series its dots are drawn small and translucent, without whiskers. */
const DENSE_POLLS = 120;

function precisionNote(p: TrendDrawingPoll): string {
  return p.datePrecision ? ` (dated to the ${p.datePrecision} only; placed mid-${p.datePrecision})` : '';
}

/** One line naming a poll, for the keyboard readout and screen readers. */
export function pollReadout(p: TrendDrawingPoll, wording: string): string {
  return `${p.pollster}, ${p.fieldDates}${precisionNote(p)}, n = ${p.n}: ${p.percent}%${p.interval ? ` (95% interval ${p.interval})` : ' (no interval: n not disclosed)'} — “${wording}”`;
}

function PollTooltip({ active, payload, wordings }: TooltipProps & { wordings: Map<number, string> }) {
  const row = payload?.[0]?.payload as (TrendDrawingPoll & { s?: number }) | undefined;
  if (!active || !row || row.pollster === undefined) return null;
  return (
    <div className="max-w-xs rounded border border-gray-300 bg-white p-2 text-xs shadow" data-testid="trend-tooltip">
      <p className="font-semibold">{row.pollster}</p>
      <p>
        {row.fieldDates}
        {precisionNote(row)}
      </p>
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
  // Every poll of every series in time order, for the keyboard readout.
  const ordered = useMemo(
    () => data.series.flatMap((s, si) => s.polls.map((p) => ({ p, si }))).sort((a, b) => a.p.t - b.p.t || a.p.pollId - b.p.pollId),
    [data],
  );
  const [selected, setSelected] = useState<number | null>(null);
  const current = selected !== null ? ordered[selected] : undefined;
  const onKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (ordered.length === 0) return;
    const last = ordered.length - 1;
    const at = selected ?? last + 1;
    let next: number | null = null;
    if (e.key === 'ArrowLeft') next = Math.max(0, at - 1);
    else if (e.key === 'ArrowRight') next = selected === null ? last : Math.min(last, at + 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = last;
    else if (e.key === 'PageUp') next = Math.max(0, at - 10);
    else if (e.key === 'PageDown') next = Math.min(last, (selected ?? last) + 10);
    if (next !== null) {
      e.preventDefault();
      setSelected(next);
    }
  };
  const [x0, x1] = data.xDomain ?? [0, 1];
  const pad = Math.max((x1 - x0) * 0.02, 15 * 86_400_000);
  const domain: [number, number] = [x0 - pad, x1 + pad];
  const ticks = yearTicks(domain[0], domain[1]);
  const fmt = timeTick(domain[1] - domain[0]);
  // Zoomed: a regular step (70, 75, 80…), not whatever Recharts picks (70, 73, 76, 79, 80).
  const yTicks = data.yDomain[0] === 0 && data.yDomain[1] === 100 ? [0, 25, 50, 75, 100] : niceYTicks(data.yDomain);
  return (
    <div className="flex h-full flex-col">
      <div className="min-h-0 flex-1">
        <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 320, height: 320 }}>
          <ComposedChart margin={{ top: 8, right: 16, bottom: 8, left: 0 }} accessibilityLayer>
            <CartesianGrid stroke="#e5e7eb" />
            <XAxis type="number" dataKey="t" domain={domain} ticks={ticks} tickFormatter={fmt} allowDataOverflow tick={AXIS_TICK} />
            <YAxis type="number" domain={data.yDomain} ticks={yTicks} allowDataOverflow unit="%" width={48} tick={AXIS_TICK} />
            <Tooltip content={<PollTooltip wordings={wordings} />} shared={false} cursor={false} isAnimationActive={false} />
            {data.series.flatMap((s, si) => {
              const rows = withGaps(s.line, data.maxGapDays);
              const dense = s.polls.length > DENSE_POLLS;
              return [
                <ZAxis key={`${s.wordingKey}-z`} zAxisId={si} type="number" range={dense ? [14, 14] : [48, 48]} />,
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
                  data={s.polls.map((p) => ({ ...p, s: si, err: p.ci ? [p.percent - p.ci[0], p.ci[1] - p.percent] : undefined }))}
                  dataKey="percent"
                  zAxisId={si}
                  fill={s.colour}
                  fillOpacity={dense ? 0.35 : 0.9}
                  stroke={dense ? 'none' : '#ffffff'}
                  strokeWidth={0.5}
                  shape={s.shape}
                  isAnimationActive={false}
                  name={s.wording}
                >
                  {/* Each poll's own 95% interval (where n is known or implied by its MoE); left out for dense series, where it would hide the line. */}
                  {dense ? null : <ErrorBar dataKey="err" direction="y" width={0} stroke={s.colour} strokeOpacity={0.55} strokeWidth={1} />}
                </Scatter>,
              ];
            })}
            {current ? (
              <ReferenceDot x={current.p.t} y={current.p.percent} r={7} fill="none" stroke="#111827" strokeWidth={2} ifOverflow="extendDomain" />
            ) : null}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <div
        tabIndex={0}
        role="group"
        aria-label="Poll readout: press the left and right arrow keys to step through the polls, Home and End for the first and last"
        onKeyDown={onKey}
        className="mt-1 min-h-[2.5rem] rounded border border-dashed border-gray-300 px-2 py-1 text-xs text-gray-800 focus:border-blue-900 focus:outline-2 focus:outline-blue-900"
        data-testid="poll-readout"
      >
        <p aria-live="polite" data-testid="poll-readout-text">
          {current
            ? `${(selected ?? 0) + 1} of ${ordered.length}: ${pollReadout(current.p, wordings.get(current.si) ?? '')}`
            : `${ordered.length} polls. Focus here and use ← → to read them one by one; hover a dot for the same details.`}
        </p>
      </div>
    </div>
  );
}
