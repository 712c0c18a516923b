import http, { type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { SESSION_COOKIE_PLAIN_NAME, SESSION_COOKIE_SECURE_NAME } from '@/lib/auth/config';
import { db } from '@/lib/db';
import { pageAffected } from '@/lib/freshness/pages';
import { readySignal, type FreshnessSignal } from '@/lib/freshness/signal';
import {
  beyondFingerprint,
  encodeBodies,
  fingerprintIn,
  etagOf,
  PAGE_CACHE_HEADER,
  pageCacheKey,
  pageStore,
  pickEncoding,
  type PageEntry,
  type PageWatch,
} from '@/lib/http/page-cache';
import type { Touched } from '@/lib/freshness/touched';

/**
 * The page cache in front of Next, inside the `next start` process (installed by instrumentation.ts).
 *
 * Why here and not in proxy.ts: a proxy cannot see the body Next renders, so the old cache fetched
 * its own server over loopback with a secret header (and was off on non-loopback binds), could not
 * see client navigations' RSC headers, and every hit still went through Next's routing. Here the
 * cache sees each request before Next does, on whatever address the server is bound to:
 * - a hit is written straight from memory, in the encoding the client accepts (already compressed),
 *   with an ETag (304 when the client has it);
 * - a miss is handed to Next with `Accept-Encoding: identity`, its response is captured instead of
 *   sent, stored in three encodings when it is shareable, and then sent like a hit. Concurrent
 *   misses of one page wait for that one render (PageStore.getOrRender).
 *
 * Freshness: the store subscribes to the freshness signal (lib/freshness/signal.ts), which hears of
 * every committed write — through this server or any other, or SQL edited by hand — and drops only
 * the pages it touched (lib/freshness/pages.ts: an edit of one Kuril poll leaves the Putin page
 * cached). No query runs per request. The stamp entries carry names the signal instance: when the
 * signal restarts (its database was out of reach) every older entry is stale; while it is down
 * there is no stamp and Next renders every request.
 */

const SKIPPED_HEADERS = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'content-encoding',
  'date',
  'set-cookie',
  'etag',
  PAGE_CACHE_HEADER,
]);

/** What a render needs to know to keep its result honest: the stamp, and the changes heard during it. */
export interface PageFreshness {
  stamp: string;
  /** True when a change heard since the stamp was read touches the page at `url`. */
  changedSince: (url: string) => boolean;
  /** Everything changed since the stamp was read, or null. */
  touched: () => Touched | null;
}

/**
 * Which signal the page store listens to, and the stamp of its entries: on globalThis with the store
 * itself (lib/http/page-cache.ts), so a second copy of this module would neither subscribe twice
 * nor stamp entries differently.
 */
interface Subscription {
  signal: FreshnessSignal;
  stamp: string;
  unsubscribe: () => void;
}
const globalServer = globalThis as unknown as { pollboardPageSubscription?: Subscription | null; pollboardPageCacheUninstall?: (() => void) | null };

/** The current freshness of cached pages; rejects while the signal is down (then nothing is cached). */
export async function currentFreshness(): Promise<PageFreshness> {
  const signal = await readySignal(db);
  if (!signal) throw new Error('the freshness signal is down, or slow to read a change it was told of');
  let subscription = globalServer.pollboardPageSubscription;
  if (subscription?.signal !== signal) {
    subscription?.unsubscribe();
    subscription = {
      signal,
      stamp: `${Date.now().toString(36)}.${Math.random().toString(36).slice(2)}`,
      unsubscribe: signal.subscribe((change) => pageStore.applyChange(change.touched, (url) => pageAffected(url, change.touched))),
    };
    globalServer.pollboardPageSubscription = subscription;
  }
  // Read after readySignal, which waited for the changes this process had been told of: a render
  // stamped with this sequence number is stored only if no change touching it is heard meanwhile.
  const seq = signal.seq;
  return {
    stamp: subscription.stamp,
    changedSince: (url) => {
      const since = signal.touchedSince(seq);
      return since !== null && pageAffected(url, since);
    },
    touched: () => signal.touchedSince(seq),
  };
}

