import { isHttpUrl } from '@/lib/schemas/field-rules';
import type { DatePrecision } from '@/lib/format/partial-date';

/** Cell parsers of the import. Each returns a value or a message that the caller prefixes with row and column. */
export type TCell<T> = { ok: true; value: T } | { ok: false; message: string };

export type TDateOrder = 'mdy' | 'dmy';
export type TDecimalMark = 'point' | 'comma';

export interface TImportDate {
  /** First day of the span, YYYY-MM-DD. */
  start: string;
  /** Last day of the span, YYYY-MM-DD. */
  end: string;
  precision: DatePrecision;
}

/** A date as written: the year may be missing ("31 Jul"), the day or month too ("Jul 2019", "2019"). */
export interface TDateParts {
  y: number | null;
  m: number | null;
  d: number | null;
}

/** One cell: a single date (from = to) or a range written in the cell ("27–28 Jul", "11 Nov – 7 Mar"). */
export interface TDateSpan {
  from: TDateParts;
  to: TDateParts;
}

/** Cells that mean "not given" in published files. */
const MISSING = new Set(['', 'na', 'n/a', 'n.a.', 'n.a', 'nan', 'null', 'none', '–', '—', '-', '*', '..', '...', '?']);

export function isMissing(raw: string): boolean {
  return MISSING.has(raw.trim().toLowerCase());
}

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};
const MONTH = '([A-Za-z]{3,9})\\.?';

function monthOf(word: string | undefined): number | null {
  if (!word) return null;
  return MONTHS[word.toLowerCase()] ?? null;
}

/**
 * Two-digit years: 00 up to this year's two digits + 1 are 20xx, the rest 19xx (FiveThirtyEight's
 * "6/9/17" is 2017, "10/13/98" is 1998).
 */
export function expandYear(y: number, now: Date = new Date()): number {
  if (y >= 100) return y;
  const pivot = (now.getUTCFullYear() % 100) + 1;
  return y <= pivot ? 2000 + y : 1900 + y;
}

function iso(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

function lastDay(y: number, m: number): string {
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

// Compiled once: a 100,000-row file reads these for every date cell.
const DAY_MONTH = new RegExp(`^(\\d{1,2})(?:st|nd|rd|th)?[\\s-]+${MONTH}(?:[\\s,-]+(\\d{2}|\\d{4}))?$`);
const MONTH_DAY = new RegExp(`^${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?$`);
const MONTH_YEAR = new RegExp(`^${MONTH}\\s+(\\d{4})$`);
const DAYS_MONTH = new RegExp(`^(\\d{1,2})\\s*[-–—]\\s*(\\d{1,2})\\s+${MONTH}(?:,?\\s+(\\d{2}|\\d{4}))?$`);
const MONTH_DAYS = new RegExp(`^${MONTH}\\s+(\\d{1,2})\\s*[-–—]\\s*(\\d{1,2})(?:,?\\s+(\\d{4}))?$`);

/** Numeric day/month/year, the order to be decided per file: the raw numbers are kept. */
const NUMERIC_DMY = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})$/;

/** The two leading numbers of an a/b/yy date, for deciding a file's date order. */
export function numericDatePair(raw: string): [number, number] | null {
  const m = NUMERIC_DMY.exec(raw.trim());
  return m ? [Number(m[1]), Number(m[3])] : null;
}

function single(v: string, order: TDateOrder): TDateParts | null {
  let m = /^(\d{4})$/.exec(v);
  if (m) return { y: Number(m[1]), m: null, d: null };
  m = /^(\d{4})[-/.](\d{1,2})$/.exec(v);
  if (m) return { y: Number(m[1]), m: Number(m[2]), d: null };
  m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ][\d:.]+Z?)?$/.exec(v);
  if (m) return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
  m = NUMERIC_DMY.exec(v);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const y = expandYear(Number(m[4]));
    // Dots are day.month.year wherever they are written; slashes and hyphens follow the file's order.
    if (m[2] === '.' || order === 'dmy') return { y, m: b, d: a };
    return { y, m: a, d: b };
  }
  // "31 Jul", "31 July 2019", "31-Jul-19"
  m = DAY_MONTH.exec(v);
  if (m && monthOf(m[2]) !== null) return { y: m[3] ? expandYear(Number(m[3])) : null, m: monthOf(m[2]), d: Number(m[1]) };
  // "Jul 31", "July 31, 2019"
  m = MONTH_DAY.exec(v);
  if (m && monthOf(m[1]) !== null) return { y: m[3] ? Number(m[3]) : null, m: monthOf(m[1]), d: Number(m[2]) };
  // "Jul 2019", "July 2019"
  m = MONTH_YEAR.exec(v);
  if (m && monthOf(m[1]) !== null) return { y: Number(m[2]), m: monthOf(m[1]), d: null };
  return null;
}

