import { NextResponse } from 'next/server';
import type { z } from 'zod';
import { db } from '@/lib/db';
import { cacheHeaders, getDataVersion, isNotModified, validatorsFor, type DataScope } from '@/lib/http/cache';

/**
 * Success answers of the read API: `json()` / `jsonText()` send `{ data, … }` through its response
 * schema, so the API can never send a field the documentation does not describe. Errors are thrown
 * and answered by `handle()` (lib/api/handle.ts), which wraps every route.
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
