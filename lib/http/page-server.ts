import http, { type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { SESSION_COOKIE_PLAIN_NAME, SESSION_COOKIE_SECURE_NAME } from '@/lib/auth/config';
import { db } from '@/lib/db';
import { getReadStamp } from '@/lib/http/cache';
import { encodeBodies, etagOf, PAGE_CACHE_HEADER, pageCacheKey, pageStore, pickEncoding, type PageEntry } from '@/lib/http/page-cache';

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
 * Freshness: every request reads the data stamp (getReadStamp), as the question cache does, so an
 * edit through any server is seen by every server on its next request. Concurrent requests share
 * one stamp read: one that starts while a read is in flight overlaps it, and so may use its answer.
 */

const SKIPPED_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding', 'date', 'set-cookie', 'etag', PAGE_CACHE_HEADER]);

let stampInFlight: Promise<string> | null = null;

/** The current data stamp; requests arriving while a read is in flight share it. */
export function currentStamp(): Promise<string> {
  if (!stampInFlight) {
    stampInFlight = getReadStamp(db, 'all')
      .then((s) => s.token)
      .finally(() => {
        stampInFlight = null;
      });
  }
  return stampInFlight;
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
  const vary = new Set((entry.headers.find(([n]) => n === 'vary')?.[1] ?? '').split(',').map((v) => v.trim()).filter(Boolean));
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

async function handleCached(req: IncomingMessage, res: ServerResponse, next: Handler, key: string, path: string, stampOf: () => Promise<string>): Promise<void> {
  let stamp: string;
  try {
    stamp = await stampOf();
  } catch (error) {
    // No stamp, no cache: Next renders (and answers the database error its own way).
    console.error('page cache: data stamp unavailable:', error);
    next(req, res);
    return;
  }
  const hit = pageStore.lookup(key, stamp);
  if (hit) return send(req, res, hit, 'hit');
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
    result = await pageStore.getOrRender(key, stamp, async () => {
      req.headers['accept-encoding'] = 'identity';
      // A full 200 to store, never Next's own 304: send() answers conditionals with the stored ETag.
      delete req.headers['if-none-match'];
      delete req.headers['if-modified-since'];
      ownCapture = await captureRender(req, res, next);
      return toEntry(path, stamp, ownCapture);
    });
  } finally {
    (ownCapture as Captured | null)?.release();
  }
  const { entry, state } = result;
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

let uninstall: (() => void) | null = null;

/**
 * Puts the cache in front of every HTTP server of this process (`next start` has one). Off with
 * PAGE_CACHE=0, and outside production builds (next dev recompiles pages under it). Tests pass
 * `force` and their own `stamp`, and call the returned function to take it out again.
 */
export function installPageCache(options: { force?: boolean; stamp?: () => Promise<string> } = {}): () => void {
  if (uninstall) return uninstall;
  if (!options.force && (process.env.PAGE_CACHE === '0' || process.env.NODE_ENV !== 'production')) return () => undefined;
  const stampOf = options.stamp ?? currentStamp;
  const original = http.Server.prototype.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  http.Server.prototype.emit = function emit(this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event !== 'request') return original.call(this, event, ...args);
    const [req, res] = args as [IncomingMessage, ServerResponse];
    const found = pageCacheKey({ method: req.method ?? 'GET', url: req.url ?? '/', header: (n) => headerOf(req, n), signedIn: signedIn(req) });
    if (!found) return original.call(this, event, ...args);
    const next: Handler = (rq, rs) => void original.call(this, 'request', rq, rs);
    handleCached(req, res, next, found.key, found.path, stampOf).catch((error: unknown) => {
      console.error('page cache:', error);
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end('Internal Server Error');
      }
    });
    return true;
  } as typeof http.Server.prototype.emit;
  uninstall = () => {
    http.Server.prototype.emit = original as typeof http.Server.prototype.emit;
    uninstall = null;
  };
  return uninstall;
}
