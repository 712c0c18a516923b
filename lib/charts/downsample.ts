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
