import type { SeriesShape } from '@/lib/charts/palette';
import { markerPath } from '@/lib/charts/markers';

/** A legend swatch: the series' marker shape in its colour (server-rendered, no chart library). */
export function MarkerGlyph({ shape, colour, size = 14, hollow = false }: { shape: SeriesShape; colour: string; size?: number; hollow?: boolean }) {
  const r = size / 2 - 2;
  return (
    <svg
      width={size}
      height={size}
      viewBox={`${-size / 2} ${-size / 2} ${size} ${size}`}
      aria-hidden
      className="inline-block shrink-0 align-middle"
      data-shape={shape}
    >
      <path d={markerPath(shape, r)} fill={hollow ? '#ffffff' : colour} stroke={hollow ? colour : '#ffffff'} strokeWidth={hollow ? 2 : 0.75} />
    </svg>
  );
}

/** A legend swatch for a line (solid, dashed or dotted). */
export function LineSwatch({ colour, dash }: { colour: string; dash?: string }) {
  return (
    <svg width={22} height={10} aria-hidden className="inline-block shrink-0 align-middle">
      <line x1={1} y1={5} x2={21} y2={5} stroke={colour} strokeWidth={2} strokeDasharray={dash} />
    </svg>
  );
}