function signedIn(req: IncomingMessage): boolean {
  const cookie = req.headers.cookie ?? '';
  return cookie.includes(`${SESSION_COOKIE_SECURE_NAME}=`) || cookie.includes(`${SESSION_COOKIE_PLAIN_NAME}=`);
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

function send(req: IncomingMessage, res: ServerResponse, entry: PageEntry, state: string, acceptEncoding = headerOf(req, 'accept-encoding')): void {
  const encoding = pickEncoding(acceptEncoding);
  const body = entry.bodies[encoding];
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of entry.headers) headers[name] = value;
  const vary = new Set(
    (entry.headers.find(([n]) => n === 'vary')?.[1] ?? '')
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
  );
  vary.add('Accept-Encoding');
  headers.vary = [...vary].join(', ');
  headers.etag = entry.etag;
  headers[PAGE_CACHE_HEADER] = state;
  const inm = headerOf(req, 'if-none-match');
  if (inm && inm.split(',').some((t) => t.trim() === entry.etag || t.trim() === '*')) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  if (encoding !== 'identity') headers['content-encoding'] = encoding;
  headers['content-length'] = String(body.length);
  res.writeHead(entry.status, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** The client closed the connection before the render finished. */
class ClientGoneError extends Error {
  constructor() {
    super('the client went away mid-render');
  }
}

interface Captured {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
  /** Gives the response object back for our own send (until then it looks finished to Next). */
  release: () => void;
}

/**
 * Runs Next on the request with the response captured, not sent: resolves with the status, headers
 * and identity body once Next ends it. From then until `release()` the response reports itself
 * finished and ignores writes, so Next, which checks `res.finished` after a render, never adds a
 * fallback answer of its own while the body is being compressed.
 */
function captureRender(req: IncomingMessage, res: ServerResponse, next: Handler): Promise<Captured> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const own = res as unknown as Record<string, unknown>;
    const patched = ['writeHead', 'write', 'end', 'flushHeaders', 'finished', 'writableEnded', 'headersSent'] as const;
    const release = () => {
      for (const m of patched) delete own[m];
      for (const name of res.getHeaderNames()) res.removeHeader(name);
    };
    const toBuffer = (chunk: unknown, encoding?: unknown): Buffer | null => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function') return null;
      if (typeof chunk === 'string') return Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
      if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      return null;
    };
    const callbackOf = (...args: unknown[]) => args.find((x) => typeof x === 'function') as (() => void) | undefined;
    let ended = false;
    own.writeHead = (status: number, ...rest: unknown[]) => {
      if (ended) return res;
      res.statusCode = status;
      const headers = rest.find((r) => typeof r === 'object' && r !== null);
      if (Array.isArray(headers)) {
        for (let i = 0; i + 1 < headers.length; i += 2) res.setHeader(String(headers[i]), headers[i + 1] as string);
      } else if (headers) {
        for (const [k, v] of Object.entries(headers as OutgoingHttpHeaders)) if (v !== undefined) res.setHeader(k, v);
      }
      return res;
    };
    own.flushHeaders = () => undefined;
    own.write = (chunk: unknown, encoding?: unknown, cb?: unknown) => {
      const b = ended ? null : toBuffer(chunk, encoding);
      if (b) chunks.push(Buffer.from(b));
      const done = callbackOf(encoding, cb);
      if (done) queueMicrotask(done);
      return true;
    };
    own.end = (chunk?: unknown, encoding?: unknown, cb?: unknown) => {
      const done = callbackOf(chunk, encoding, cb);
      if (ended) {
        if (done) queueMicrotask(done);
        return res;
      }
      const b = toBuffer(chunk, encoding);
      if (b) chunks.push(Buffer.from(b));
      ended = true;
      for (const flag of ['finished', 'writableEnded', 'headersSent']) Object.defineProperty(res, flag, { configurable: true, get: () => true });
      resolve({ status: res.statusCode, headers: res.getHeaders(), body: Buffer.concat(chunks), release });
      if (done) queueMicrotask(done);
      return res;
    };
    // Next aborts a render when its client goes away (pipeToNodeResponse) and never ends the
    // response: settle here, or the single flight would keep every later request for this page
    // waiting on it (a cancelled prefetch once left a click on / hanging this way).
    res.once('close', () => {
      if (!ended) reject(new ClientGoneError());
    });
    try {
      next(req, res);
    } catch (error) {
      release();
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

async function toEntry(path: string, stamp: string, captured: Captured): Promise<PageEntry | null> {
  const type = String(captured.headers['content-type'] ?? '');
  const shareable = captured.status === 200 && !captured.headers['set-cookie'] && (type.startsWith('text/html') || type.startsWith('text/x-component'));
  const headers: [string, string][] = [];
  for (const [name, value] of Object.entries(captured.headers)) {
    if (value === undefined || SKIPPED_HEADERS.has(name.toLowerCase())) continue;
    headers.push([name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value)]);
  }
  const bodies = shareable ? await encodeBodies(captured.body) : { identity: captured.body, gzip: captured.body, br: captured.body };
  const entry: PageEntry = {
    stamp,
    path,
    status: captured.status,
    headers,
    etag: etagOf(captured.body),
    bodies,
    bytes: shareable ? bodies.identity.length + bodies.gzip.length + bodies.br.length : captured.body.length,
  };
  return shareable ? entry : null;
}

/**
 * What a watched page at `url` shows now, as the fingerprint its render names (fingerprintIn), or
 * null when that page is not watched.
 */
export type PageFingerprinter = (url: string) => Promise<string | null>;

/**
 * The fingerprints of watched pages — the overview (lib/data/overview-fingerprint.ts) and question
 * pages (lib/data/question-page-fingerprint.ts) — handed in by the caller that installs the cache
 * (instrumentation.ts): lib/http sits below lib/data in the layers, so it cannot import the readers
 * itself. Without one, no page is watched and every write drops the pages it touches.
 */
let pageFingerprint: PageFingerprinter | null = null;

async function handleCached(
  req: IncomingMessage,
  res: ServerResponse,
  next: Handler,
  key: string,
  path: string,
  freshnessOf: () => Promise<PageFreshness>,
): Promise<void> {
  let freshness: PageFreshness;
  try {
    freshness = await freshnessOf();
  } catch (error) {
    // No stamp, no cache: Next renders (and answers the database error its own way).
    console.error('page cache: data stamp unavailable:', error);
    next(req, res);
    return;
  }
  const { stamp } = freshness;
  const hit = pageStore.lookup(key, stamp);
  if (hit && !hit.watch?.suspect) return send(req, res, hit, 'hit');
  if (hit?.watch) {
    // Written to since it was rendered, but not in anything it shows by name: still the page if its
    // lists are (three cheap queries instead of a render). Read after the write was heard, so the
    // comparison sees it.
    const watch = hit.watch;
    const now = pageFingerprint ? await pageFingerprint(path).catch(() => null) : null;
    if (now !== null && now === watch.fingerprint) {
      // A change heard meanwhile keeps it suspect for the next request; this one asked before it.
      if (!freshness.changedSince(path)) watch.suspect = false;
      return send(req, res, hit, 'revalidated');
    }
    pageStore.forget(key, hit);
  }
  // A HEAD is answered without a body: nothing to store. Hits above serve HEAD from stored pages.
  if (req.method === 'HEAD') {
    next(req, res);
    return;
  }
  // The render below asks Next for identity bytes; the client still gets what it accepts.
  const acceptEncoding = headerOf(req, 'accept-encoding');
  let ownCapture: Captured | null = null;
  let result: { entry: PageEntry | null; state: 'hit' | 'miss' | 'joined' };
  try {
    result = await pageStore.getOrRender(
      key,
      stamp,
      async () => {
        req.headers['accept-encoding'] = 'identity';
        // A full 200 to store, never Next's own 304: send() answers conditionals with the stored ETag.
        delete req.headers['if-none-match'];
        delete req.headers['if-modified-since'];
        try {
          ownCapture = await captureRender(req, res, next);
        } catch (error) {
          // The client went away and Next abandoned the render: nothing to keep or send; requests
          // that joined this render make their own.
          if (error instanceof ClientGoneError) return { store: null, send: null };
          throw error;
        }
        const entry = await toEntry(path, stamp, ownCapture);
        if (!entry) return { store: null, send: null };
        // A change heard while this rendered may have come too late for it: then it is sent (to this
        // request and those that joined before the change), not kept — unless the page is watched: it
        // names the data it was drawn from (fingerprintIn), so it is kept as suspect and checked
        // against the data of the next request's time before reuse.
        const changed = freshness.changedSince(path);
        const fingerprint = pageFingerprint ? fingerprintIn(entry.bodies.identity) : null;
        if (fingerprint !== null) {
          const since = freshness.touched();
          const watch: PageWatch = { fingerprint, suspect: changed };
          entry.watch = watch;
          return { store: changed && since && beyondFingerprint(since) ? null : entry, send: entry };
        }
        return { store: changed ? null : entry, send: entry };
      },
      () => freshness.changedSince(path),
    );
  } finally {
    (ownCapture as Captured | null)?.release();
  }
  const { entry, state } = result;
  if (res.destroyed) return;
  if (entry) return send(req, res, entry, state, acceptEncoding);
  if (state === 'miss' && ownCapture) {
    // Rendered but not shareable (an error page, a redirect, cookies): hand it on as Next made it.
    const captured: Captured = ownCapture;
    const headers: OutgoingHttpHeaders = { ...captured.headers, [PAGE_CACHE_HEADER]: 'bypass', 'content-length': String(captured.body.length) };
    delete headers['content-encoding'];
    delete headers['transfer-encoding'];
    res.writeHead(captured.status, headers);
    res.end(req.method === 'HEAD' ? undefined : captured.body);
    return;
  }
  // Joined a render that could not be shared: render our own, uncached.
  next(req, res);
}

/**
 * Puts the cache in front of every HTTP server of this process (`next start` has one). Off with
 * PAGE_CACHE=0, and outside production builds (next dev recompiles pages under it). Tests pass
 * `force` and their own `stamp`, and call the returned function to take it out again.
 */
export function installPageCache(options: { force?: boolean; stamp?: () => Promise<string>; fingerprint?: PageFingerprinter } = {}): () => void {
  // Once per process (the wrapper is on http.Server's prototype, which every copy of this module shares).
  const installed = globalServer.pollboardPageCacheUninstall;
  if (installed) return installed;
  pageFingerprint = options.fingerprint ?? null;
  if (!options.force && (process.env.PAGE_CACHE === '0' || process.env.NODE_ENV !== 'production')) return () => undefined;
  const given = options.stamp;
  const freshnessOf: () => Promise<PageFreshness> = given
    ? async () => ({ stamp: await given(), changedSince: () => false, touched: () => null })
    : currentFreshness;
  const original = http.Server.prototype.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  http.Server.prototype.emit = function emit(this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event !== 'request') return original.call(this, event, ...args);
    const [req, res] = args as [IncomingMessage, ServerResponse];
    const found = pageCacheKey({ method: req.method ?? 'GET', url: req.url ?? '/', header: (n) => headerOf(req, n), signedIn: signedIn(req) });
    if (!found) return original.call(this, event, ...args);
    const next: Handler = (rq, rs) => void original.call(this, 'request', rq, rs);
    handleCached(req, res, next, found.key, req.url ?? found.path, freshnessOf).catch((error: unknown) => {
      console.error('page cache:', error);
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end('Internal Server Error');
      }
    });
    return true;
  } as typeof http.Server.prototype.emit;
  const uninstall = () => {
    http.Server.prototype.emit = original as typeof http.Server.prototype.emit;
    pageFingerprint = null;
    globalServer.pollboardPageCacheUninstall = null;
  };
  globalServer.pollboardPageCacheUninstall = uninstall;
  return uninstall;
}
