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
