import { Line, ReferenceDot, YAxis } from 'recharts';
import { OKABE_ITO } from '@/lib/charts/palette';
import { niceYTicks } from '@/components/charts/format-axis';

/*
 * The pieces the indicator and compare plots (and the other plots' tick style) share. These are
 * functions that return Recharts elements, called inside the chart (`{valueAxis(...)}`), not
 * components: Recharts reads its axes and series from the chart's own children.
 */

/** Tick labels on every axis: dark grey, 12 px. */
export const AXIS_TICK = { fill: '#374151', fontSize: 12 } as const;

/** The top of a value axis: the largest value plus headroom, rounded up to a multiple of 10 (never 0). */
export function roundedTop(max: number, headroom: number): number {
  return Math.ceil((max * headroom) / 10) * 10 || 1;
}

/** A numeric y axis over `domain` with regular ticks (niceYTicks). */
export function valueAxis({ domain, width, unit, allowDataOverflow }: { domain: [number, number]; width: number; unit?: string; allowDataOverflow?: boolean }) {
  return <YAxis type="number" domain={domain} ticks={niceYTicks(domain)} allowDataOverflow={allowDataOverflow} unit={unit} width={width} tick={AXIS_TICK} />;
}

/**
 * The growth path a target needs (dotted) and a dot where it ends. `x` names the path's x field:
 * the indicator chart plots years, the compare chart epoch ms.
 */
export function requiredPathMarks<P extends { value: number }>(path: readonly P[], x: (p: P) => number, className: string) {
  const last = path.at(-1);
  return [
    path.length > 1 ? (
      <Line
        key="required-path"
        data={[...path]}
        dataKey="value"
        stroke={OKABE_ITO.bluishGreen}
        strokeWidth={2}
        strokeDasharray="2 3"
        dot={false}
        activeDot={false}
        isAnimationActive={false}
        name="required path"
        className={className}
      />
    ) : null,
    last ? <ReferenceDot key="required-path-end" x={x(last)} y={last.value} r={4} fill={OKABE_ITO.bluishGreen} stroke="#ffffff" /> : null,
  ];
}
