import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installPageCache } from '@/lib/http/page-server';
import { DEFAULT_TREND_METHOD } from '@/lib/schemas/views';

/**
 * The page cache in front of a real HTTP server (127.0.0.1, ephemeral port). A stand-in for Next
 * renders pages the way Next writes them (writeHead, several writes, end, after a delay) and counts
 * its renders; the stamp is a variable the test moves, like a write would.
 */
let server: http.Server;
let base = '';
let renders = 0;
let stamp = 's1';
let remove: () => void = () => undefined;
const seenEncodings: (string | undefined)[] = [];

function page(title: string): string {
  return `<!doctype html><html><body><h1>${title}</h1>${'<p>74% against handing the islands over.</p>'.repeat(400)}</body></html>`;
}

function fakeNext(req: IncomingMessage, res: ServerResponse): void {
  renders += 1;
  seenEncodings.push(req.headers['accept-encoding']);
  const url = new URL(req.url ?? '/', 'http://x');
  setTimeout(() => {
    if (url.pathname === '/polls/500') {
      res.writeHead(500, { 'content-type': 'text/html' });
      res.end('boom');
      return;
    }
    if (url.pathname === '/polls/7') {
      res.setHeader('set-cookie', 'a=b');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page('cookie'));
      return;
    }
    res.setHeader('content-type', req.headers['rsc'] === '1' ? 'text/x-component' : 'text/html; charset=utf-8');
    res.writeHead(200, { vary: 'rsc' });
    const body = page(`${url.pathname} ${url.searchParams.get('method') ?? DEFAULT_TREND_METHOD} ${stamp}`);
    res.write(body.slice(0, 1000));
    res.write(Buffer.from(body.slice(1000, 5000)));
    res.end(body.slice(5000));
  }, 40);
}

const HTML = { accept: 'text/html,application/xhtml+xml' };

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(base + path, { headers: { ...HTML, ...headers } });
  const body = Buffer.from(await res.arrayBuffer());
  return { res, body, cache: res.headers.get('x-pollboard-page-cache') };
}

beforeAll(async () => {
  remove = installPageCache({ force: true, stamp: async () => stamp });
  server = http.createServer(fakeNext);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  remove();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('page cache in front of an HTTP server', () => {
  it('renders once for 50 concurrent first requests and answers all of them', async () => {
    const before = renders;
    const all = await Promise.all(Array.from({ length: 50 }, () => get('/questions/kuril-transfer', { 'accept-encoding': 'gzip' })));
    expect(renders - before).toBe(1);
    // One rendered; the others waited for it, or (arriving after it finished) were hits.
    expect(all.filter((r) => r.cache === 'miss')).toHaveLength(1);
    expect(all.every((r) => r.cache === 'miss' || r.cache === 'joined' || r.cache === 'hit')).toBe(true);
    expect(all.filter((r) => r.cache === 'joined').length).toBeGreaterThan(0);
    // fetch decodes gzip itself: every answer carries the rendered page.
    for (const r of all) expect(r.body.toString()).toContain(`<h1>/questions/kuril-transfer ${DEFAULT_TREND_METHOD} s1</h1>`);
    // Next was asked for identity bytes; the cache compresses them itself.
    expect(seenEncodings.at(-1)).toBe('identity');
  });

  it('serves hits in the encoding asked for, compressed once, with an ETag and 304', async () => {
    const raw = (encoding: string) =>
      new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer; status: number }>((resolve, reject) => {
        http
          .get(`${base}/questions/kuril-transfer`, { headers: { ...HTML, 'accept-encoding': encoding } }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks), status: res.statusCode ?? 0 }));
          })
          .on('error', reject);
      });
    const before = renders;
    const gz = await raw('gzip');
    const br = await raw('gzip, deflate, br');
    const plain = await raw('identity');
    expect(renders).toBe(before);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(br.headers['content-encoding']).toBe('br');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect(Number(gz.headers['content-length'])).toBe(gz.body.length);
    expect(gz.headers.vary).toContain('Accept-Encoding');
    const etag = String(gz.headers.etag);
    const conditional = await fetch(`${base}/questions/kuril-transfer`, { headers: { ...HTML, 'if-none-match': etag } });
    expect(conditional.status).toBe(304);
  });

  it('renders again after the data stamp moves, and keys on the view, not the raw query', async () => {
    expect((await get(`/questions/kuril-transfer?utm_source=x&method=${DEFAULT_TREND_METHOD}`)).cache).toBe('hit');
    stamp = 's2';
    const fresh = await get('/questions/kuril-transfer');
    expect(fresh.cache).toBe('miss');
    expect(fresh.body.toString()).toContain(`${DEFAULT_TREND_METHOD} s2`);
    expect((await get('/questions/kuril-transfer?method=loess')).cache).toBe('miss');
  });

  it('caches RSC payloads apart from HTML', async () => {
    const first = await get('/questions/kuril-transfer?_rsc=1', { rsc: '1', 'next-router-state-tree': 'tree-a' });
    expect(first.cache).toBe('miss');
    expect(first.res.headers.get('content-type')).toBe('text/x-component');
    expect((await get('/questions/kuril-transfer?_rsc=2', { rsc: '1', 'next-router-state-tree': 'tree-a' })).cache).toBe('hit');
    expect((await get('/questions/kuril-transfer?_rsc=3', { rsc: '1', 'next-router-state-tree': 'tree-b' })).cache).toBe('miss');
  });

  it('hands on what it may not share, and leaves HEAD misses, editors and other paths to the server', async () => {
    const failed = await get('/polls/500');
    expect(failed.res.status).toBe(500);
    expect(failed.cache).toBe('bypass');
    const before = renders;
    expect((await get('/polls/500')).res.status).toBe(500);
    expect(renders).toBe(before + 1);
    const cookie = await get('/polls/7');
    expect(cookie.cache).toBe('bypass');
    expect(cookie.res.headers.get('set-cookie')).toBe('a=b');
    const head = await fetch(`${base}/questions/putin-approval`, { method: 'HEAD', headers: HTML });
    expect(head.headers.get('x-pollboard-page-cache')).toBeNull();
    // The HEAD stored nothing: the GET after it renders the whole page.
    const get1 = await get('/questions/putin-approval');
    expect(get1.cache).toBe('miss');
    expect(get1.body.toString()).toContain('<h1>/questions/putin-approval');
    expect((await get('/questions/putin-approval', { cookie: 'pollboard_session=abc' })).cache).toBeNull();
    expect((await get('/admin/polls')).cache).toBeNull();
  });
});
