import { z } from 'zod';
import { optionalText, slugField } from '@/lib/schemas/fields';
import { parseTarget } from '@/lib/import/targets';

/** What the import page posts besides the file. */
export const IMPORT_MODES = ['all-or-nothing', 'valid-rows'] as const;
export type TImportMode = (typeof IMPORT_MODES)[number];

export const ZImportMapping = z.record(z.string(), z.string(), { error: 'Mapping: one target per column.' }).superRefine((mapping, ctx) => {
  for (const [header, target] of Object.entries(mapping)) {
    if (!parseTarget(target)) ctx.addIssue({ code: 'custom', path: [header], message: `Mapping: column “${header}” has an unknown target “${target}”.` });
  }
});

export const ZImportOptions = z.object({
  mode: z.enum(IMPORT_MODES, { error: 'Mode: choose “all or nothing” or “import valid rows”.' }).default('all-or-nothing'),
  /** auto = decided per file from the data (a first number above 12 means day/month/year). */
  dateOrder: z.enum(['auto', 'mdy', 'dmy'], { error: 'Date order: choose automatic, month/day/year or day/month/year.' }).default('auto'),
  decimal: z.enum(['auto', 'point', 'comma'], { error: 'Decimal mark: choose automatic, point or comma.' }).default('auto'),
  /** The year of the first date written without one ("31 Jul"); later ones follow in order. */
  firstYear: z.coerce.number({ error: 'Year: a number such as 2019.' }).int().min(1800).max(2200).nullable().default(null),
  /** Pollster for rows whose file has no pollster column (or an empty cell). */
  defaultPollster: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), z.string().trim().max(200).nullable()).default(null),
  /** The editor confirmed a mapping that creates more than MANY_QUESTIONS questions. */
  confirmManyQuestions: z.boolean().default(false),
  /** Question for rows without a question column (or with a blank cell); created when missing. */
  questionSlug: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), slugField('Default question slug').optional()),
  questionTitle: optionalText('Default question title', 200),
});
export type TImportOptions = z.infer<typeof ZImportOptions>;

/** The commit form: the file travels as a File; mapping and options as JSON text fields. */
export const ZImportRequest = z.object({
  fileName: z.string().trim().min(1, 'File: choose a CSV file.').max(255, 'File: the name is too long.'),
  mapping: z.preprocess((v) => {
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      return null;
    }
  }, ZImportMapping),
  options: z.preprocess((v) => {
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      return null;
    }
  }, ZImportOptions),
});
