/**
 * The facts of one indicator observation that both the indicator page (lib/data/indicators.ts) and
 * the indicators dump (lib/export/indicators-dump.ts) hand out, declared once. Types only.
 */
export interface TObservationFacts {
  period: string;
  periodType: string;
  value: number;
  basis: string | null;
  derived: boolean;
  isPrimary: boolean;
  sourceUrl: string | null;
  sourceName: string | null;
  notes: string | null;
}
