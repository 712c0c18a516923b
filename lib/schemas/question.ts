import { z } from 'zod';
import { ZVersion, idField, optionalText, requiredText, slugField } from '@/lib/schemas/fields';
import { toAscii } from '@/lib/format/slug';

/** Option keys are stable machine names (for, against, dont_know): results point at them. */
export function optionKey(label: string): string {
  const key = toAscii(label)
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return key.slice(0, 40) || 'option';
}

export interface TOptionInput {
  key: string;
  label: string;
}

/**
 * Options, in order: one per line in the form, "key = Label" or just "Label" (the key is derived);
 * an array of {key?, label} in JSON.
 */
export const ZQuestionOptions = z
  .preprocess(
    (v) => {
      if (typeof v !== 'string') return v;
      return v
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line.length > 0)
        .map((line) => {
          const eq = line.indexOf('=');
          if (eq > 0) return { key: line.slice(0, eq).trim(), label: line.slice(eq + 1).trim() };
          return { label: line };
        });
    },
    z
      .array(
        z.object({
          key: z.string().trim().optional(),
          label: z
            .string({ error: 'Options: each option needs a label.' })
            .trim()
            .min(1, 'Options: each option needs a label.')
            .max(120, 'Options: a label has at most 120 characters.'),
        }),
        { error: 'Options: one option per line.' },
      )
      .min(2, 'Options: enter at least two options, one per line.')
      .max(30, 'Options: at most 30.'),
  )
  .transform((options) => options.map((o): TOptionInput => ({ key: o.key ? o.key : optionKey(o.label), label: o.label })))
  .superRefine((options, ctx) => {
    const seen = new Set<string>();
    options.forEach((o, i) => {
      if (!/^[a-z0-9_]{1,40}$/.test(o.key)) {
        ctx.addIssue({ code: 'custom', message: `Options: line ${i + 1}: the key “${o.key}” may use only a–z, 0–9 and _.` });
      }
      if (seen.has(o.key)) ctx.addIssue({ code: 'custom', message: `Options: line ${i + 1}: “${o.label}” repeats the key ${o.key}.` });
      seen.add(o.key);
    });
  });

const questionShape = {
  slug: slugField('Slug'),
  title: requiredText('Title', 200),
  wording: requiredText('Canonical wording', 4000),
  options: ZQuestionOptions,
  topic: optionalText('Topic', 120),
  country: optionalText('Country', 120),
  population: optionalText('Population', 300),
  language: optionalText('Language', 20),
  notes: optionalText('Notes', 5000),
};

export const ZQuestionInput = z.object(questionShape);
export type TQuestionInput = z.infer<typeof ZQuestionInput>;

export const ZQuestionUpdateInput = z.object({ ...questionShape, id: idField('Question'), version: ZVersion });
export type TQuestionUpdateInput = z.infer<typeof ZQuestionUpdateInput>;

/** How options are shown in the form's textarea. */
export function optionsToText(options: readonly TOptionInput[]): string {
  return options.map((o) => `${o.key} = ${o.label}`).join('\n');
}
