import type { z } from 'zod';

/**
 * The app's typed error. Server actions and data functions throw it (or return its code in a form
 * state) so callers can branch on `code` instead of parsing messages.
 */
export type AppErrorCode =
  | 'UNAUTHENTICATED' // no valid session
  | 'FORBIDDEN' // signed in, but the role does not allow this
  | 'VALIDATION' // bad input; `fieldErrors` names the fields
  | 'NOT_FOUND'
  | 'CONFLICT' // optimistic-locking conflict or a unique value already taken
  | 'THROTTLED' // too many failed logins; retry later
  | 'BUSY' // the server is checking as many passwords as it allows at once; retry at once
  | 'INTERNAL';

export const APP_ERROR_MESSAGES: Record<AppErrorCode, string> = {
  UNAUTHENTICATED: 'Your session has ended. Log in again.',
  FORBIDDEN: 'Your role does not allow this.',
  VALIDATION: 'Some fields need attention.',
  NOT_FOUND: 'Not found.',
  CONFLICT: 'Someone else changed this in the meantime.',
  THROTTLED: 'Too many attempts. Try again later.',
  BUSY: 'The server is busy checking other sign-ins. Try again in a moment.',
  INTERNAL: 'Something went wrong.',
};

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly fieldErrors?: Record<string, string[]>;

  constructor(code: AppErrorCode, message: string = APP_ERROR_MESSAGES[code], fieldErrors?: Record<string, string[]>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fieldErrors = fieldErrors;
  }
}

export function isAppError(error: unknown, code?: AppErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}

/** A zod error's issues keyed by dotted field path (`_form` for the whole input), as AppError `fieldErrors`. */
export function zodFieldErrors(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join('.') : '_form';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}
