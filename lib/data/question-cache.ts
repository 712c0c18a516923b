import 'server-only';
import { db, type DbClient } from '@/lib/db';
import { getQuestionBySlug, type QuestionView } from '@/lib/data/questions';
import { readySignal, type FreshnessSignal } from '@/lib/freshness/signal';
import type { Touched } from '@/lib/freshness/touched';

/**
 * A per-process memo of question views and of what is computed from them (trend, waves, house
 * effects), kept until a write touches the question.
 *
 * Freshness: the cache subscribes to the freshness signal (lib/freshness/signal.ts), which hears of
 * every committed write — through this server or any other, or SQL edited by hand — with the
 * questions it touched, and drops only those (an edit of one Kuril poll leaves the Putin question
 * cached). No query runs per request to check it. While the signal is down the cache steps aside
 * and every request reads the database.
 *
 * Why not Next's own caches (`'use cache'`, revalidateTag): their invalidation is local to the
 * process unless every server shares a cache handler, and Pollboard runs as several `next start`
 * processes over one PostgreSQL (README "Production").
 *
 * Size: entries are evicted least-recently-used once the cached views hold more than
 * MAX_CACHED_POLLS polls (about 1 kB each), so the overview of a 100k-poll database still fits.
 */

const MAX_CACHED_POLLS = 120_000;
/** Distinct views (method, filters) kept per question; the default view is the common one. */
const MAX_DERIVED_PER_QUESTION = 16;

interface Entry {
  /** Shared by concurrent requests, so a burst after an edit loads the question once. */
  view: Promise<QuestionView | null>;
  polls: number;
}

interface Cache {
  signal: FreshnessSignal;
  unsubscribe: () => void;
  entries: Map<string, Entry>;
  /** The slugs of every question, by title (the overview and /api/v1/questions list them). */
  slugs: Promise<string[]> | null;
  polls: number;
}

const caches = new WeakMap<DbClient, Cache>();
const derived = new WeakMap<QuestionView, Map<string, unknown>>();

function drop(cache: Cache, slug: string): void {
  const entry = cache.entries.get(slug);
  if (!entry) return;
  cache.entries.delete(slug);
  cache.polls -= entry.polls;
}

/** Drop what a change touched. Deleting an entry also disowns a load still in flight. */
function invalidateQuestions(cache: Cache, touched: Touched): void {
  if (touched.all || touched.questions === 'all') {
    cache.entries.clear();
    cache.polls = 0;
    cache.slugs = null;
    return;
  }
  if (touched.questions.size === 0) return;
  // A new or renamed question changes the list; an edit of its polls does not, but is rare enough.
  cache.slugs = null;
  for (const slug of touched.questions) drop(cache, slug);
}

async function cacheOf(client: DbClient): Promise<Cache | null> {
  const signal = await readySignal(client);
  if (!signal) return null;
  let cache = caches.get(client);
  if (cache && cache.signal !== signal) {
    // The signal was restarted (its database was out of reach): nothing cached before can be trusted.
    cache.unsubscribe();
    cache = undefined;
  }
  if (!cache) {
    const fresh: Cache = { signal, unsubscribe: () => {}, entries: new Map(), slugs: null, polls: 0 };
    fresh.unsubscribe = signal.subscribe((change) => invalidateQuestions(fresh, change.touched));
    caches.set(client, fresh);
    cache = fresh;
  }
  return cache;
}

function evict(cache: Cache): void {
  // A Map iterates in insertion order and hits are re-inserted, so the first key is the least
  // recently used. The newest entry always stays, however large.
  while (cache.polls > MAX_CACHED_POLLS && cache.entries.size > 1) {
    const [oldest, entry] = cache.entries.entries().next().value as [string, Entry];
    cache.entries.delete(oldest);
    cache.polls -= entry.polls;
  }
}

/** The question with all its polls, as of now. */
export async function getQuestionView(slug: string, options: { client?: DbClient } = {}): Promise<QuestionView | null> {
  const client = options.client ?? db;
  const cache = await cacheOf(client);
  if (!cache) return getQuestionBySlug(slug, client);
  const hit = cache.entries.get(slug);
  if (hit) {
    cache.entries.delete(slug);
    cache.entries.set(slug, hit);
    return hit.view;
  }
  const entry: Entry = { view: getQuestionBySlug(slug, client), polls: 0 };
  cache.entries.set(slug, entry);
  try {
    const view = await entry.view;
    // Still ours (not dropped by a change meanwhile): account for its size.
    if (cache.entries.get(slug) === entry) {
      entry.polls = view?.polls.length ?? 0;
      cache.polls += entry.polls;
      evict(cache);
    }
    return view;
  } catch (error) {
    // A failed load must not be served to the next request.
    if (cache.entries.get(slug) === entry) cache.entries.delete(slug);
    throw error;
  }
}

/**
 * Memoise something computed from a cached question view (a chart, a table) under `key`, which
 * must name everything else the result depends on (the parsed view options). A change to the
 * question gives a new QuestionView object, so stale results are unreachable and collected with it.
 */
export function deriveFrom<T>(question: QuestionView, key: string, build: () => T): T {
  let memo = derived.get(question);
  if (!memo) {
    memo = new Map();
    derived.set(question, memo);
  }
  if (memo.has(key)) return memo.get(key) as T;
  const value = build();
  if (memo.size >= MAX_DERIVED_PER_QUESTION) {
    const first = memo.keys().next();
    if (!first.done) memo.delete(first.value);
  }
  memo.set(key, value);
  return value;
}

/**
 * `build(question, view)` memoised per question view and per `view` (compared as JSON). `name`
 * tells builders apart: function names do not survive minification.
 */
export function memoChart<V, T>(question: QuestionView, name: string, build: (question: QuestionView, view: V) => T, view: V): T {
  return deriveFrom(question, `${name}:${JSON.stringify(view)}`, () => build(question, view));
}

async function listSlugs(client: DbClient): Promise<string[]> {
  return (await client.question.findMany({ select: { slug: true }, orderBy: { title: 'asc' } })).map((q) => q.slug);
}

/** Every question, by title, each from the cache (the overview and /api/v1/questions list them all). */
export async function listQuestionViews(options: { client?: DbClient } = {}): Promise<QuestionView[]> {
  const client = options.client ?? db;
  const cache = await cacheOf(client);
  let slugs: string[];
  if (!cache) slugs = await listSlugs(client);
  else {
    const pending = cache.slugs ?? listSlugs(client);
    cache.slugs = pending;
    try {
      slugs = await pending;
    } catch (error) {
      if (cache.slugs === pending) cache.slugs = null;
      throw error;
    }
  }
  const views = await Promise.all(slugs.map((slug) => getQuestionView(slug, { client })));
  return views.filter((v): v is QuestionView => v !== null);
}
