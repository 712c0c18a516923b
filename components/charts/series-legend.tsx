import type { SeriesShape } from '@/lib/charts/palette';
import { MarkerGlyph } from '@/components/charts/marker-glyph';

/**
 * A compact legend for wording series: each series' marker shape in its colour and its wording on
 * one line (cut with an ellipsis; the full wording is in the title and the data table).
 */
export function SeriesLegend({ series }: { series: { wordingKey: string; wording: string; colour: string; shape: SeriesShape; isMain: boolean }[] }) {
  return (
    <ul className="space-y-0.5 text-xs text-gray-700" data-testid="series-legend">
      {series.map((s) => (
        <li key={s.wordingKey} className="flex min-w-0 items-center gap-1.5" data-shape={s.shape} title={s.wording}>
          <MarkerGlyph shape={s.shape} colour={s.colour} size={12} />
          <span className="min-w-0 truncate">
            {s.isMain ? 'Main wording: ' : ''}“{s.wording}”
          </span>
        </li>
      ))}
    </ul>
  );
}
