import { z } from 'zod';

const ZDay = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-01-31.')
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), 'Not a real date.');

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** Filters of /admin/audit, read from the query string; blank fields mean "any". */
export const ZAuditFilter = z.object({
  entity: z.preprocess(blankToUndefined, z.string().trim().max(40).optional()),
  entityId: z.preprocess(blankToUndefined, z.string().trim().max(80).optional()),
  action: z.preprocess(blankToUndefined, z.string().trim().max(40).optional()),
  userId: z.preprocess(blankToUndefined, z.coerce.number().int().positive().optional()),
  from: z.preprocess(blankToUndefined, ZDay.optional()),
  to: z.preprocess(blankToUndefined, ZDay.optional()),
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100_000).default(1)),
});
export type TAuditFilter = z.infer<typeof ZAuditFilter>;
