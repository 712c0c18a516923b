/**
 * Okabe–Ito colour-blind-safe palette, ordered so the first colours keep ≥ 3:1 contrast on white
 * (blue 5.2:1, vermillion 3.9:1, bluish green 3.4:1, reddish purple 3.1:1, then grey for "don't know").
 */
export const OKABE_ITO = {
  blue: '#0072B2',
  vermillion: '#D55E00',
  bluishGreen: '#009E73',
  reddishPurple: '#CC79A7',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  yellow: '#F0E442',
  grey: '#5F6368',
  black: '#000000',
} as const;

/**
 * Eight series colours: the four Okabe–Ito colours above, then four darker ones (wine, dark red,
 * navy, plum) chosen by a search over the sRGB grid for the largest smallest CIEDE2000 distance to
 * the others as seen with normal vision and simulated protanopia, deuteranopia and tritanopia
 * (Machado et al. 2009). Every pair stays ≥ 12 ΔE00 apart in all four and every colour has ≥ 3:1
 * contrast on white (tests/unit/charts/palette.test.ts). Series also differ by marker shape.
 */
export const SERIES_COLOURS = [
  OKABE_ITO.blue,
  OKABE_ITO.vermillion,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.reddishPurple,
  '#551133',
  '#990000',
  '#0000AA',
  '#884466',
] as const;
const SERIES: readonly string[] = SERIES_COLOURS;

/** Colour of an answer option: neutral grey for don't know / no answer, else by position. */
export function optionColour(key: string, position: number): string {
  if (/dont_know|no_answer|unsure|undecided/.test(key)) return OKABE_ITO.grey;
  return SERIES[position % SERIES.length] ?? OKABE_ITO.blue;
}

/** Colour of the i-th series of a chart (wording series, pollsters); repeats only after 8 series. */
export function seriesColour(index: number): string {
  return SERIES[index % SERIES.length] ?? OKABE_ITO.blue;
}

/** Dot shapes that tell series apart without relying on colour (the 8th repeats the circle, in another colour). */
export const SERIES_SHAPES = ['circle', 'diamond', 'triangle', 'square', 'star', 'cross', 'wye'] as const;
export type SeriesShape = (typeof SERIES_SHAPES)[number];

export function seriesShape(index: number): SeriesShape {
  return SERIES_SHAPES[index % SERIES_SHAPES.length] ?? 'circle';
}