const DATE_HINT = 'use 2019-11-22, 11/22/2019, 22 Nov 2019, 22 Nov, a range such as 27–28 Jul, a month (2019-11) or a year (2019)';

/**
 * Read a date cell: ISO, a/b/y with 2- or 4-digit years (order per file), English month names,
 * day-month without a year (resolved later by the reader), and ranges in one cell ("27–28 Jul",
 * "Jul 27-28, 2019", "11 Nov – 7 Mar", "1 Jun 2019 to 3 Jun 2019"). Only the syntax is checked here;
 * real days are checked once the year is known ({@link resolveSpan}).
 */
export function parseDateSpan(raw: string, order: TDateOrder = 'mdy'): TCell<TDateSpan> {
  const v = raw.trim().replace(/\s+/g, ' ');
  const one = single(v, order);
  if (one) return { ok: true, value: { from: one, to: one } };
  // "27–28 Jul [2019]" and "27-28 Jul"
  let m = DAYS_MONTH.exec(v);
  if (m && monthOf(m[3]) !== null) {
    const y = m[4] ? expandYear(Number(m[4])) : null;
    const mo = monthOf(m[3]);
    return { ok: true, value: { from: { y, m: mo, d: Number(m[1]) }, to: { y, m: mo, d: Number(m[2]) } } };
  }
  // "Jul 27–28, 2019"
  m = MONTH_DAYS.exec(v);
  if (m && monthOf(m[1]) !== null) {
    const y = m[4] ? Number(m[4]) : null;
    const mo = monthOf(m[1]);
    return { ok: true, value: { from: { y, m: mo, d: Number(m[2]) }, to: { y, m: mo, d: Number(m[3]) } } };
  }
  // Two full dates: en or em dash (spaced or not), a spaced hyphen, or "to".
  const parts = v.split(/\s*[–—]\s*|\s+-\s+|\s+to\s+/i);
  if (parts.length === 2 && parts[0] && parts[1]) {
    const from = single(parts[0], order);
    const to = single(parts[1], order);
    if (from && to) return { ok: true, value: { from, to } };
  }
  // ISO dates joined by a bare hyphen: 2019-07-27-2019-07-28 or 2019-07-27/2019-07-28
  m = /^(\d{4}-\d{1,2}-\d{1,2})[-/](\d{4}-\d{1,2}-\d{1,2})$/.exec(v);
  if (m && m[1] && m[2]) {
    const from = single(m[1], order);
    const to = single(m[2], order);
    if (from && to) return { ok: true, value: { from, to } };
  }
  return { ok: false, message: `“${v}” is not a date; ${DATE_HINT}.` };
}

function partsLabel(p: TDateParts): string {
  return [p.y ?? '?', p.m ?? '', p.d ?? ''].filter((x) => x !== '').join('-');
}

/** First or last day of a span whose parts are all known. */
function toDay(p: TDateParts, edge: 'start' | 'end'): string | null {
  if (p.y === null) return null;
  if (p.y < 1800 || p.y > 2200) return null;
  if (p.m === null) return edge === 'start' ? `${p.y}-01-01` : `${p.y}-12-31`;
  if (p.m < 1 || p.m > 12) return null;
  if (p.d === null) return edge === 'start' ? iso(p.y, p.m, 1) : lastDay(p.y, p.m);
  return iso(p.y, p.m, p.d);
}

function precisionOf(p: TDateParts): DatePrecision {
  return p.m === null ? 'year' : p.d === null ? 'month' : 'day';
}

function dayOfYear(p: TDateParts): number {
  return (p.m ?? 1) * 40 + (p.d ?? 1);
}

/**
 * Fill missing years: the end of a span takes `year` when it has none, and a start without a year
 * takes the end's year, or the one before when the range crosses New Year ("28 Dec – 3 Jan").
 */
export function resolveSpan(span: TDateSpan, year: number | null): TCell<{ from: TImportDate; to: TImportDate }> {
  const to = { ...span.to, y: span.to.y ?? year };
  const from = { ...span.from };
  if (from.y === null && to.y !== null) from.y = dayOfYear(from) > dayOfYear(to) ? to.y - 1 : to.y;
  if (to.y === null || from.y === null) return { ok: false, message: `“${partsLabel(span.from)}” has no year; choose the year of the first such row.` };
  const fs = toDay(from, 'start');
  const fe = toDay(from, 'end');
  const ts = toDay(to, 'start');
  const te = toDay(to, 'end');
  if (!fs || !fe) return { ok: false, message: `${partsLabel(from)} is not a real date.` };
  if (!ts || !te) return { ok: false, message: `${partsLabel(to)} is not a real date.` };
  return { ok: true, value: { from: { start: fs, end: fe, precision: precisionOf(from) }, to: { start: ts, end: te, precision: precisionOf(to) } } };
}

