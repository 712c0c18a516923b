import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import type { z } from 'zod';
import type { Touched } from '@/lib/freshness/touched';
import { flattenSearchParams, parseLenient, ZCompareInput, ZIndicatorViewInput, ZOverviewInput, ZQuestionViewInput } from '@/lib/schemas/views';

/**
 * The page cache's storage and keys: finished public pages (HTML for page loads, RSC payloads for
 * client-side navigations), each kept once in identity, gzip and brotli, so a hit sends bytes it
 * already has — the work of a static file server. lib/http/page-server.ts puts it in front of Next.
 *
 * - Key: the route and the page's own validated parameters (the same zod schema the page parses
 *   with, defaults applied, unknown parameters dropped, invalid ones listed because the page shows
 *   a notice for them), not the raw query string: `?method=weighted` and no query are one page.
 *   RSC requests add a digest of the router headers that shape their payload.
 * - Single flight: concurrent misses of one key share one render (`getOrRender`).
 * - Freshness: an entry carries the data stamp it was rendered under and is used only under the
 *   same stamp; `invalidatePages` drops entries by path for callers that know what a write touched.
 */

export const PAGE_CACHE_HEADER = 'x-pollboard-page-cache';

/** Public, database-driven pages and the schema of their query. Admin, embeds and the API are not cached here. */
const ROUTES: { pattern: RegExp; schema: z.ZodObject | null }[] = [
  { pattern: /^\/$/, schema: ZOverviewInput },
  { pattern: /^\/questions\/[^/]+$/, schema: ZQuestionViewInput },
  { pattern: /^\/polls\/\d+$/, schema: null },
  { pattern: /^\/pollsters\/[^/]+$/, schema: null },
  { pattern: /^\/indicators\/[^/]+$/, schema: ZIndicatorViewInput },
  { pattern: /^\/compare$/, schema: ZCompareInput },
];

/** Request headers that change an RSC payload (Next's router state), in a fixed order. */
const RSC_VARY = ['next-router-state-tree', 'next-router-prefetch', 'next-router-segment-prefetch', 'next-url'] as const;

const CRAWLER = /bot|crawl|spider|slurp|preview|facebookexternalhit|embedly|lighthouse/i;

export interface PageRequestInfo {
  method: string;
  /** Path and query as requested (`/questions/x?method=kalman`). */
  url: string;
  header: (name: string) => string | undefined;
  /** True when the request carries a signed-in editor's session cookie. */
  signedIn: boolean;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The cache key of a request, or null when it must go to Next untouched: not GET/HEAD, not a cached
 * route, a signed-in editor (their pages are not shared), a crawler (Next streams metadata
 * differently to them), or neither a page load nor an RSC request.
 */
export function pageCacheKey(req: PageRequestInfo): { key: string; path: string } | null {
  if (req.method !== 'GET' && req.method !== 'HEAD') return null;
  if (req.signedIn) return null;
  const url = new URL(req.url, 'http://page.invalid');
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  const route = ROUTES.find((r) => r.pattern.test(url.pathname));
  if (!route) return null;
  if (CRAWLER.test(req.header('user-agent') ?? '')) return null;
  const rsc = req.header('rsc') === '1';
  if (!rsc && !(req.header('accept') ?? '').includes('text/html')) return null;
  const params = new URLSearchParams(url.search);
  // Next's cache-busting parameter for RSC requests: its value is derived from the headers below.
  params.delete('_rsc');
  const view = route.schema ? parseLenient(route.schema, flattenSearchParams(params)) : { value: {}, ignored: [] };
  const variant = rsc
    ? `rsc:${createHash('sha256')
        .update(RSC_VARY.map((h) => req.header(h) ?? '').join('\u0000'))
        .digest('base64url')
        .slice(0, 22)}`
    : 'html';
  // Parameters outside the view schemas that change the page: ?release= (any public page, issue #17)
  // and the pollster page's accuracy ?window=.
  const outside = stableJson(['release', 'window'].map((k) => params.get(k)));
  return { key: `${path}\u0000${stableJson(view.value)}\u0000${stableJson([...view.ignored].sort())}\u0000${outside}\u0000${variant}`, path };
}

export type Encoding = 'br' | 'gzip' | 'identity';

/**
 * The encoding to send for an Accept-Encoding header: brotli, then gzip, then identity, skipping
 * any the client refuses with q=0.
 */
export function pickEncoding(acceptEncoding: string | undefined): Encoding {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return 'identity';
}

/**
 * The meta tag by which a rendered page names the data it was drawn from: the overview
 * (lib/data/overview-fingerprint.ts) and question pages (lib/data/question-page-fingerprint.ts).
 * Taken from the render itself, it describes exactly what that render shows, whatever writes
 * landed while it ran.
 */
export const FINGERPRINT_META = 'pollboard-fingerprint';

const FINGERPRINT_AT = [
  // HTML: <meta name="pollboard-fingerprint" content="…"/>
  new RegExp(`name="${FINGERPRINT_META}" content="([A-Za-z0-9_-]{16,128})"`),
  // an RSC payload: ["$","meta",null,{"name":"pollboard-fingerprint","content":"…"}]
  new RegExp(`"name":"${FINGERPRINT_META}","content":"([A-Za-z0-9_-]{16,128})"`),
];

/** The fingerprint a rendered body names, or null (a page that is not watched). */
export function fingerprintIn(body: Buffer): string | null {
  const at = body.indexOf(FINGERPRINT_META);
  if (at < 0) return null;
  const near = body.toString('utf8', Math.max(0, at - 16), Math.min(body.length, at + 200));
  for (const pattern of FINGERPRINT_AT) {
    const found = pattern.exec(near)?.[1];
    if (found) return found;
  }
  return null;
}

/**
 * A page kept through changes that touch it, checked before reuse: the fingerprint its render named
 * (fingerprintIn) against the page's data now (installPageCache's `fingerprint`).
 */
export interface PageWatch {
  fingerprint: string;
  /** A change was heard that touched the page: compare the fingerprint before reuse. */
  suspect: boolean;
}

export interface PageEntry {
  stamp: string;
  watch?: PageWatch;
  path: string;
  status: number;
  /** Response headers as rendered, without hop-by-hop, length, encoding and cookies. */
  headers: [string, string][];
  etag: string;
  bodies: Record<Encoding, Buffer>;
  bytes: number;
}

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/**
 * The three bodies of a page. Compressed once per render, off the main thread (zlib's pool);
 * brotli at quality 6, which is close to 11 in size for HTML at a fraction of the time.
 */
export async function encodeBodies(identity: Buffer): Promise<Record<Encoding, Buffer>> {
  const [gz, br] = await Promise.all([
    gzipAsync(identity, { level: 6 }),
    brotliAsync(identity, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 6, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: identity.length } }),
  ]);
  return { identity, gzip: gz, br };
}

