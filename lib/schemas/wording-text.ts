import { z } from 'zod';
import { idField, optionalText, optionalUrl, requiredText } from '@/lib/schemas/fields';

/** How a wording text was obtained (WordingText.status). */
export const WORDING_TEXT_STATUSES = ['questionnaire', 'press-report', 'translation'] as const;
export const WORDING_TEXT_ROLES = ['original', 'translation'] as const;

/**
 * A BCP 47 language tag (ru, ja, en, pt-BR, zh-Hant), canonicalised (EN-gb → en-GB). The shape is
 * checked first (Intl accepts private-use and odd forms), then Intl.getCanonicalLocales proves it
 * well-formed.
 */
export const ZLanguageTag = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim() : v),
  z
    .string({ error: 'Language: enter a language code like ru, ja or en.' })
    .min(1, 'Language is required (a code like ru, ja or en).')
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'Language: use a language code like ru, ja, en or pt-BR.')
    .transform((tag, ctx) => {
      try {
        return Intl.getCanonicalLocales(tag)[0] ?? tag;
      } catch {
        ctx.addIssue({ code: 'custom', message: `Language: “${tag}” is not a valid language code (use ru, ja, en, pt-BR…).` });
        return z.NEVER;
      }
    }),
);

/**
 * One text of a wording, as entered on the question's admin page: the wording in the language it
 * was asked in (original) or a translation. It applies to every poll of the question asked with
 * that wording (same wording key).
 */
export const ZWordingTextInput = z.object({
  questionId: idField('Question'),
  wordingKey: requiredText('Wording', 200),
  language: ZLanguageTag,
  role: z.enum(WORDING_TEXT_ROLES, { error: 'Role: choose original or translation.' }),
  text: requiredText('Text', 4000),
  status: z.enum(WORDING_TEXT_STATUSES, { error: 'Status: choose questionnaire, press report or translation.' }),
  sourceUrl: optionalUrl('Source URL'),
  sourceNote: optionalText('Source note', 1000),
});
export type TWordingTextInput = z.infer<typeof ZWordingTextInput>;

/** Removing one text of a wording. */
export const ZWordingTextDeleteInput = z.object({
  questionId: idField('Question'),
  wordingKey: requiredText('Wording', 200),
  language: ZLanguageTag,
  role: z.enum(WORDING_TEXT_ROLES, { error: 'Role: choose original or translation.' }),
});
export type TWordingTextDeleteInput = z.infer<typeof ZWordingTextDeleteInput>;
