import type { QuestionCardData } from '@/lib/charts/overview';
import { OKABE_ITO } from '@/lib/charts/palette';

/**
 * A tiny trend line drawn on the server as plain SVG (no chart library in the overview's bundle).
 * The numbers are in the card's text and on the question page; the SVG has an accessible label.
 */
export function Sparkline({ data, width = 160, height = 36 }: { data: NonNullable<QuestionCardData['sparkline']>; width?: number; height?: number }) {
  const pts = data.points;
  const t0 = pts[0]?.t ?? 0;
  const t1 = pts.at(-1)?.t ?? 1;
  const x = (t: number) => (t1 === t0 ? width / 2 : ((t - t0) / (t1 - t0)) * (width - 4) + 2);
  // Full 0–100 scale, like the main chart, so a flat-looking line really is flat.
  const y = (v: number) => height - 2 - (v / 100) * (height - 4);
  const d = pts.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.t).toFixed(1)},${y(p.estimate).toFixed(1)}`).join(' ');
  const last = pts.at(-1);
  return (
    <svg
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`Trend of ${data.option.label}, latest ${data.last.toFixed(1)}% on a 0–100 scale`}
      data-testid="sparkline"
    >
      <line x1={0} x2={width} y1={y(50)} y2={y(50)} stroke="#d1d5db" strokeDasharray="2 2" />
      <path d={d} fill="none" stroke={OKABE_ITO.blue} strokeWidth={1.8} />
      {last ? <circle cx={x(last.t)} cy={y(last.estimate)} r={2.5} fill={OKABE_ITO.blue} /> : null}
    </svg>
  );
}
