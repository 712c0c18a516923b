import type { ReactNode } from 'react';
import { OKABE_ITO } from '@/lib/charts/palette';
import { LineSwatch, MarkerGlyph } from '@/components/charts/marker-glyph';

/**
 * The legend entries of an indicator drawing — actual, estimate, target, required path — shared by
 * the indicator chart and the compare chart's bottom panel, so the two keys cannot drift apart.
 * Returns list items; the caller owns the list (and may add its own entries).
 */
export function IndicatorLegendItems({
  estimates,
  target,
  unit,
  required,
  requiredTestId,
}: {
  /** Whether any estimate is drawn (hollow dots). */
  estimates: boolean;
  target: number | null;
  unit: string;
  /** The required-path entry's words, or null when no path is drawn. */
  required: ReactNode | null;
  requiredTestId: string;
}) {
  return (
    <>
      <li className="flex items-center gap-1.5">
        <MarkerGlyph shape="circle" colour={OKABE_ITO.blue} /> actual
      </li>
      {estimates ? (
        <li className="flex items-center gap-1.5">
          <MarkerGlyph shape="circle" colour={OKABE_ITO.vermillion} hollow /> estimate
        </li>
      ) : null}
      {target !== null ? (
        <li className="flex items-center gap-1.5">
          <LineSwatch colour="#111827" dash="6 4" /> target {target} {unit} (no deadline given)
        </li>
      ) : null}
      {required !== null ? (
        <li className="flex items-center gap-1.5" data-testid={requiredTestId}>
          <LineSwatch colour={OKABE_ITO.bluishGreen} dash="2 3" /> {required}
        </li>
      ) : null}
    </>
  );
}
