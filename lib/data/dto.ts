/**
 * Shapes that more than one reader hands out — the poll page and API record (lib/data/polls.ts), the
 * indicator page (lib/data/indicators.ts), the dumps (lib/export/*-dump.ts) and the demo seed —
 * declared once, so a field added to one cannot be forgotten in the other. Types only (no
 * 'server-only': the dumps and seed import them too); each reader adds its own fields (dates are ISO
 * strings on the page and API, Date objects in the dump). Here in lib/data, the lowest layer that
 * hands these shapes out, so every caller imports downward.
 */

/** What a poll discloses about how it was done: the AAPOR items plus sources and notes. */
export interface TPollMethod {
  datePrecision: string;
  publishedPrecision: string;
  sampleSize: number | null;
  population: string | null;
  mode: string | null;
  modeDetail: string | null;
  samplingFrame: string | null;
  weighting: string | null;
  reportedMoe: number | null;
  moeConfidence: number | null;
  designEffect: number | null;
  sourceUrls: string[];
  notes: string | null;
}

/** How one question was put in one poll: the wording as asked and what is known of its language. */
export interface TAskedWording {
  wording: string;
  wordingKey: string;
  /** language the question was asked in; null = not recorded */
  askedLanguage: string | null;
  /** language of `wording`; null = not recorded */
  wordingLanguage: string | null;
  /** true only when `wording` is marked as the questionnaire's exact text */
  wordingExact: boolean | null;
}

/** The wording in another language than `wording`, with where it comes from. */
export interface TWordingText {
  language: string;
  text: string;
  status: string;
  sourceUrl: string | null;
}

/** One subgroup of a crosstab (breakdown). */
export interface TBreakdownGroup {
  dimension: string;
  subgroup: string;
  sampleSize: number | null;
}

/** The facts of one indicator observation: the indicator page, the indicators dump, the demo seed. */
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
