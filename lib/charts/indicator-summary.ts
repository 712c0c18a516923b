import type { IndicatorView, ObservationView } from '@/lib/data/indicators';

export interface IndicatorSummary {
  slug: string;
  name: string;
  unit: string;
  latest: ObservationView | null;
  target: ObservationView | null;
  /** target − latest, in the indicator's unit; null without both. */
  gapToTarget: number | null;
  source: string | null;
}

/** Latest headline value (primary actual or estimate) and the newest target of an indicator. */
export function summariseIndicator(indicator: IndicatorView): IndicatorSummary {
  const headline = indicator.observations.filter((o) => o.isPrimary && (o.kind === 'actual' || o.kind === 'estimate'));
  const latest = headline.at(-1) ?? null;
  const target = indicator.observations.filter((o) => o.kind === 'target').at(-1) ?? null;
  return {
    slug: indicator.slug,
    name: indicator.name,
    unit: indicator.unit,
    latest,
    target,
    gapToTarget: latest && target ? target.value - latest.value : null,
    source: indicator.source,
  };
}
