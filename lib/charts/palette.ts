/**
 * Okabe–Ito colour-blind-safe palette, ordered so the first colours keep ≥ 3:1 contrast on white
 * (blue 5.1:1, vermillion 3.7:1, bluish green 3.3:1, reddish purple, then grey for "don't know").
 */
export const OKABE_ITO = {
  blue: '#0072B2',
  vermillion: '#D55E00',
  bluishGreen: '#007A5A', // #009E73 darkened slightly to reach 3:1 on white
  reddishPurple: '#A8578A',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  yellow: '#F0E442',
  grey: '#5F6368',
  black: '#000000',
} as const;

const SERIES = [OKABE_ITO.blue, OKABE_ITO.vermillion, OKABE_ITO.bluishGreen, OKABE_ITO.reddishPurple];

/** Colour of an answer option: neutral grey for don't know / no answer, else by position. */
export function optionColour(key: string, position: number): string {
  if (/dont_know|no_answer|unsure|undecided/.test(key)) return OKABE_ITO.grey;
  return SERIES[position % SERIES.length] ?? OKABE_ITO.blue;
}

/** Colour of the i-th series of a chart (wording series, pollsters); cycles through the ≥ 3:1 colours. */
export function seriesColour(index: number): string {
  return SERIES[index % SERIES.length] ?? OKABE_ITO.blue;
}

/** Dot shapes that tell series apart without relying on colour. */
export const SERIES_SHAPES = ['circle', 'diamond', 'triangle', 'square', 'star', 'cross', 'wye'] as const;
export type SeriesShape = (typeof SERIES_SHAPES)[number];

export function seriesShape(index: number): SeriesShape {
  return SERIES_SHAPES[index % SERIES_SHAPES.length] ?? 'circle';
}
