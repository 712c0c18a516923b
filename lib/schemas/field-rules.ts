/**
 * The data-entry rules that browsers need too (the poll form's live checks, the CSV import preview):
 * limits, option lists and plain predicates. Kept free of zod so client components can import them
 * without shipping zod (~30 kB gzip) to the admin pages; the zod field schemas in
 * `lib/schemas/fields.ts` build on these and re-export them.
 */

/** The rounding tolerance on a result set: published shares are rounded, so 101 is fine, 110 is not. */
export const SUM_TOLERANCE = 1.5;
/** Below this a result set is probably missing an option ("don't know"): warned about, not refused. */
export const SUM_WARNING_BELOW = 90;

export const POLL_MODES = ['face-to-face', 'telephone', 'online', 'mixed', 'other'] as const;

export const OBSERVATION_KINDS = ['actual', 'estimate', 'target', 'forecast'] as const;

/** "2019-11-22" in UTC; `today` is the latest date anywhere on Earth (UTC+14), so no one's today is "future". */
export function latestToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 14 * 3600_000).toISOString().slice(0, 10);
}

export function isRealDay(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.length > 0;
  } catch {
    return false;
  }
}

/** Sum of one result set's shares (one question or subgroup), rounded to 0.001 so float noise never trips the limits. */
export function resultSetSum(percents: readonly number[]): number {
  return Math.round(percents.reduce((a, b) => a + b, 0) * 1000) / 1000;
}

export function sumTooHigh(sum: number): boolean {
  return sum > 100 + SUM_TOLERANCE;
}

export function sumTooLowWarning(sum: number, optionCount: number): boolean {
  return optionCount > 0 && sum < SUM_WARNING_BELOW;
}
