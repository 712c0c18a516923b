import type { z } from 'zod';
import { AppError, isAppError, zodFieldErrors, type AppErrorCode } from '@/lib/errors/app-error';

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

/**
 * Bounds on what a refused form gets back (issue #15: a 150,000-field post was echoed whole). The
 * admin forms have at most a few dozen named fields (the poll form posts one JSON `payload`); a
 * field name is a short identifier. Everything else a stranger adds is dropped, not echoed.
 */
export const ECHO_LIMITS = { fields: 64, nameLength: 64, valueLength: 200_000, totalLength: 400_000 } as const;
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_.\-]*$/;
const SECRET_FIELDS: readonly string[] = ['password', 'confirm', 'token'];

export interface EchoOptions {
  /** The form's own field names: only these are echoed. Without it, ECHO_LIMITS bound the echo. */
  only?: readonly string[];
  omit?: readonly string[];
}

/** Plain string values of a FormData, minus secrets; files and `$ACTION…` fields are skipped. */
export function formValues(formData: unknown, options: EchoOptions = {}): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(formData instanceof FormData)) return out;
  const omit = options.omit ?? SECRET_FIELDS;
  let fields = 0;
  let total = 0;
  for (const [key, value] of formData.entries()) {
    if (typeof value !== 'string' || omit.includes(key) || key in out) continue;
    if (options.only ? !options.only.includes(key) : key.length > ECHO_LIMITS.nameLength || !FIELD_NAME.test(key)) continue;
    if (value.length > ECHO_LIMITS.valueLength || total + value.length > ECHO_LIMITS.totalLength) continue;
    if ((fields += 1) > ECHO_LIMITS.fields) break;
    total += value.length;
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
export async function runFormAction(
  formData: unknown,
  ...args: [body: () => Promise<TFormState>] | [echo: EchoOptions, body: () => Promise<TFormState>]
): Promise<TFormState> {
  const [echo, body] = args.length === 1 ? [{}, args[0]] : args;
  try {
    return await body();
  } catch (error) {
    if (isAppError(error)) return errorState(error, formValues(formData, echo));
    throw error;
  }
}
