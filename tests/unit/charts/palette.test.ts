import { describe, expect, it } from 'vitest';
import { contrastOnWhite, deltaE2000, hexToLinear, linearToLab, minPairDistance, simulate } from '@/lib/charts/colour-vision';
import { optionColour, SERIES_COLOURS, SERIES_SHAPES, seriesColour, seriesShape } from '@/lib/charts/palette';
import { markerPath } from '@/lib/charts/markers';

const VISIONS = ['normal', 'protanopia', 'deuteranopia', 'tritanopia'] as const;

describe('CIEDE2000 (Sharma, Wu & Dalal 2005 test data)', () => {
  it.each([
    [[50, 2.6772, -79.7751], [50, 0, -82.7485], 2.0425],
    [[50, 0, 0], [50, -1, 2], 2.3669],
    [[50, 2.5, 0], [73, 25, -18], 27.1492],
    [[60.2574, -34.0099, 36.2677], [60.4626, -34.1751, 39.4387], 1.2644],
  ] as const)('pair %j / %j → %f', (a, b, expected) => {
    expect(deltaE2000([...a], [...b])).toBeCloseTo(expected, 4);
    expect(deltaE2000([...b], [...a])).toBeCloseTo(expected, 4);
  });

  it('converts sRGB white and a mid grey to CIELAB', () => {
    const white = linearToLab(hexToLinear('#FFFFFF'));
    expect(white[0]).toBeCloseTo(100, 3);
    expect(Math.abs(white[1])).toBeLessThan(0.01);
    // #777777: L* = 50.03 (sRGB 119 → linear 0.18447 → Y^(1/3)·116 − 16)
    expect(linearToLab(hexToLinear('#777777'))[0]).toBeCloseTo(50.03, 1);
  });
});

describe('colour-vision simulation (Machado et al. 2009, severity 1)', () => {
  it('maps pure linear red through the first column of each matrix', () => {
    expect(simulate([1, 0, 0], 'protanopia').map((v) => Number(v.toFixed(6)))).toEqual([0.152286, 0.114503, 0]);
    expect(simulate([1, 0, 0], 'deuteranopia').map((v) => Number(v.toFixed(6)))).toEqual([0.367322, 0.280085, 0]);
    expect(simulate([0, 0, 1], 'tritanopia').map((v) => Number(v.toFixed(6)))).toEqual([0, 0.147602, 0.3039]);
  });

  it('makes a classic red/green pair hard to tell apart for deuteranopes, so the palette check can fail', () => {
    const pair = ['#D62728', '#2CA02C'];
    expect(minPairDistance(pair, 'normal').distance).toBeGreaterThan(40);
    expect(minPairDistance(pair, 'deuteranopia').distance).toBeLessThan(12);
  });
});

describe('series palette', () => {
  it('has 8 colours, each ≥ 3:1 on white, and repeats only after the 8th series', () => {
    expect(SERIES_COLOURS).toHaveLength(8);
    for (const c of SERIES_COLOURS) expect(contrastOnWhite(c)).toBeGreaterThanOrEqual(3);
    expect(new Set(Array.from({ length: 8 }, (_, i) => seriesColour(i))).size).toBe(8);
    expect(seriesColour(8)).toBe(seriesColour(0));
    // Five answer options no longer reuse the first colour for the fifth.
    expect(optionColour('e', 4)).not.toBe(optionColour('a', 0));
  });

  it.each(VISIONS)('keeps every pair of the first 2…8 series ≥ 12 ΔE00 apart with %s', (vision) => {
    for (let n = 2; n <= 8; n += 1) {
      const { distance, pair } = minPairDistance(SERIES_COLOURS.slice(0, n), vision);
      expect(distance, `${vision}, ${n} series: ${pair.join(' vs ')}`).toBeGreaterThanOrEqual(12);
    }
  });

  it('gives each of the first 7 series its own marker shape, each drawn as a closed path', () => {
    const shapes = Array.from({ length: 7 }, (_, i) => seriesShape(i));
    expect(new Set(shapes).size).toBe(7);
    for (const s of SERIES_SHAPES) {
      const d = markerPath(s, 5);
      expect(d).toMatch(/^M.*Z$/);
      expect(d).not.toContain('NaN');
    }
    expect(new Set(SERIES_SHAPES.map((s) => markerPath(s, 5))).size).toBe(SERIES_SHAPES.length);
  });
});
