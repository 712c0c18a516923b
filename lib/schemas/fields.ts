import { z } from 'zod';
import { isHttpUrl, isRealDay, latestToday } from '@/lib/schemas/field-rules';

// Server code keeps importing every field rule from here; client code imports field-rules.ts directly.
export { OBSERVATION_KINDS, POLL_MODES, SUM_TOLERANCE, isRealDay, resultSetSum, sumTooHigh, sumTooLowWarning } from '@/lib/schemas/field-rules';

/**
 * Field schemas shared by the data-entry schemas (forms, API, CSV import). Every schema accepts
 * what a form posts (strings, '' for blank) and what JSON carries (numbers, null), and every
 * message starts with the field's label so it can be shown on its own ("Sample size: …").
 * The plain rules that browsers need too live in field-rules.ts (no zod) and are re-exported above.
 */

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/** '' / null / undefined → null; anything else trimmed. */
export function optionalText(label: string, max = 500) {
  return z.preprocess(
    (v) => (isBlank(v) ? null : typeof v === 'string' ? v.trim() : v),
    z
      .string({ error: `${label}: enter text.` })
      .max(max, `${label}: at most ${max} characters.`)
      .nullable(),
  );
}

export function requiredText(label: string, max = 500) {
  return z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : (v ?? '')),
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
    .transform((v) => v);
}

/** A share in percent (0–100). */
export function percentField(label: string) {
  return requiredNumber(label, { min: 0, max: 100 });
}

/** Database ids posted from selects. */
export function idField(label: string) {
  return z.preprocess(
    toNumber,
    z
      .number({ error: `${label}: choose one.` })
      .int(`${label}: choose one.`)
      .positive(`${label}: choose one.`),
  );
}

export const ZVersion = z.preprocess(toNumber, z.number({ error: 'Missing version: reload the page.' }).int().positive('Missing version: reload the page.'));

/** Checkboxes post 'on' (or nothing); JSON posts booleans. */
export const ZCheckbox = z.preprocess((v) => v === true || v === 'on' || v === 'true' || v === '1' || v === 'yes', z.boolean());

/** Yes / no / unknown (null) selects. */
export const ZTriState = z.preprocess(
  (v) => (v === true || v === 'yes' || v === 'true' ? true : v === false || v === 'no' || v === 'false' ? false : null),
  z.boolean().nullable(),
);

function dayBase(label: string) {
  return z
    .string({ error: `${label}: enter a date.` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label}: use a date like 2019-11-22.`)
    .refine(isRealDay, `${label}: not a real date.`)
    .refine((v) => v <= latestToday(), `${label} is in the future.`);
}

export function requiredDay(label: string) {
  return z
    .preprocess((v) => (isBlank(v) ? undefined : typeof v === 'string' ? v.trim() : v), dayBase(label).optional())
    .refine((v) => v !== undefined, `${label} is required.`)
    .transform((v) => v);
}

export function optionalDay(label: string) {
  return z.preprocess((v) => (isBlank(v) ? null : typeof v === 'string' ? v.trim() : v), dayBase(label).nullable());
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
