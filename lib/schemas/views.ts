import { z } from 'zod';

export const TREND_METHODS = ['weighted', 'mean', 'loess', 'kalman'] as const;
export const ZTrendMethod = z.enum(TREND_METHODS);
export type TTrendMethod = z.infer<typeof ZTrendMethod>;
/**
 * The default trend method: of the methods whose 95% bands cover the truth 92–98% of the time in
 * every scenario of `npm run bench -- --only=coverage`, the one with the lowest RMSE (bench/coverage.json).
 */
export const DEFAULT_TREND_METHOD: TTrendMethod = 'kalman';

/** A date filter value: 2018, 2018-11 or 2018-11-28. */
const ZDateParam = z
  .string()
  .trim()
  .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be a date as YYYY, YYYY-MM or YYYY-MM-DD')
  .refine((v) => !Number.isNaN(Date.parse(v.length === 4 ? `${v}-01-01` : v.length === 7 ? `${v}-01` : v)), 'is not a real date');

const ZSlugParam = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_-]{0,119}$/, 'must be a lowercase slug');

/** Query of the question page and of /api/v1/questions/[slug]: the view a link reproduces. */
export const ZQuestionViewInput = z.object({
  method: ZTrendMethod.default(DEFAULT_TREND_METHOD),
  from: ZDateParam.optional(),
  to: ZDateParam.optional(),
  pollster: ZSlugParam.optional(),
  option: ZSlugParam.optional(),
  zoom: z.enum(['0', '1']).optional(),
  /** bands with sampling error only (default) or with the calibrated non-sampling term added */
  error: z.enum(['sampling', 'total']).optional(),
  /** the trend of the selected answer (default), of every answer of the main wording, or the net of the first two answers */
  show: z.enum(['one', 'all', 'net']).optional(),
});
export type TQuestionViewInput = z.infer<typeof ZQuestionViewInput>;

/** Query of the indicator page and /api/v1/indicators/[slug]: the year the target should be reached. */
export const ZIndicatorViewInput = z.object({
  by: z.coerce
    .number({ error: 'must be a year' })
    .int('must be a whole year')
    .min(1900, 'must be a year between 1900 and 2200')
    .max(2200, 'must be a year between 1900 and 2200')
    .optional(),
});
export type TIndicatorViewInput = z.infer<typeof ZIndicatorViewInput>;

export const ZPollListInput = z.object({
  page: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be ≥ 1').default(1),
  pageSize: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be ≥ 1').max(200, 'must be ≤ 200').default(50),
  pollster: ZSlugParam.optional(),
  question: ZSlugParam.optional(),
});
export type TPollListInput = z.infer<typeof ZPollListInput>;

export const ZOverviewInput = z.object({
  q: z.string().trim().max(100, 'must be at most 100 characters').optional(),
  topic: z.string().trim().max(100).optional(),
  country: z.string().trim().max(100).optional(),
  pollster: ZSlugParam.optional(),
  /** Page of question cards (the overview shows OVERVIEW_PAGE_SIZE per page). */
  page: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be ≥ 1').max(100_000).default(1),
});

/** GET /api/v1/questions: the overview's filters, paginated like /api/v1/polls. */
export const ZQuestionListInput = ZOverviewInput.extend({
  pageSize: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be ≥ 1').max(500, 'must be ≤ 500').default(100),
});
export type TQuestionListInput = z.infer<typeof ZQuestionListInput>;
export type TOverviewInput = z.infer<typeof ZOverviewInput>;

export const ZCompareInput = z.object({
  question: ZSlugParam.optional(),
  indicator: ZSlugParam.optional(),
  method: ZTrendMethod.default(DEFAULT_TREND_METHOD),
  option: ZSlugParam.optional(),
});
export type TCompareInput = z.infer<typeof ZCompareInput>;

/** Next.js searchParams → flat record (first value of repeated keys; empty values dropped). */
export function flattenSearchParams(sp: Record<string, string | string[] | undefined> | URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  const entries: [string, string | string[] | undefined][] = sp instanceof URLSearchParams ? [...sp.entries()] : Object.entries(sp);
  for (const [k, v] of entries) {
    const value = Array.isArray(v) ? v[0] : v;
    if (value !== undefined && value !== '' && !(k in out)) out[k] = value;
  }
  return out;
}

/**
 * For pages: parse leniently — drop each invalid parameter (and report it) instead of failing the
 * whole page, so a hand-edited URL still shows the default view with a note.
 */
export function parseLenient<T extends z.ZodObject>(schema: T, raw: Record<string, string>): { value: z.infer<T>; ignored: string[] } {
  const first = schema.safeParse(raw);
  if (first.success) return { value: first.data, ignored: [] };
  const bad = new Set(first.error.issues.map((i) => String(i.path[0] ?? '')));
  const kept = Object.fromEntries(Object.entries(raw).filter(([k]) => !bad.has(k)));
  const second = schema.safeParse(kept);
  return { value: second.success ? second.data : schema.parse({}), ignored: [...bad].filter(Boolean) };
}

/** First date (UTC ms) covered by a filter value: 2018 → 1 Jan 2018. */
export function dateParamStart(v: string): number {
  const [y, m, d] = v.split('-').map(Number);
  return Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1);
}

/** Last instant covered by a filter value: 2018 → 31 Dec 2018 23:59:59.999. */
export function dateParamEnd(v: string): number {
  const [y, m, d] = v.split('-').map(Number);
  if (m === undefined) return Date.UTC((y ?? 1970) + 1, 0, 1) - 1;
  if (d === undefined) return Date.UTC(y ?? 1970, m, 1) - 1;
  return Date.UTC(y ?? 1970, m - 1, d + 1) - 1;
}
