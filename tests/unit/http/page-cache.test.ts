import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { seededRandom } from '@/lib/stats/random';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_TREND_METHOD } from '@/lib/schemas/views';
import { beyondFingerprint, encodeBodies, etagOf, pageCacheKey, PageStore, pickEncoding, type PageEntry, type PageRequestInfo } from '@/lib/http/page-cache';
import { EVERYTHING_TOUCHED, type Touched } from '@/lib/freshness/touched';

const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

function req(url: string, headers: Record<string, string> = { accept: HTML }, extra: Partial<PageRequestInfo> = {}): PageRequestInfo {
  return { method: 'GET', url, header: (n) => headers[n], signedIn: false, ...extra };
}

async function entryOf(text: string, stamp = 's1', path = '/questions/x'): Promise<PageEntry> {
  const identity = Buffer.from(text);
  const bodies = await encodeBodies(identity);
  return {
    stamp,
    path,
    status: 200,
    headers: [['content-type', 'text/html; charset=utf-8']],
    etag: etagOf(identity),
    bodies,
    bytes: bodies.identity.length + bodies.gzip.length + bodies.br.length,
  };
}

describe('page cache key: the normalised view, not the raw query', () => {
  it('gives one key to URLs that show the same view', () => {
    const plain = pageCacheKey(req('/questions/kuril-transfer'));
    expect(plain).not.toBeNull();
    // The default method spelled out, an unknown parameter, and Next's _rsc buster change nothing.
    expect(pageCacheKey(req(`/questions/kuril-transfer?method=${DEFAULT_TREND_METHOD}`))?.key).toBe(plain?.key);
    expect(pageCacheKey(req('/questions/kuril-transfer?utm_source=x'))?.key).toBe(plain?.key);
    expect(pageCacheKey(req('/?topic=Leaders&q=putin'))?.key).toBe(pageCacheKey(req('/?q=putin&topic=Leaders'))?.key);
    expect(pageCacheKey(req('/polls/7?anything=1'))?.key).toBe(pageCacheKey(req('/polls/7'))?.key);
  });

  it('tells different views apart, and invalid parameters (the page shows a notice for them)', () => {
    const other = DEFAULT_TREND_METHOD === 'loess' ? 'mean' : 'loess';
    const keys = ['/questions/a', `/questions/a?method=${other}`, '/questions/b', '/questions/a?method=nonsense', '/?page=2', '/'].map(
      (u) => pageCacheKey(req(u))?.key,
    );
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('keys RSC payloads by the router state they answer', () => {
    const rsc = (tree: string) => pageCacheKey(req('/questions/a?_rsc=abc', { rsc: '1', 'next-router-state-tree': tree }))?.key;
    expect(rsc('t1')).toBeDefined();
    expect(rsc('t1')).not.toBe(pageCacheKey(req('/questions/a'))?.key);
    expect(rsc('t1')).not.toBe(rsc('t2'));
    expect(rsc('t1')).toBe(pageCacheKey(req('/questions/a?_rsc=zzz', { rsc: '1', 'next-router-state-tree': 't1' }))?.key);
  });

  it('leaves editors, crawlers, other methods, other routes and non-page requests to Next', () => {
    expect(pageCacheKey(req('/questions/a', { accept: HTML }, { signedIn: true }))).toBeNull();
    expect(pageCacheKey(req('/questions/a', { accept: HTML, 'user-agent': 'Googlebot/2.1' }))).toBeNull();
    expect(pageCacheKey(req('/questions/a', { accept: HTML }, { method: 'POST' }))).toBeNull();
    expect(pageCacheKey(req('/admin/polls'))).toBeNull();
    expect(pageCacheKey(req('/api/v1/questions'))).toBeNull();
    expect(pageCacheKey(req('/questions/a', { accept: 'application/json' }))).toBeNull();
  });
});

describe('encodings', () => {
  it('prefers brotli, then gzip, and honours q=0', () => {
    expect(pickEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(pickEncoding('gzip, deflate')).toBe('gzip');
    expect(pickEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(pickEncoding('*')).toBe('br');
    expect(pickEncoding(undefined)).toBe('identity');
    expect(pickEncoding('gzip;q=0, br;q=0')).toBe('identity');
  });

  it('stores bodies that decompress to the rendered bytes', async () => {
    const text = '<!doctype html>' + 'Kuril islands: 74% against. '.repeat(2000);
    const { bodies } = await entryOf(text);
    expect(gunzipSync(bodies.gzip).toString()).toBe(text);
    expect(brotliDecompressSync(bodies.br).toString()).toBe(text);
    expect(bodies.br.length).toBeLessThan(text.length / 10);
  });
});

describe('PageStore', () => {
  it('renders once for 50 concurrent first requests of one page', async () => {
    const store = new PageStore();
    let renders = 0;
    const render = async () => {
      renders += 1;
      await new Promise((r) => setTimeout(r, 30));
      return entryOf('<p>page</p>');
    };
    const results = await Promise.all(Array.from({ length: 50 }, () => store.getOrRender('k', 's1', render)));
    expect(renders).toBe(1);
    expect(results.filter((r) => r.state === 'miss')).toHaveLength(1);
    expect(results.filter((r) => r.state === 'joined')).toHaveLength(49);
    expect(new Set(results.map((r) => r.entry))).toEqual(new Set([results[0]?.entry]));
    expect((await store.getOrRender('k', 's1', render)).state).toBe('hit');
    expect(renders).toBe(1);
  });

  it('renders again under a new data stamp, and not for a response it may not share', async () => {
    const store = new PageStore();
    let renders = 0;
    await store.getOrRender('k', 's1', async () => (renders++, entryOf('a', 's1')));
    const next = await store.getOrRender('k', 's2', async () => (renders++, entryOf('b', 's2')));
    expect(next.state).toBe('miss');
    expect(next.entry?.bodies.identity.toString()).toBe('b');
    expect(renders).toBe(2);
    await store.getOrRender('n', 's2', async () => (renders++, null));
    expect((await store.getOrRender('n', 's2', async () => (renders++, null))).state).toBe('miss');
    expect(renders).toBe(4);
  });

  it('forgets a failed render and evicts the least recently used past its byte budget', async () => {
    const store = new PageStore(64 * 1024);
    await expect(store.getOrRender('k', 's', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect((await store.getOrRender('k', 's', () => entryOf('ok'))).state).toBe('miss');
    // Seeded noise: bodies that barely compress, the same on every run.
    const random = seededRandom(20261129);
    const big = (i: number) => entryOf(`${i}` + random().toString(36).repeat(60), 's', `/p/${i}`);
    for (let i = 0; i < 200; i += 1) await store.getOrRender(`p${i}`, 's', () => big(i));
    expect(store.size).toBeLessThan(200);
    expect(store.lookup('p199', 's')).toBeDefined();
    expect(store.lookup('p0', 's')).toBeUndefined();
    expect(store.invalidate((path) => path === '/p/199')).toBe(1);
    expect(store.lookup('p199', 's')).toBeUndefined();
  });
});

describe('PageStore under steady writes', () => {
  it('shares a render changed mid-way with those who asked before the change, and starts the next for those after', async () => {
    const store = new PageStore();
    let renders = 0;
    let changed = false;
    const gates: (() => void)[] = [];
    const render = async () => {
      renders += 1;
      const n = renders;
      await new Promise<void>((resolve) => gates.push(resolve));
      const entry = await entryOf(`<p>render ${n}</p>`);
      // The page changed while this rendered: send it, do not keep it.
      return { store: changed ? null : entry, send: entry };
    };
    const stale = () => changed;
    const early = Array.from({ length: 5 }, () => store.getOrRender('home', 's', render, stale));
    await new Promise((r) => setTimeout(r, 5));
    // A write touching the page is heard: arrivals from now on must not get the first render.
    changed = true;
    const late = Array.from({ length: 5 }, () => store.getOrRender('home', 's', render, () => false));
    await new Promise((r) => setTimeout(r, 5));
    // The late ones wait in one render that starts when the first ends: one render of a page at a time.
    expect(renders).toBe(1);
    gates.shift()?.();
    const first = await Promise.all(early);
    await vi.waitFor(() => expect(renders).toBe(2));
    gates.shift()?.();
    const second = await Promise.all(late);
    expect(first.map((r) => r.entry?.bodies.identity.toString())).toEqual(Array.from({ length: 5 }, () => '<p>render 1</p>'));
    expect(second.map((r) => r.entry?.bodies.identity.toString())).toEqual(Array.from({ length: 5 }, () => '<p>render 2</p>'));
    expect(first.filter((r) => r.state === 'joined')).toHaveLength(4);
    expect(second.filter((r) => r.state === 'joined')).toHaveLength(4);
    // Neither render was kept (both saw the change): the next request renders again.
    expect(store.lookup('home', 's')).toBeUndefined();
  });

  it('runs one render of a page at a time however many changes arrive meanwhile, and one waits for all late arrivals', async () => {
    const store = new PageStore();
    let renders = 0;
    let running = 0;
    let mostAtOnce = 0;
    let version = 0;
    const gates: (() => void)[] = [];
    const render = async () => {
      renders += 1;
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      const saw = version;
      await new Promise<void>((resolve) => gates.push(resolve));
      running -= 1;
      return { store: null, send: await entryOf(`<p>version ${saw}</p>`) };
    };
    // Each request's stale(): a change since it arrived.
    const ask = () => {
      const arrivedAt = version;
      return store.getOrRender('home', 's', render, () => version !== arrivedAt);
    };
    const first = ask();
    const late: ReturnType<typeof ask>[] = [];
    // Three waves of readers, each after a write, all while the first render runs.
    for (let wave = 0; wave < 3; wave += 1) {
      version += 1;
      for (let i = 0; i < 4; i += 1) late.push(ask());
      await new Promise((r) => setTimeout(r, 2));
    }
    expect(renders).toBe(1);
    gates.shift()?.();
    expect((await first).entry?.bodies.identity.toString()).toBe('<p>version 0</p>');
    await vi.waitFor(() => expect(renders).toBe(2));
    gates.shift()?.();
    const answers = await Promise.all(late);
    // Every late reader got a render that began after the last write it could have seen.
    expect(answers.map((a) => a.entry?.bodies.identity.toString())).toEqual(Array.from({ length: 12 }, () => '<p>version 3</p>'));
    expect(answers.filter((a) => a.state === 'miss')).toHaveLength(1);
    expect(renders).toBe(2);
    expect(mostAtOnce).toBe(1);
  });
});

describe('watched pages (the overview under writes)', () => {
  const touch = (questions: string[], indicators: string[] = []): Touched => ({
    all: false,
    questions: new Set(questions),
    polls: new Set([1]),
    pollsters: new Set(['p']),
    indicators: new Set(indicators),
  });

  it('are made suspect by a change their fingerprint covers, and dropped by one beyond it', async () => {
    const store = new PageStore();
    const home = await entryOf('<p>home</p>', 's', '/');
    home.watch = { fingerprint: 'f', suspect: false };
    const question = await entryOf('<p>q</p>', 's', '/questions/putin-approval');
    await store.getOrRender('home', 's', async () => home);
    await store.getOrRender('q', 's', async () => question);
    const affectsAll = () => true;
    store.applyChange(touch(['putin-approval']), affectsAll);
    expect(store.lookup('home', 's')?.watch?.suspect).toBe(true);
    // An unwatched page is dropped as before.
    expect(store.lookup('q', 's')).toBeUndefined();
    // An indicator (the overview's indicator cards are not in its fingerprint): dropped.
    store.applyChange(touch(['kuril-transfer'], ['trade']), affectsAll);
    expect(store.lookup('home', 's')).toBeUndefined();
  });

  it('treat renames, indicators and hand edits as beyond their fingerprint', () => {
    expect(beyondFingerprint(touch(['b']))).toBe(false);
    expect(beyondFingerprint(touch(['b'], ['trade']))).toBe(true);
    expect(beyondFingerprint({ ...touch([]), questions: 'all' })).toBe(true);
    expect(beyondFingerprint({ ...touch([]), pollsters: 'all' })).toBe(true);
    expect(beyondFingerprint(EVERYTHING_TOUCHED)).toBe(true);
  });
});
