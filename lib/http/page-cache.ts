import { randomBytes } from 'node:crypto';
import type { NextRequest } from 'next/server';
import { SESSION_COOKIE_PLAIN_NAME, SESSION_COOKIE_SECURE_NAME } from '@/lib/auth/config';
import { db } from '@/lib/db';
import { pageAffected } from '@/lib/freshness/pages';
import { readySignal, type FreshnessSignal } from '@/lib/freshness/signal';
import type { Touched } from '@/lib/freshness/touched';

/**
 * A per-process cache of the public pages' finished HTML, used by proxy.ts. An entry is kept until
 * a write touches what the page shows: the cache subscribes to the freshness signal
 * (lib/freshness/signal.ts) and `invalidate(touched)` drops only the affected pages
 * (lib/freshness/pages.ts: an edit of one Kuril poll leaves the Putin page cached). No query runs
 * per request; while the signal is down the cache steps aside.
 *
 * Why: a question page of 500 polls takes React 100+ ms to render even when its data is cached
 * (lib/data/question-cache.ts), so a popular page under load would be rendered again and again
 * for identical bytes. Why not Next's full-route cache (ISR + revalidateTag): its invalidation is
 * local to the process that ran the edit unless every server shares a cache handler, and Pollboard
 * runs as several `next start` processes over one PostgreSQL. Here every server hears of every
 * write (LISTEN/NOTIFY or PRAGMA data_version), so an edit through any server is visible on every
 * server at the next request, with nothing shared to configure.
 *
 * A miss renders the page by requesting it from this same server with a per-process secret header
 * that makes the proxy step aside, and keeps the answer when it is a plain 200 HTML page.
 * Only anonymous page loads (Accept: text/html) are cached: client-side navigations and prefetches
 * (RSC requests), crawlers and signed-in editors go straight through.
 */

export const PAGE_CACHE_HEADER = 'x-pollboard-page-cache';

/** Public, database-driven pages; admin, embeds, the API and static files are not cached here. */
const CACHED_PAGES = [/^\/$/, /^\/questions\/[^/]+$/, /^\/polls\/\d+$/, /^\/pollsters\/[^/]+$/, /^\/indicators\/[^/]+$/, /^\/compare$/];

const CRAWLER = /bot|crawl|spider|slurp|preview|facebookexternalhit|embedly|lighthouse/i;

const MAX_BYTES = 64 * 1024 * 1024;
/** Hop-by-hop and recomputed headers are not replayed. */
const SKIPPED_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding', 'date', 'set-cookie', PAGE_CACHE_HEADER]);

/** Per process: the inner request proves it comes from this process's own proxy. */
const BYPASS_TOKEN = randomBytes(18).toString('base64url');

interface Entry {
  status: number;
  headers: [string, string][];
  body: Uint8Array<ArrayBuffer>;
}

const entries = new Map<string, Entry>();
let bytesHeld = 0;
let subscribed: { signal: FreshnessSignal; unsubscribe: () => void } | null = null;

function forget(key: string): void {
  const old = entries.get(key);
  if (!old) return;
  entries.delete(key);
  bytesHeld -= old.body.byteLength;
}

/** Drop the cached pages a change made stale (called for every change the signal hears of). */
export function invalidate(touched: Touched): void {
  for (const key of [...entries.keys()]) if (pageAffected(key, touched)) forget(key);
}

/** The healthy signal, subscribed to once (again, with an empty cache, if it was restarted). */
async function signalFor(): Promise<FreshnessSignal | null> {
  const signal = await readySignal(db);
  if (!signal) return null;
  if (subscribed?.signal !== signal) {
    subscribed?.unsubscribe();
    for (const key of [...entries.keys()]) forget(key);
    subscribed = { signal, unsubscribe: signal.subscribe((change) => invalidate(change.touched)) };
  }
  return signal;
}

export function isCacheablePageRequest(request: NextRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  if (request.headers.get(PAGE_CACHE_HEADER) === BYPASS_TOKEN) return false;
  if (!CACHED_PAGES.some((re) => re.test(request.nextUrl.pathname))) return false;
  // Only what a browser asks for when it loads a page. Client-side navigations and prefetches fetch
  // RSC payloads (Accept: */*), and Next hides their RSC headers from the proxy, so the Accept
  // header is what tells them apart.
  if (!(request.headers.get('accept') ?? '').includes('text/html')) return false;
  // Next streams metadata differently to crawlers, so their HTML differs: leave them to Next.
  if (CRAWLER.test(request.headers.get('user-agent') ?? '')) return false;
  // Editors see the same pages, but keep their requests out of a cache shared by the public.
  if (request.cookies.has(SESSION_COOKIE_SECURE_NAME) || request.cookies.has(SESSION_COOKIE_PLAIN_NAME)) return false;
  return true;
}

function remember(key: string, entry: Entry): void {
  forget(key);
  if (entry.body.byteLength > MAX_BYTES / 8) return;
  entries.set(key, entry);
  bytesHeld += entry.body.byteLength;
  while (bytesHeld > MAX_BYTES) {
    const first = entries.entries().next();
    if (first.done) break;
    entries.delete(first.value[0]);
    bytesHeld -= first.value[1].body.byteLength;
  }
}

function respond(request: NextRequest, entry: Entry, state: 'hit' | 'miss'): Response {
  const headers = new Headers(entry.headers);
  headers.set(PAGE_CACHE_HEADER, state);
  return new Response(request.method === 'HEAD' ? null : entry.body, { status: entry.status, headers });
}

/** Where this server listens (next start sets PORT to the port it bound). */
function selfOrigin(): string {
  return `http://127.0.0.1:${process.env.PORT ?? '3000'}`;
}

/**
 * The cached page, or a freshly rendered one (then cached), or null when the page should be left
 * to Next as usual (not cacheable, or the inner request failed: the visitor still gets the page).
 */
export async function servePage(request: NextRequest): Promise<Response | null> {
  const key = `${request.nextUrl.pathname}${request.nextUrl.search}`;
  const signal = await signalFor();
  if (!signal) return null;
  const hit = entries.get(key);
  if (hit) {
    entries.delete(key);
    entries.set(key, hit);
    return respond(request, hit, 'hit');
  }
  // A change heard of while this renders may have come too late for it: then it is not kept.
  const renderedAt = signal.seq;
  let res: Response;
  try {
    res = await fetch(`${selfOrigin()}${key}`, {
      headers: { [PAGE_CACHE_HEADER]: BYPASS_TOKEN, accept: 'text/html', 'accept-encoding': 'identity', 'user-agent': request.headers.get('user-agent') ?? '' },
      redirect: 'manual',
    });
  } catch {
    return null;
  }
  const headers = [...res.headers].filter(([name]) => !SKIPPED_HEADERS.has(name.toLowerCase()));
  const type = res.headers.get('content-type') ?? '';
  if (res.status !== 200 || !type.startsWith('text/html') || res.headers.has('set-cookie')) {
    // Rendered already: hand it on rather than have Next render it a second time.
    const passed = new Headers(headers);
    for (const cookie of res.headers.getSetCookie()) passed.append('set-cookie', cookie);
    passed.set(PAGE_CACHE_HEADER, 'bypass');
    return new Response(request.method === 'HEAD' ? null : res.body, { status: res.status, headers: passed });
  }
  const entry: Entry = {
    status: res.status,
    headers,
    body: new Uint8Array(await res.arrayBuffer()),
  };
  const since = signal.touchedSince(renderedAt);
  if (!since || !pageAffected(key, since)) remember(key, entry);
  return respond(request, entry, 'miss');
}
