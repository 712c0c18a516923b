import { createHash } from 'node:crypto';
import { readySignal } from '@/lib/freshness/signal';
import type { PrismaClient } from '@/lib/generated/prisma/client';

/**
 * HTTP conditional GET for exports and the read API: a weak ETag and a Last-Modified derived from a
 * cheap "data version", and 304 Not Modified when the client already has it.
 *
 * Usage in a route handler (the read API can reuse it as is):
 *
 * ```ts
 * export async function GET(request: Request) {
 *   const version = await getDataVersion(db, 'polls');                 // the freshness signal: no query
 *   const validators = validatorsFor(version, 'questions-list', url.search); // variant: anything that changes the bytes
 *   if (isNotModified(request, validators)) return notModified(validators);
 *   return Response.json(body, { headers: cacheHeaders(validators) });
 * }
 * ```
 *
 * The data version comes from the one freshness signal (lib/freshness/signal.ts): the last change
 * (ChangeLog row, or SQL edited by hand) that touched the scope, as this server has heard of it.
 */

export type DataScope = 'polls' | 'indicators' | 'all';

export interface DataVersion {
  /** Opaque digest of the version components. */
  token: string;
  /** Latest change we can date (null on an empty database). */
  lastModified: Date | null;
}

export interface CacheValidators {
  /** Weak entity tag, quoted: `W/"…"`. */
  etag: string;
  lastModified: Date | null;
  /** Cache-Control sent with 200 and 304 responses. */
  cacheControl: string;
}

/**
 * Clients and shared caches may store a response but must revalidate it (cheap, thanks to the
 * ETag) before each use, so nobody reads stale data after an edit.
 */
export const DEFAULT_CACHE_CONTROL = 'public, no-cache';

/**
 * Only while the freshness signal is down (PostgreSQL listener reconnecting, an in-memory SQLite
 * database): the latest ChangeLog row and SQLite's count of SQL edited by hand — two indexed
 * look-ups, never a count over the data tables (that took seconds per request at a million polls).
 * Every write through lib/writes adds a ChangeLog row, and hand edits add one (PostgreSQL trigger)
 * or count one (SQLite trigger), so the token still moves on every change; it is not scoped.
 */
async function queryDataVersion(db: PrismaClient, scope: DataScope): Promise<DataVersion> {
  const [change, control] = await Promise.all([
    db.changeLog.findFirst({ orderBy: { id: 'desc' }, select: { id: true, createdAt: true } }),
    db.changeControl.findUnique({ where: { id: 1 }, select: { sqlEdits: true } }),
  ]);
  const parts = [scope, `change:${change?.id ?? 0}`, `sql:${control?.sqlEdits ?? 0}`];
  const token = createHash('sha256').update(parts.join('|')).digest('base64url').slice(0, 27);
  return { token: `q${token}`, lastModified: change?.createdAt ?? null };
}

/**
 * The data version of a scope, for ETags of the read API, chart data URLs and dumps: the freshness
 * signal's (lib/freshness/signal.ts), so no query runs per request and every server that has seen
 * the same writes gives the same ETag. It moves on every write through lib/writes that touched the
 * scope (an indicator edit leaves the polls' ETags alone) and on any SQL edited by hand.
 */
export async function getDataVersion(db: PrismaClient, scope: DataScope): Promise<DataVersion> {
  const signal = await readySignal(db);
  if (!signal) return queryDataVersion(db, scope);
  const v = signal.version(scope);
  return { token: createHash('sha256').update(`${scope}|${v.token}`).digest('base64url').slice(0, 27), lastModified: v.lastModified };
}

/**
 * Validators for one representation: the same data in another format (CSV vs JSON, with or without
 * BOM, another query) gets another ETag.
 */
export function validatorsFor(version: DataVersion, ...variant: (string | number | boolean)[]): CacheValidators {
  const digest = createHash('sha256')
    .update([version.token, ...variant.map(String)].join('\u0000'))
    .digest('base64url')
    .slice(0, 27);
  return { etag: `W/"${digest}"`, lastModified: version.lastModified, cacheControl: DEFAULT_CACHE_CONTROL };
}

/** `W/"x"` and `"x"` name the same entity under weak comparison (RFC 9110 §8.8.3.2). */
function opaqueTag(tag: string): string {
  const t = tag.trim();
  return t.startsWith('W/') ? t.slice(2) : t;
}

/** True when an If-None-Match header value matches the ETag (weak comparison; `*` matches). */
export function etagMatches(ifNoneMatch: string, etag: string): boolean {
  const wanted = opaqueTag(etag);
  // Entity tags cannot contain commas or spaces outside the quotes, so splitting on commas is safe.
  return ifNoneMatch.split(',').some((candidate) => {
    const c = candidate.trim();
    return c === '*' || (c !== '' && opaqueTag(c) === wanted);
  });
}

/** HTTP dates have whole seconds. */
function toHttpSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/**
 * RFC 9110 §13.2.2: If-None-Match decides when present (If-Modified-Since is then ignored);
 * otherwise If-Modified-Since, when the resource has a Last-Modified and the header parses.
 * Only for GET and HEAD.
 */
export function isNotModified(request: Request, validators: CacheValidators): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const ifNoneMatch = request.headers.get('if-none-match');
  if (ifNoneMatch !== null) return etagMatches(ifNoneMatch, validators.etag);
  const ifModifiedSince = request.headers.get('if-modified-since');
  if (ifModifiedSince === null || validators.lastModified === null) return false;
  const since = Date.parse(ifModifiedSince);
  if (Number.isNaN(since)) return false;
  return toHttpSeconds(validators.lastModified) <= Math.floor(since / 1000);
}

/** ETag, Last-Modified and Cache-Control headers for a 200 or 304 response. */
export function cacheHeaders(validators: CacheValidators): Record<string, string> {
  const headers: Record<string, string> = { ETag: validators.etag, 'Cache-Control': validators.cacheControl };
  if (validators.lastModified) headers['Last-Modified'] = validators.lastModified.toUTCString();
  return headers;
}

/** 304 Not Modified with the validators and no body. */
export function notModified(validators: CacheValidators, extraHeaders: Record<string, string> = {}): Response {
  return new Response(null, { status: 304, headers: { ...extraHeaders, ...cacheHeaders(validators) } });
}
