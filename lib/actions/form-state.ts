import type { z } from 'zod';
import { AppError, isAppError, type AppErrorCode } from '@/lib/errors';

/**
 * The state every `useActionState` form action returns. `values` echoes what was typed (never
 * passwords) so a refused form keeps its input; `fieldErrors` are shown next to their fields.
 */
export interface TFormState {
  status: 'idle' | 'success' | 'error';
  code?: AppErrorCode;
  message?: string;
  fieldErrors?: Record<string, string[]>;
  values?: Record<string, string>;
}

export const IDLE_FORM_STATE: TFormState = { status: 'idle' };

/** Plain string values of a FormData, minus secrets; files and `$ACTION…` fields are skipped. */
export function formValues(formData: unknown, omit: readonly string[] = ['password', 'confirm']): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(formData instanceof FormData)) return out;
  for (const [key, value] of formData.entries()) {
    if (typeof value !== 'string' || key.startsWith('$') || omit.includes(key)) continue;
    out[key] = value;
  }
  return out;
}

/** FormData → plain object for zod (first value of each field). */
export function formObject(formData: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(formData instanceof FormData)) return out;
  for (const [key, value] of formData.entries()) {
    if (typeof value === 'string' && !key.startsWith('$') && !(key in out)) out[key] = value;
  }
  return out;
}

export function zodFieldErrors(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join('.') : '_form';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/** Parse with zod or throw AppError VALIDATION carrying per-field messages. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new AppError('VALIDATION', 'Some fields need attention.', zodFieldErrors(parsed.error));
  return parsed.data;
}

export function errorState(error: AppError, values?: Record<string, string>): TFormState {
  return { status: 'error', code: error.code, message: error.message, fieldErrors: error.fieldErrors, values };
}

/**
 * Run a form action body and turn AppErrors (auth, validation, conflict) into a form state that
 * echoes the submitted values (minus passwords); other errors — including Next's redirect signal —
 * propagate. The body must start with `await requireUser(…)`: nothing is read before it.
 */
export async function runFormAction(formData: unknown, body: () => Promise<TFormState>): Promise<TFormState> {
  try {
    return await body();
  } catch (error) {
    if (isAppError(error)) return errorState(error, formValues(formData));
    throw error;
  }
}
