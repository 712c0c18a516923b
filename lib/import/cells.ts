import { isHttpUrl, latestToday } from '@/lib/schemas/field-rules';
import type { DatePrecision } from '@/lib/seed/dates';

/** Cell parsers of the import. Each returns a value or a message that the caller prefixes with row and column. */
export type TCell<T> = { ok: true; value: T } | { ok: false; message: string };

export type TDateOrder = 'mdy' | 'dmy';

export interface TImportDate {
  /** First day of the span, YYYY-MM-DD. */
  start: string;
  /** Last day of the span, YYYY-MM-DD. */
  end: string;
  precision: DatePrecision;
}

function iso(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

function lastDay(y: number, m: number): string {
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/**
 * "2019", "2019-05", "2019-05-31", "5/31/2019" (or 31/5/2019 with dmy), "31.05.2019", "2019/05/31".
 * Year-only and month-only dates keep their precision; impossible days (2/30/2019) are refused.
 */
export function parseDateCell(raw: string, order: TDateOrder = 'mdy'): TCell<TImportDate> {
  const v = raw.trim();
  let m = /^(\d{4})$/.exec(v);
  if (m) {
    if (Number(m[1]) < 1800) return { ok: false, message: `“${v}” is not a plausible year.` };
    return { ok: true, value: { start: `${m[1]}-01-01`, end: `${m[1]}-12-31`, precision: 'year' } };
  }
  m = /^(\d{4})[-/](\d{1,2})$/.exec(v);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    if (mo < 1 || mo > 12) return { ok: false, message: `“${v}” is not a real month.` };
    const start = iso(y, mo, 1);
    if (!start) return { ok: false, message: `“${v}” is not a real month.` };
    return { ok: true, value: { start, end: lastDay(y, mo), precision: 'month' } };
  }
  let y: number;
  let mo: number;
  let d: number;
  let how: string;
  if ((m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(v))) {
    [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    how = 'year-month-day';
  } else if ((m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v))) {
    if (order === 'mdy') [mo, d, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    else [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    how = order === 'mdy' ? 'month/day/year' : 'day/month/year';
  } else if ((m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(v))) {
    [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    how = 'day.month.year';
  } else {
    return { ok: false, message: `“${v}” is not a date; use 2019-11-22, 11/22/2019, a month (2019-11) or a year (2019).` };
  }
  const day = iso(y, mo, d);
  if (!day) return { ok: false, message: `“${v}” is not a real date (read as ${how}).` };
  return { ok: true, value: { start: day, end: day, precision: 'day' } };
}

export function isFutureDay(day: string, now: Date = new Date()): boolean {
  return day > latestToday(now);
}

/** Plain decimal numbers; "1,600" and "45%" are accepted, "abc" and "1.6 thousand" are not. */
export function parseNumberCell(raw: string): TCell<number | null> {
  const v = raw.trim().replace(/%$/, '').trim();
  if (v === '') return { ok: true, value: null };
  const t = v.replace(/,(?=\d{3}(\D|$))/g, '');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(t)) return { ok: false, message: `“${raw.trim()}” is not a number.` };
  return { ok: true, value: Number(t) };
}

export function parsePercentCell(raw: string): TCell<number | null> {
  const n = parseNumberCell(raw);
  if (!n.ok || n.value === null) return n;
  if (n.value < 0 || n.value > 100) return { ok: false, message: `${n.value} is not a percentage between 0 and 100.` };
  return n;
}

export function parseCountCell(raw: string): TCell<number | null> {
  const n = parseNumberCell(raw);
  if (!n.ok || n.value === null) return n;
  if (!Number.isInteger(n.value) || n.value <= 0) return { ok: false, message: `${raw.trim()} is not a positive whole number.` };
  return n;
}

/** "url1 ; url2", "url1 url2" or one per line. */
export function parseUrlsCell(raw: string): TCell<string[]> {
  const urls = raw
    .split(/\s*[;\n]\s*|\s+(?=https?:\/\/)/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const bad = urls.find((u) => !isHttpUrl(u));
  if (bad !== undefined) return { ok: false, message: `“${bad.slice(0, 80)}” is not an http(s) address.` };
  return { ok: true, value: urls };
}

const POPULATION_CODES: Record<string, string> = {
  a: 'Adults',
  rv: 'Registered voters',
  lv: 'Likely voters',
  v: 'Voters',
};

/** FiveThirtyEight's population codes (a, rv, lv) spelled out; other text kept as written. */
export function populationOf(raw: string): string | null {
  const v = raw.trim();
  if (v === '') return null;
  return POPULATION_CODES[v.toLowerCase()] ?? v;
}

/** Free-text mode ("telephone, dual-frame") → one of the form's modes, keeping the text as detail. */
export function modeOf(raw: string): { mode: string | null; detail: string | null } {
  const v = raw.trim();
  const l = v.toLowerCase();
  if (l === '') return { mode: null, detail: null };
  const kinds = [
    /face[- ]to[- ]face|door[- ]to[- ]door|in[- ]person|capi|papi/.test(l) ? 'face-to-face' : null,
    /tele|phone|cati|ivr|landline|mobile/.test(l) ? 'telephone' : null,
    /online|internet|web|cawi|panel/.test(l) ? 'online' : null,
  ].filter((k): k is string => k !== null);
  const mode = /mixed|mixed-mode/.test(l) || kinds.length > 1 ? 'mixed' : (kinds[0] ?? 'other');
  return { mode, detail: v === mode ? null : v };
}
