import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installPageCache } from '@/lib/http/page-server';
import { FINGERPRINT_META, fingerprintIn, pageStore } from '@/lib/http/page-cache';
import type { Touched } from '@/lib/freshness/touched';

/**
 * Watched pages (the overview, question pages) in front of a real HTTP server: a render names the
 * data it was drawn from in a meta tag; a write that touches the page makes the cached copy suspect,
 * and the next request compares that name with the page's data now — the cached page when they
 * agree (no render), a new render when they differ. A stand-in for Next renders the pages; `data`
 * plays the database and `fingerprintNow` the page's fingerprint reader.
 */
let server: http.Server;
let base = '';
let renders = 0;
const data = new Map<string, { shown: string; hidden: string }>([['kuril-transfer', { shown: '74% against', hidden: 'note v1' }]]);
const fingerprintOf = (slug: string) => `fp-${Buffer.from(data.get(slug)?.shown ?? '').toString('base64url')}-0123456789`;
let remove: () => void = () => undefined;

function fakeNext(req: IncomingMessage, res: ServerResponse): void {
  renders += 1;
  const url = new URL(req.url ?? '/', 'http://x');
  const slug = url.pathname.split('/')[2] ?? '';
  const row = data.get(slug);
  setTimeout(() => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    const meta = url.pathname.startsWith('/questions/') ? `<meta name="${FINGERPRINT_META}" content="${fingerprintOf(slug)}"/>` : '';
    res.end(`<!doctype html><html><head>${meta}</head><body><h1>${row?.shown ?? url.pathname}</h1></body></html>`);
  }, 20);
}

const touchQuestion = (slug: string): Touched => ({ all: false, questions: new Set([slug]), polls: new Set([1]), pollsters: new Set(), indicators: new Set() });

async function get(path: string) {
  const res = await fetch(base + path, { headers: { accept: 'text/html' } });
  return { cache: res.headers.get('x-pollboard-page-cache'), etag: res.headers.get('etag'), body: await res.text() };
}

beforeAll(async () => {
  remove = installPageCache({
    force: true,
    stamp: async () => 's1',
    fingerprint: async (url) => (url.startsWith('/questions/') ? fingerprintOf(new URL(url, 'http://x').pathname.split('/')[2] ?? '') : null),
  });
  server = http.createServer(fakeNext);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  remove();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('watched pages under writes', () => {
  it('serve the cached page after a write that changed nothing they show, and render again after one that did', async () => {
    const first = await get('/questions/kuril-transfer');
    expect(first.cache).toBe('miss');
    expect((await get('/questions/kuril-transfer')).cache).toBe('hit');
    const before = renders;

    // A write to a poll's notes: the question is touched, what the page shows is not.
    data.set('kuril-transfer', { shown: '74% against', hidden: 'note v2' });
    pageStore.applyChange(touchQuestion('kuril-transfer'), () => true);
    const kept = await get('/questions/kuril-transfer');
    expect(kept.cache).toBe('revalidated');
    expect(kept.etag).toBe(first.etag);
    expect(renders).toBe(before);
    // Checked once: the next request is a plain hit again.
    expect((await get('/questions/kuril-transfer')).cache).toBe('hit');

    // A correction of a number the page shows.
    data.set('kuril-transfer', { shown: '73% against', hidden: 'note v2' });
    pageStore.applyChange(touchQuestion('kuril-transfer'), () => true);
    const fresh = await get('/questions/kuril-transfer');
    expect(fresh.cache).toBe('miss');
    expect(fresh.body).toContain('<h1>73% against</h1>');
    expect(fresh.etag).not.toBe(first.etag);
    expect(renders).toBe(before + 1);
  });

  it('drop an unwatched page (no fingerprint named) on any change that touches it', async () => {
    await get('/polls/1');
    expect((await get('/polls/1')).cache).toBe('hit');
    pageStore.applyChange(touchQuestion('kuril-transfer'), () => true);
    expect((await get('/polls/1')).cache).toBe('miss');
  });

  it('drop even a watched page when everything changed (SQL edited by hand, a release)', async () => {
    await get('/questions/kuril-transfer');
    pageStore.applyChange({ all: true, questions: 'all', polls: 'all', pollsters: 'all', indicators: 'all' }, () => true);
    expect((await get('/questions/kuril-transfer')).cache).toBe('miss');
  });
});

describe('fingerprintIn', () => {
  it('reads the meta tag from HTML and from an RSC payload, and nothing from a page without one', () => {
    const fp = 'AbC_d-0123456789012345';
    expect(fingerprintIn(Buffer.from(`<head><meta name="${FINGERPRINT_META}" content="${fp}"/></head>`))).toBe(fp);
    expect(fingerprintIn(Buffer.from(`1:["$","meta",null,{"name":"${FINGERPRINT_META}","content":"${fp}"}]`))).toBe(fp);
    expect(fingerprintIn(Buffer.from('<h1>no meta</h1>'))).toBeNull();
    // A value that is not a digest (text a page happens to contain) is not taken for one.
    expect(fingerprintIn(Buffer.from(`<p>${FINGERPRINT_META} content="<script>"</p>`))).toBeNull();
  });
});
