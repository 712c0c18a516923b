import { z } from 'zod';

/**
 * Field schemas shared by the data-entry schemas (forms, API, CSV import). Every schema accepts
 * what a form posts (strings, '' for blank) and what JSON carries (numbers, null), and every
 * message starts with the field's label so it can be shown on its own ("Sample size: …").
 * Pure and client-safe: the poll form imports these for its live checks.
 */

/** The rounding tolerance on a result set: published shares are rounded, so 101 is fine, 110 is not. */
export const SUM_TOLERANCE = 1.5;
/** Below this a result set is probably missing an option ("don't know"): warned about, not refused. */
export const SUM_WARNING_BELOW = 90;

export const POLL_MODES = ['face-to-face', 'telephone', 'online', 'mixed', 'other'] as const;
export type TPollMode = (typeof POLL_MODES)[number];

export const OBSERVATION_KINDS = ['actual', 'estimate', 'target', 'forecast'] as const;
export type TObservationKind = (typeof OBSERVATION_KINDS)[number];

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/** '' / null / undefined → null; anything else trimmed. */
export function optionalText(label: string, max = 500) {
  return z.preprocess(
    (v) => (isBlank(v) ? null : typeof v === 'string' ? v.trim() : v),
    z.string({ error: `${label}: enter text.` }).max(max, `${label}: at most ${max} characters.`).nullable(),
  );
}

export function requiredText(label: string, max = 500) {
  return z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v ?? ''),
    z
      .string({ error: `${label}: enter text.` })
      .min(1, `${label} is required.`)
      .max(max, `${label}: at most ${max} characters.`),
  );
}

function toNumber(v: unknown): unknown {
  if (isBlank(v)) return null;
  if (typeof v === 'string') {
    const t = v.trim().replace(/,(?=\d{3}\b)/g, '');
    // Number('') is 0 and Number('0x10') is 16: accept plain decimals only.
    return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t) ? Number(t) : v;
  }
  return v;
}

interface NumberOptions {
  min?: number;
  max?: number;
  int?: boolean;
  /** min is exclusive (e.g. a design effect must be > 0). */
  positive?: boolean;
}

function numberSchema(label: string, o: NumberOptions) {
  let s = z.number({ error: `${label} must be a number.` }).refine(Number.isFinite, `${label} must be a number.`);
  if (o.int) s = s.refine(Number.isInteger, `${label} must be a whole number.`);
  if (o.positive) s = s.refine((v) => v > 0, `${label} must be greater than 0.`);
  if (o.min !== undefined) {
    const min = o.min;
    s = s.refine((v) => v >= min, `${label} must be at least ${min}.`);
  }
  if (o.max !== undefined) {
    const max = o.max;
    s = s.refine((v) => v <= max, `${label} must be at most ${max}.`);
  }
  return s;
}

/** A number that may be left blank (null = not given). */
export function optionalNumber(label: string, o: NumberOptions = {}) {
  return z.preprocess(toNumber, numberSchema(label, o).nullable());
}

export function requiredNumber(label: string, o: NumberOptions = {}) {
  return z
    .preprocess((v) => toNumber(v) ?? undefined, numberSchema(label, o).optional())
    .refine((v) => v !== undefined, `${label} is required.`)
    .transform((v) => v as number);
}

/** A share in percent (0–100). */
export function percentField(label: string) {
  return requiredNumber(label, { min: 0, max: 100 });
}

/** Database ids posted from selects. */
export function idField(label: string) {
  return z.preprocess(toNumber, z.number({ error: `${label}: choose one.` }).int(`${label}: choose one.`).positive(`${label}: choose one.`));
}

export const ZVersion = z.preprocess(
  toNumber,
  z.number({ error: 'Missing version: reload the page.' }).int().positive('Missing version: reload the page.'),
);

/** Checkboxes post 'on' (or nothing); JSON posts booleans. */
export const ZCheckbox = z.preprocess((v) => v === true || v === 'on' || v === 'true' || v === '1' || v === 'yes', z.boolean());

/** Yes / no / unknown (null) selects. */
export const ZTriState = z.preprocess(
  (v) => (v === true || v === 'yes' || v === 'true' ? true : v === false || v === 'no' || v === 'false' ? false : null),
  z.boolean().nullable(),
);

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

function dayBase(label: string) {
  return z
    .string({ error: `${label}: enter a date.` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label}: use a date like 2019-11-22.`)
    .refine(isRealDay, `${label}: not a real date.`)
    .refine((v) => v <= latestToday(), `${label} is in the future.`);
}

export function requiredDay(label: string) {
  return z.preprocess((v) => (isBlank(v) ? undefined : typeof v === 'string' ? v.trim() : v), dayBase(label).optional()).refine(
    (v) => v !== undefined,
    `${label} is required.`,
  ).transform((v) => v as string);
}

export function optionalDay(label: string) {
  return z.preprocess((v) => (isBlank(v) ? null : typeof v === 'string' ? v.trim() : v), dayBase(label).nullable());
}

export function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.length > 0;
  } catch {
    return false;
  }
}

export function optionalUrl(label: string) {
  return z.preprocess(
    (v) => (isBlank(v) ? null : typeof v === 'string' ? v.trim() : v),
    z
      .string()
      .max(2000, `${label}: at most 2000 characters.`)
      .refine(isHttpUrl, `${label}: enter a full http(s) address, like https://example.org/report.pdf.`)
      .nullable(),
  );
}

/** Source URLs: one per line in a form, an array in JSON. Every one must be http(s). */
export function urlList(label: string) {
  return z
    .preprocess(
      (v) =>
        typeof v === 'string'
          ? v
              .split(/\r?\n/)
              .map((s) => s.trim())
              .filter((s) => s.length > 0)
          : isBlank(v)
            ? []
            : v,
      z.array(z.string(), { error: `${label}: one address per line.` }).max(20, `${label}: at most 20 addresses.`),
    )
    .superRefine((urls, ctx) => {
      urls.forEach((u, i) => {
        if (!isHttpUrl(u) || u.length > 2000) {
          ctx.addIssue({ code: 'custom', message: `${label}: line ${i + 1} (${u.slice(0, 60)}) is not an http(s) address.` });
        }
      });
    });
}

/** URL slugs: lower-case letters, digits and hyphens. */
export function slugField(label = 'Slug') {
  return z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v),
    z
      .string({ error: `${label} is required.` })
      .min(1, `${label} is required.`)
      .max(80, `${label}: at most 80 characters.`)
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, `${label}: use lower-case letters, digits and single hyphens, like kuril-transfer.`),
  );
}

/**
 * Check one result set (shares of one question or subgroup): adds an error issue at `path` when it
 * sums to more than 100 + tolerance. Returns the sum.
 */
export function resultSetSum(percents: readonly number[]): number {
  return Math.round(percents.reduce((a, b) => a + b, 0) * 1000) / 1000;
}

export function sumTooHigh(sum: number): boolean {
  return sum > 100 + SUM_TOLERANCE;
}

export function sumTooLowWarning(sum: number, optionCount: number): boolean {
  return optionCount > 0 && sum < SUM_WARNING_BELOW;
}
