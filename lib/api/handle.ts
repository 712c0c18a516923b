import type { z } from 'zod';
import { API_ERROR_STATUS, ZError } from '@/lib/api/schemas';
import { AppError, isAppError } from '@/lib/errors/app-error';
import { logRouteError } from '@/lib/http/route-errors';

/**
 * The one way an /api route fails. The handler THROWS an AppError (`invalidParameter`, `notFound`,
 * `parseQuery` — re-exported here from lib/http/route-errors.ts, where lib/export can reach them —
 * or `new AppError(code)`), and `handle()`, which wraps every route, turns it into the one error
 * shape `{ error: { code, status, message, parameter?, issues? } }` (ZError in lib/api/schemas.ts,
 * documented for every route in lib/api/openapi.ts). Anything else thrown is logged as one
 * structured line (logRouteError) and answered as a JSON 500, never an HTML page.
 */
export { invalidParameter, notFound, parseQuery } from '@/lib/http/route-errors';

/** The error shape of an AppError (the first field of `fieldErrors` is the `parameter`). */
function errorBody(error: AppError): z.output<typeof ZError> {
  const status = API_ERROR_STATUS[error.code];
  const fields = Object.entries(error.fieldErrors ?? {});
  const parameter = fields[0]?.[0];
  const issues = fields.flatMap(([field, messages]) => messages.map((message) => ({ field, message })));
  return { error: { code: error.code, status, message: error.message, ...(parameter ? { parameter } : {}), ...(issues.length > 0 ? { issues } : {}) } };
}

function errorResponse(error: AppError): Response {
  return Response.json(ZError.parse(errorBody(error)), {
    status: API_ERROR_STATUS[error.code],
    headers: { 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' },
  });
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
