import { NextResponse } from 'next/server';
import type { z } from 'zod';
import { ZError } from '@/lib/api/schemas';
import { db } from '@/lib/db';
import { cacheHeaders, getDataVersion, isNotModified, validatorsFor, type DataScope } from '@/lib/http/cache';

/**
 * One shape for every read-API answer: `{ data, … }` on success, `{ error: { status, message,
 * parameter? } }` otherwise. Payloads go through their response schema, so the API can never send a
 * field the documentation does not describe.
 */

const HEADERS = {
  'Cache-Control': 'no-store',
  'Access-Control-Allow-Origin': '*',
} as const;

export function json<S extends z.ZodType>(schema: S, payload: z.input<S>, status = 200): NextResponse {
  return NextResponse.json(schema.parse(payload), { status, headers: HEADERS });
}

/**
 * The body of a `json()` answer, validated and serialised once, for answers that are cached
 * (lib/data/question-cache.ts memoChart): a 252-poll question's payload took longer to check and
 * stringify than to compute once the charts were cached.
 */
export function serialiseJson<S extends z.ZodType>(schema: S, payload: z.input<S>): string {
  return JSON.stringify(schema.parse(payload));
}

/** A 200 answer from a body made by serialiseJson. */
export function jsonText(body: string): NextResponse {
  return new NextResponse(body, { status: 200, headers: { ...HEADERS, 'Content-Type': 'application/json' } });
}

export function errorJson(status: number, message: string, parameter?: string): NextResponse {
  return json(ZError, { error: { status, message, ...(parameter ? { parameter } : {}) } }, status);
}

export function notFoundJson(what: string): NextResponse {
  return errorJson(404, `${what} not found`);
}

/** Parses the query string with a zod schema; a bad value gives a 400 naming the parameter. */
export function parseQuery<S extends z.ZodType>(
  schema: S,
  url: string,
): { ok: true; value: z.output<S> } | { ok: false; response: NextResponse } {
  const params: Record<string, string> = {};
  for (const [k, v] of new URL(url).searchParams) if (!(k in params) && v !== '') params[k] = v;
  const parsed = schema.safeParse(params);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const parameter = String(issue?.path[0] ?? 'query');
  const received = params[parameter];
  return {
    ok: false,
    response: errorJson(400, `Invalid query parameter “${parameter}”${received !== undefined ? ` (got “${received}”)` : ''}: ${issue?.message ?? 'invalid value'}`, parameter),
  };
}

/** Wraps a handler so an unexpected failure is a JSON 500, never an HTML page. */
export function handle<A extends unknown[]>(fn: (...args: A) => Promise<NextResponse>): (...args: A) => Promise<NextResponse> {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } catch (error) {
      console.error(error);
      return errorJson(500, 'Internal error while building the response');
    }
  };
}

/**
 * Conditional GET for a read-API route: a weak ETag / Last-Modified from the data version of the
 * scope (the freshness signal, no query) plus the path and query, 304 when the client already has
 * this representation. Checked before the payload is built.
 */
export async function withValidators(request: Request, scope: DataScope, build: () => Promise<NextResponse>): Promise<NextResponse> {
  const url = new URL(request.url);
  const version = await getDataVersion(db, scope);
  const validators = validatorsFor(version, 'api', url.pathname, url.searchParams.toString());
  if (isNotModified(request, validators)) {
    return new NextResponse(null, { status: 304, headers: { ...cacheHeaders(validators), 'Access-Control-Allow-Origin': '*' } });
  }
  const response = await build();
  if (response.status === 200) for (const [k, v] of Object.entries(cacheHeaders(validators))) response.headers.set(k, v);
  return response;
}
