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
 * Keeps at most `max` items (max ≥ 4), in their order: the first, the last, and from each of
 * (max − 2) / 2 equal runs of the items between, the one with the lowest and the one with the
 * highest `value` (a null value counts as neither). So the thinned plot keeps the series' ends,
 * its overall extremes and every run's spread — an outlying poll does not vanish from the chart,
 * as it could when keeping every k-th item.
 */
export function downsampleKeepingExtremes<T>(items: readonly T[], max: number, value: (item: T) => number | null): T[] {
  if (items.length <= max) return [...items];
  // Nothing to rank by (or too few slots for ends and a pair): evenly spaced, as before.
  if (max < 4 || !items.some((item) => value(item) !== null)) return downsample(items, max);
  const first = items[0];
  const last = items[items.length - 1];
  const inner = items.length - 2;
  const runs = Math.floor((max - 2) / 2);
  const kept: T[] = first === undefined ? [] : [first];
  for (let r = 0; r < runs; r++) {
    const start = 1 + Math.floor((r * inner) / runs);
    const end = 1 + Math.floor(((r + 1) * inner) / runs);
    let lo = -1;
    let hi = -1;
    let loV = Infinity;
    let hiV = -Infinity;
    for (let i = start; i < end; i++) {
      const item = items[i];
      const v = item === undefined ? null : value(item);
      if (v === null || !Number.isFinite(v)) continue;
      if (v < loV) [loV, lo] = [v, i];
      if (v > hiV) [hiV, hi] = [v, i];
    }
    // Without a value in the run, keep its first item so the run still shows.
    if (lo === -1) lo = hi = start < end ? start : -1;
    for (const i of lo <= hi ? [lo, hi] : [hi, lo]) {
      const item = i >= 0 ? items[i] : undefined;
      if (item !== undefined && kept.at(-1) !== item) kept.push(item);
    }
  }
  if (last !== undefined) kept.push(last);
  return kept;
}

/** The number a drawn point is plotted at: a line point's estimate, a poll dot's percent. */
function plottedValue(item: unknown): number | null {
  if (typeof item !== 'object' || item === null) return null;
  const v = 'estimate' in item ? item.estimate : 'percent' in item ? item.percent : null;
  return typeof v === 'number' ? v : null;
}

/**
 * A drawing with dense series thinned for the plot only: the table and the exports keep every
 * point. Each series keeps its ends and extremes (downsampleKeepingExtremes). The thinned arrays
 * hold the same point objects, so React sends each point once even when the chart and the table
 * both receive it.
 */
export function thinForDrawing<S extends { line: readonly unknown[]; polls: readonly unknown[] }, D extends { series: readonly S[] }>(
  drawing: D,
  limits: { line: number; polls: number } = { line: DRAWN_LINE_POINTS, polls: DRAWN_POLL_DOTS },
): D {
  if (drawing.series.every((s) => s.line.length <= limits.line && s.polls.length <= limits.polls)) return drawing;
  return {
    ...drawing,
    series: drawing.series.map((s) => ({
      ...s,
      line: downsampleKeepingExtremes(s.line, limits.line, plottedValue),
      polls: downsampleKeepingExtremes(s.polls, limits.polls, plottedValue),
    })),
  };
}
