import type { z } from 'zod';
import { AppError } from '@/lib/errors/app-error';

/**
 * The errors of an HTTP route's parameters, as AppErrors that `handle()` (lib/api/handle.ts) answers
 * in the one API error shape, and the one log line of a failed request. Here, below lib/export, so
 * the dump helpers can throw and log the same way as the routes (routes import them through
 * lib/api/handle.ts).
 */

/** A 400 naming the parameter (query or path) and, when given, the value received. */
export function invalidParameter(parameter: string, detail: string, options: { received?: string; in?: 'query' | 'path' } = {}): AppError {
  const got = options.received !== undefined ? ` (got “${options.received}”)` : '';
  return new AppError('VALIDATION', `Invalid ${options.in ?? 'query'} parameter “${parameter}”${got}: ${detail}`, { [parameter]: [detail] });
}

/** A 404: `notFound('Question “x”')` answers “Question “x” not found”. */
export function notFound(what: string): AppError {
  return new AppError('NOT_FOUND', `${what} not found`);
}

/**
 * Parses the query string with a zod schema (first value of a repeated parameter; empty values are
 * absent). A bad value throws a VALIDATION AppError naming the first parameter at fault and listing
 * every issue; `handle()` answers it as a 400.
 */
export function parseQuery<S extends z.ZodType>(schema: S, url: string): z.output<S> {
  const params: Record<string, string> = {};
  for (const [k, v] of new URL(url).searchParams) if (!(k in params) && v !== '') params[k] = v;
  const parsed = schema.safeParse(params);
  if (parsed.success) return parsed.data;
  // A strict schema's unknown parameter has no path: name the key itself.
  const fieldOf = (issue: z.core.$ZodIssue) =>
    (issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined) ?? (issue.path.map(String).join('.') || 'query');
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) (fieldErrors[fieldOf(issue)] ??= []).push(issue.message);
  const first = parsed.error.issues[0];
  const parameter = first ? fieldOf(first) : 'query';
  const received = params[parameter];
  const got = received !== undefined ? ` (got “${received}”)` : '';
  throw new AppError('VALIDATION', `Invalid query parameter “${parameter}”${got}: ${first?.message ?? 'invalid value'}`, fieldErrors);
}

/**
 * One structured log line (JSON) for a failed API request: which route, which phase (`handler`
 * before the answer started, `stream` when a streamed body broke after its headers were sent) and
 * the error, so an operator can grep for `"event":"api.error"`.
 */
export function logRouteError(route: string, error: unknown, details: Record<string, string | number> = {}): void {
  const message = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : typeof error;
  // The stack stays inside the one line (JSON-escaped), so log collectors keep it with its route.
  const stack = error instanceof Error && error.stack ? { stack: error.stack } : {};
  console.error(JSON.stringify({ level: 'error', event: 'api.error', route, ...details, error: { name, message, ...stack } }));
}