export function etagOf(identity: Buffer): string {
  return `W/"${createHash('sha256').update(identity).digest('base64url').slice(0, 27)}"`;
}

/** What one render gives: the entry to keep (null: not shareable, or stale by the time it finished) and the one to send. */
export interface RenderOutcome {
  store: PageEntry | null;
  /** Sent to the request that rendered and to those that joined it while it was still current. */
  send: PageEntry | null;
}

interface Flight {
  promise: Promise<PageEntry | null>;
  /** True once a change that touches the page has been heard since the render began. */
  stale: () => boolean;
}

/** An LRU of finished pages bounded by bytes, with one render in flight per key. */
export class PageStore {
  private readonly entries = new Map<string, PageEntry>();
  private readonly inFlight = new Map<string, Flight>();
  /** The render waiting behind a stale one, per key (see getOrRender). */
  private readonly queued = new Map<string, Promise<PageEntry | null>>();
  private bytesHeld = 0;
  renders = 0;

  constructor(private readonly maxBytes = 96 * 1024 * 1024) {}

  /** A fresh entry for `key`, or undefined. */
  lookup(key: string, stamp: string): PageEntry | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (hit.stamp !== stamp) {
      this.drop(key, hit);
      return undefined;
    }
    // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit;
  }

  /**
   * The entry for `key` under `stamp`: from the store, else from the render already running for
   * this key and stamp, else from a new `render()`. `joined` says whether this call waited on
   * another's render.
   *
   * Under steady writes (an editor saving every 100 ms) a page that every change touches, such as
   * the overview, is often changed again while it renders: that render must not be stored, but the
   * requests that arrived before the change may still share it — they asked before the write was
   * heard. So a request joins a running render unless `stale()` says a change touching the page
   * has been heard since it began; then it waits for the next render, which starts when the running
   * one ends and which every later such arrival joins: at most one render of a page runs, and one
   * waits. (Before, every joiner of an unstorable render rendered its own copy: with 20 readers, 20
   * renders of the overview per save.)
   */
  async getOrRender(
    key: string,
    stamp: string,
    render: () => Promise<RenderOutcome | PageEntry | null>,
    stale: () => boolean = () => false,
  ): Promise<{ entry: PageEntry | null; state: 'hit' | 'miss' | 'joined' }> {
    const hit = this.lookup(key, stamp);
    if (hit) return { entry: hit, state: 'hit' };
    const flightKey = `${stamp}\u0000${key}`;
    const running = this.inFlight.get(flightKey);
    if (running && !running.stale()) return { entry: await running.promise, state: 'joined' };
    if (running) {
      // The running render began before a change this request must see, so it needs a render that
      // starts after it arrived: one waits behind the running one, shared by every request that finds
      // it so. Before, each such request started a render of its own at once — under steady writes a
      // render of seconds (the overview of ten 10,000-poll questions during an import) ran several
      // times side by side, each slowing the others.
      const waiting = this.queued.get(flightKey);
      if (waiting) return { entry: await waiting, state: 'joined' };
      const next = running.promise
        .catch(() => null)
        .then(() => {
          this.queued.delete(flightKey);
          return this.start(key, flightKey, render, stale).promise;
        });
      this.queued.set(flightKey, next);
      return { entry: await next, state: 'miss' };
    }
    return { entry: await this.start(key, flightKey, render, stale).promise, state: 'miss' };
  }

  /** One render of `key`, registered as the one in flight until it settles. */
  private start(key: string, flightKey: string, render: () => Promise<RenderOutcome | PageEntry | null>, stale: () => boolean): Flight {
    this.renders += 1;
    const flight: Flight = {
      stale,
      promise: render()
        .then((result) => {
          // A bare entry (or null) is both kept and sent.
          const outcome: RenderOutcome = result !== null && 'send' in result ? result : { store: result, send: result };
          if (outcome.store) this.remember(key, outcome.store);
          return outcome.send;
        })
        .finally(() => {
          if (this.inFlight.get(flightKey) === flight) this.inFlight.delete(flightKey);
        }),
    };
    this.inFlight.set(flightKey, flight);
    return flight;
  }

  /**
   * A change heard by the freshness signal: entries whose path `affected` accepts are dropped —
   * unless they are watched and the change is one their fingerprint covers, which only makes them
   * suspect (the page server compares their fingerprint before the next reuse).
   */
  applyChange(touched: Touched, affected: (path: string) => boolean): void {
    for (const [key, entry] of [...this.entries]) {
      if (!affected(entry.path)) continue;
      if (entry.watch && !beyondFingerprint(touched)) entry.watch.suspect = true;
      else this.drop(key, entry);
    }
  }

  /** Drops one entry (a suspect page whose fingerprint no longer matches). */
  forget(key: string, entry: PageEntry): void {
    this.drop(key, entry);
  }

  /** Drops the entries whose path `match` accepts (e.g. the pages a write touched). */
  invalidate(match: (path: string) => boolean): number {
    let n = 0;
    for (const [key, entry] of [...this.entries]) {
      if (match(entry.path)) {
        this.drop(key, entry);
        n += 1;
      }
    }
    return n;
  }

  get size(): number {
    return this.entries.size;
  }

  private drop(key: string, entry: PageEntry): void {
    if (this.entries.get(key) === entry) {
      this.entries.delete(key);
      this.bytesHeld -= entry.bytes;
    }
  }

  private remember(key: string, entry: PageEntry): void {
    const old = this.entries.get(key);
    if (old) this.drop(key, old);
    if (entry.bytes > this.maxBytes / 8) return;
    this.entries.set(key, entry);
    this.bytesHeld += entry.bytes;
    while (this.bytesHeld > this.maxBytes) {
      const first = this.entries.entries().next();
      if (first.done) break;
      this.drop(first.value[0], first.value[1]);
    }
  }
}

/**
 * Whether a change may alter a watched page beyond what its fingerprint covers (the questions and
 * lists it shows): anything changed (SQL edited by hand), every record of a kind (a pollster or
 * question rename), or an indicator (the overview's indicator cards). Such a change drops the page.
 */
export function beyondFingerprint(touched: Touched): boolean {
  if (touched.all || touched.questions === 'all' || touched.polls === 'all' || touched.pollsters === 'all' || touched.indicators === 'all') return true;
  return touched.indicators.size > 0;
}

/**
 * The process's page store (lib/http/page-server.ts serves from it). On globalThis, like the
 * freshness signal and the question cache: should Next ever evaluate this module in a second bundle,
 * both copies must serve and drop the same pages, or one would keep what the other dropped.
 */
const globalPages = globalThis as unknown as { pollboardPageStore?: PageStore };
export const pageStore: PageStore = (globalPages.pollboardPageStore ??= new PageStore());
