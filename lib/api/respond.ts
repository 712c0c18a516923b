import { NextResponse } from 'next/server';
import type { z } from 'zod';
import { db } from '@/lib/db';
import { cacheHeaders, getDataVersion, isNotModified, validatorsFor, type DataScope } from '@/lib/http/cache';
import { encodeBodies, pickEncoding, type Encoding } from '@/lib/http/page-cache';

/**
 * Success answers of the read API: `json()` / `jsonEncoded()` send `{ data, … }` through its response
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

/**
 * A body made by serialiseJson, compressed once in every encoding (off the main thread): a cached
 * answer (memoChart) is then sent as stored, in the encoding the client accepts, instead of being
 * gzipped again by the server on every request — a 100-poll question's 158 kB payload cost more to
 * gzip per request than everything else its cached answer does.
 */
export async function encodeJson(body: string): Promise<Record<Encoding, Buffer>> {
  return encodeBodies(Buffer.from(body, 'utf8'));
}

/** A 200 answer from bodies made by encodeJson, in the encoding the request accepts. */
export function jsonEncoded(request: Request, bodies: Record<Encoding, Buffer>): NextResponse {
  const encoding = pickEncoding(request.headers.get('accept-encoding') ?? undefined);
  const body = bodies[encoding];
  const headers: Record<string, string> = { ...HEADERS, 'Content-Type': 'application/json', Vary: 'Accept-Encoding', 'Content-Length': String(body.length) };
  // Already encoded: the server's own compression leaves a response with a Content-Encoding alone.
  if (encoding !== 'identity') headers['Content-Encoding'] = encoding;
  return new NextResponse(new Uint8Array(body), { status: 200, headers });
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
