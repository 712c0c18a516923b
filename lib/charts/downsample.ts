/** Most points a chart sends to the browser per series; the table and exports carry the same points. */
export const MAX_POINTS_PER_SERIES = 1000;

/**
 * Keeps at most `max` items, evenly spaced by index, always keeping the first and the last.
 * Used on already-smoothed trend lines and on poll dots of very long series; the caption says so.
 */
export function downsample<T>(items: readonly T[], max = MAX_POINTS_PER_SERIES): T[] {
  if (items.length <= max) return [...items];
  if (max < 2) return items.slice(-1);
  const out: T[] = [];
  const step = (items.length - 1) / (max - 1);
  for (let i = 0; i < max; i++) {
    const item = items[Math.round(i * step)];
    if (item !== undefined) out.push(item);
  }
  return out;
}

/** What a chart draws at most per series: an 800-pixel-wide plot cannot show more. */
export const DRAWN_LINE_POINTS = 300;
export const DRAWN_POLL_DOTS = 600;

/**
 * A drawing with dense series thinned for the plot only: the table and the exports keep every
 * point. The thinned arrays hold the same point objects, so React sends each point once even when
 * the chart and the table both receive it.
 */
export function thinForDrawing<S extends { line: readonly unknown[]; polls: readonly unknown[] }, D extends { series: readonly S[] }>(
  drawing: D,
  limits: { line: number; polls: number } = { line: DRAWN_LINE_POINTS, polls: DRAWN_POLL_DOTS },
): D {
  if (drawing.series.every((s) => s.line.length <= limits.line && s.polls.length <= limits.polls)) return drawing;
  return { ...drawing, series: drawing.series.map((s) => ({ ...s, line: downsample(s.line, limits.line), polls: downsample(s.polls, limits.polls) })) };
}
