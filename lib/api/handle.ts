import type { z } from 'zod';
import { API_ERROR_STATUS, ZError } from '@/lib/api/schemas';
import { AppError, isAppError } from '@/lib/errors';

/**
 * The one way an /api route fails. The handler THROWS an AppError (`invalidParameter`, `notFound`,
 * `parseQuery`, or `new AppError(code)`), and `handle()` — which wraps every route — turns it into
 * the one error shape `{ error: { code, status, message, parameter?, issues? } }` (ZError in
 * lib/api/schemas.ts, documented for every route in lib/api/openapi.ts). Anything else thrown is
 * logged as one structured line and answered as a JSON 500, never an HTML page. No database import
 * here: lib/export (also used by CLI scripts) throws these too.
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
  const fieldOf = (issue: z.core.$ZodIssue) => (issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined) ?? (issue.path.map(String).join('.') || 'query');
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) (fieldErrors[fieldOf(issue)] ??= []).push(issue.message);
  const first = parsed.error.issues[0];
  const parameter = first ? fieldOf(first) : 'query';
  const received = params[parameter];
  const got = received !== undefined ? ` (got “${received}”)` : '';
  throw new AppError('VALIDATION', `Invalid query parameter “${parameter}”${got}: ${first?.message ?? 'invalid value'}`, fieldErrors);
}

/** The error shape of an AppError (the first field of `fieldErrors` is the `parameter`). */
function errorBody(error: AppError): z.output<typeof ZError> {
  const status = API_ERROR_STATUS[error.code];
  const fields = Object.entries(error.fieldErrors ?? {});
  const parameter = fields[0]?.[0];
  const issues = fields.flatMap(([field, messages]) => messages.map((message) => ({ field, message })));
  return { error: { code: error.code, status, message: error.message, ...(parameter ? { parameter } : {}), ...(issues.length > 0 ? { issues } : {}) } };
}

function errorResponse(error: AppError): Response {
  return Response.json(ZError.parse(errorBody(error)), { status: API_ERROR_STATUS[error.code], headers: { 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' } });
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

function routeOf(args: readonly unknown[]): { route: string; method: string } {
  const request = args[0];
  if (request instanceof Request) return { route: new URL(request.url).pathname, method: request.method };
  return { route: 'unknown', method: 'GET' };
}

/**
 * Wraps every /api route handler: an AppError thrown inside becomes its error answer (ZError); any
 * other failure is logged (logRouteError) and answered as an INTERNAL 500 in the same shape.
 */
export function handle<A extends unknown[]>(fn: (...args: A) => Promise<Response> | Response): (...args: A) => Promise<Response> {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } catch (error) {
      if (isAppError(error) && error.code !== 'INTERNAL') return errorResponse(error);
      const { route, method } = routeOf(args);
      logRouteError(route, error, { method, phase: 'handler' });
      return errorResponse(new AppError('INTERNAL', 'Internal error while building the response'));
    }
  };
}

