import { describe, expect, it } from 'vitest';
import { DRAWN_LINE_POINTS, DRAWN_POLL_DOTS, thinForDrawing } from '@/lib/charts/downsample';

const series = (lines: number, polls: number) => ({
  line: Array.from({ length: lines }, (_, i) => ({ t: i })),
  polls: Array.from({ length: polls }, (_, i) => ({ pollId: i })),
});

describe('thinForDrawing', () => {
  it('leaves a drawing within the limits as it is (same object)', () => {
    const d = { xDomain: null, series: [series(DRAWN_LINE_POINTS, DRAWN_POLL_DOTS)] };
    expect(thinForDrawing(d)).toBe(d);
  });

  it('thins dense series to the limits, keeping the ends and the same point objects', () => {
    const d = { xDomain: null, series: [series(9000, 2500), series(10, 10)] };
    const thin = thinForDrawing(d);
    const [a, b] = thin.series;
    expect(a?.line).toHaveLength(DRAWN_LINE_POINTS);
    expect(a?.polls).toHaveLength(DRAWN_POLL_DOTS);
    expect(a?.line[0]).toBe(d.series[0]?.line[0]);
    expect(a?.line.at(-1)).toBe(d.series[0]?.line.at(-1));
    expect(a?.polls.at(-1)).toBe(d.series[0]?.polls[2499]);
    expect(b?.line).toHaveLength(10);
    // The original (what the table and exports use) keeps every point.
    expect(d.series[0]?.polls).toHaveLength(2500);
  });
});

describe('thinForDrawing keeps what the eye needs', () => {
  // A seeded series with two planted outliers in the middle: a every-k-th pick would skip them.
  let seed = 7;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const polls = Array.from({ length: 5000 }, (_, i) => ({ pollId: i + 1, percent: 40 + Math.round(rand() * 100) / 10 }));
  polls[2501] = { pollId: 2502, percent: 99 };
  polls[1777] = { pollId: 1778, percent: 1 };
  const line = Array.from({ length: 4000 }, (_, i) => ({ t: i, estimate: 45 + Math.sin(i / 300) * 5 }));
  const drawing = { xDomain: null, series: [{ line, polls }] };
  const thin = thinForDrawing(drawing).series[0];

  it('keeps the first, the last and the extremes of each series, in order, within the limits', () => {
    expect(thin?.polls.length).toBeGreaterThan(0);
    expect(thin?.polls.length).toBeLessThanOrEqual(DRAWN_POLL_DOTS);
    expect(thin?.line.length).toBeLessThanOrEqual(DRAWN_LINE_POINTS);
    expect(thin?.polls[0]?.pollId).toBe(1);
    expect(thin?.polls.at(-1)?.pollId).toBe(5000);
    const ids = (thin?.polls ?? []).map((p) => p.pollId);
    expect(ids).toContain(2502);
    expect(ids).toContain(1778);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    // The line's highest and lowest estimates (sin peaks) survive too.
    const max = Math.max(...line.map((p) => p.estimate));
    const min = Math.min(...line.map((p) => p.estimate));
    const kept = (thin?.line ?? []).map((p) => p.estimate);
    expect(Math.max(...kept)).toBe(max);
    expect(Math.min(...kept)).toBe(min);
  });

  it('leaves the series the table and the exports read untouched', () => {
    expect(drawing.series[0]?.polls).toHaveLength(5000);
    expect(drawing.series[0]?.line).toHaveLength(4000);
  });
});