/**
 * Years for dates written without one, row after row: the editor gives the year of the first such
 * row; each later one takes the year (previous − 1, previous or previous + 1) that puts it nearest
 * the previous row's date, so a file in date order, oldest or newest first, crosses New Year
 * correctly ("28 Dec", "3 Jan" → the next year; "3 Jan", "28 Dec" newest first → the year before).
 */
export class YearTracker {
  private last: { y: number; m: number; d: number } | null = null;

  constructor(private readonly firstYear: number | null) {}

  yearFor(p: TDateParts): number | null {
    if (p.y !== null) {
      this.last = { y: p.y, m: p.m ?? 1, d: p.d ?? 1 };
      return p.y;
    }
    const m = p.m ?? 1;
    const d = p.d ?? 1;
    if (!this.last) {
      if (this.firstYear === null) return null;
      this.last = { y: this.firstYear, m, d };
      return this.firstYear;
    }
    const prev = Date.UTC(this.last.y, this.last.m - 1, this.last.d);
    let best = this.last.y;
    let bestGap = Infinity;
    for (const y of [this.last.y - 1, this.last.y, this.last.y + 1]) {
      const gap = Math.abs(Date.UTC(y, m - 1, d) - prev);
      if (gap < bestGap) {
        bestGap = gap;
        best = y;
      }
    }
    this.last = { y: best, m, d };
    return best;
  }
}

/**
 * Numbers as published: "1,600", "1 600", "45%", "45,5" (decimal comma files), "NA"/"–" = missing.
 * With a decimal point, a comma must separate thousands (1,600); with a decimal comma, points,
 * spaces and apostrophes separate thousands (1.600, 1 600, 1'600).
 */
export function parseNumberCell(raw: string, decimal: TDecimalMark = 'point'): TCell<number | null> {
  if (isMissing(raw)) return { ok: true, value: null };
  let v = raw.trim().replace(/\s*%$/, '').trim();
  if (isMissing(v)) return { ok: true, value: null };
  if (decimal === 'comma') {
    v = v.replace(/[\s\u00a0\u202f'.](?=\d{3}(\D|$))/g, '').replace(',', '.');
  } else {
    if (/^[-+]?\d+,\d{1,2}$/.test(v)) return { ok: false, message: `“${raw.trim()}” has a decimal comma; choose “decimal comma” for this file.` };
    v = v.replace(/[,\u00a0\u202f](?=\d{3}(\D|$))/g, '');
  }
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(v)) return { ok: false, message: `“${raw.trim()}” is not a number.` };
  return { ok: true, value: Number(v) };
}

export function parsePercentCell(raw: string, decimal: TDecimalMark = 'point'): TCell<number | null> {
  const n = parseNumberCell(raw, decimal);
  if (!n.ok || n.value === null) return n;
  if (n.value < 0 || n.value > 100) return { ok: false, message: `${n.value} is not a percentage between 0 and 100.` };
  return n;
}

/** A sample size; a fractional one (FiveThirtyEight's approximated n such as 852.5) is rounded and said so. */
export function parseCountCell(raw: string, decimal: TDecimalMark = 'point'): TCell<{ value: number; rounded: boolean } | null> {
  const n = parseNumberCell(raw, decimal);
  if (!n.ok) return n;
  if (n.value === null) return { ok: true, value: null };
  const value = Math.round(n.value);
  if (value <= 0) return { ok: false, message: `${raw.trim()} is not a positive sample size.` };
  return { ok: true, value: { value, rounded: value !== n.value } };
}

/** "url1 ; url2", "url1 url2" or one per line; a bare domain gets https://. */
export function parseUrlsCell(raw: string): TCell<string[]> {
  if (isMissing(raw)) return { ok: true, value: [] };
  const urls = raw
    .split(/\s*[;\n]\s*|\s+(?=https?:\/\/)/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => (/^[a-z0-9-]+(\.[a-z0-9-]+)+(\/|$)/i.test(s) ? `https://${s}` : s));
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
  if (isMissing(v)) return null;
  return POPULATION_CODES[v.toLowerCase()] ?? v;
}

/** Free-text mode ("telephone, dual-frame") → one of the form's modes, keeping the text as detail. */
export function modeOf(raw: string): { mode: string | null; detail: string | null } {
  const v = raw.trim();
  const l = v.toLowerCase();
  if (isMissing(l)) return { mode: null, detail: null };
  const kinds = [
    /face[- ]to[- ]face|door[- ]to[- ]door|in[- ]person|capi|papi/.test(l) ? 'face-to-face' : null,
    /tele|phone|cati|ivr|landline|mobile/.test(l) ? 'telephone' : null,
    /online|internet|web|cawi|panel/.test(l) ? 'online' : null,
  ].filter((k): k is string => k !== null);
  const mode = /mixed|mixed-mode/.test(l) || kinds.length > 1 ? 'mixed' : (kinds[0] ?? 'other');
  return { mode, detail: v === mode ? null : v };
}
