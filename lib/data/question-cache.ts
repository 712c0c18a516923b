import 'server-only';
import { db, type DbClient } from '@/lib/db';
import { getQuestionBySlug, type QuestionView } from '@/lib/data/questions';
import { getReadStamp, type DataVersion } from '@/lib/http/cache';
import { isSlug } from '@/lib/http/route-params';

/**
 * A per-process memo of question views and of what is computed from them (trend, waves, house
 * effects), checked against the database on every request.
 *
 * Why not Next's own caches (`'use cache'`, revalidateTag): their invalidation is local to the
 * process unless every server shares a cache handler, and Pollboard runs as several `next start`
 * processes over one PostgreSQL (README "Production"). Here each request first reads the read stamp
 * (getReadStamp: primary-key maxima and the latest audit row, about a millisecond), and an entry
 * is used only when it was built under that same stamp. An edit through any server writes an audit
 * row, so every server rebuilds on its next request: nothing to configure, nothing shared.
 *
 * Size: entries are evicted least-recently-used once the cached views hold more than
 * MAX_CACHED_BYTES (estimated) or MAX_ENTRIES questions, so the overview of a 100k-poll database
 * still fits. Only questions that exist are kept: a slug that is not a slug is refused before any
 * look-up, and a miss is shared by concurrent requests while it loads, then forgotten (issue #15:
 * every unknown slug used to stay in the map for good).
 */

/** About 1 kB per poll as loaded: 120k polls, the overview of the 100k-poll benchmark with room. */
export const MAX_CACHED_BYTES = 160 * 1024 * 1024;
/** More than any real catalogue of tracked questions; misses never count. */
export const MAX_ENTRIES = 2_000;
/** Distinct views (method, filters) kept per question; the default view is the common one. */
const MAX_DERIVED_PER_QUESTION = 16;

interface Entry {
  stamp: string;
  /** Shared by concurrent requests, so a burst after an edit loads the question once. */
  view: Promise<QuestionView | null>;
  /** Estimated bytes held, set once the view has loaded. */
  bytes: number;
}

interface Cache {
  entries: Map<string, Entry>;
  bytes: number;
}

const caches = new WeakMap<DbClient, Cache>();
const derived = new WeakMap<QuestionView, Map<string, unknown>>();

function cacheOf(client: DbClient): Cache {
  let cache = caches.get(client);
  if (!cache) {
    cache = { entries: new Map(), bytes: 0 };
    caches.set(client, cache);
  }
  return cache;
}

function evict(cache: Cache): void {
  // A Map iterates in insertion order and hits are re-inserted, so the first key is the least
  // recently used. The newest entry always stays, however large.
  while ((cache.bytes > MAX_CACHED_BYTES || cache.entries.size > MAX_ENTRIES) && cache.entries.size > 1) {
    const [oldest, entry] = cache.entries.entries().next().value as [string, Entry];
    cache.entries.delete(oldest);
    cache.bytes -= entry.bytes;
  }
}

/**
 * Rough heap size of a loaded view (strings, numbers, objects, arrays), one walk over it: cheap
 * next to the query that loaded it, and it counts long notes or wordings that a poll count misses.
 */
export function estimateBytes(value: unknown, depth = 0): number {
  if (typeof value === 'string') return 16 + value.length;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return 8;
  if (value instanceof Date) return 32;
  if (depth > 12 || typeof value !== 'object') return 16;
  if (Array.isArray(value)) {
    let total = 16 + 8 * value.length;
    for (const item of value) total += estimateBytes(item, depth + 1);
    return total;
  }
  let total = 32;
  for (const key in value) total += 16 + estimateBytes((value as Record<string, unknown>)[key], depth + 1);
  return total;
}

/** What the cache holds for a database client (tests check its bounds). */
export function questionCacheSize(client: DbClient = db): { entries: number; bytes: number } {
  const cache = cacheOf(client);
  return { entries: cache.entries.size, bytes: cache.bytes };
}

/**
 * The question with all its polls, as of now. `stamp` may be passed when the caller already read
 * it (the read API reads it for its ETag).
 */
export async function getQuestionView(slug: string, options: { client?: DbClient; stamp?: DataVersion } = {}): Promise<QuestionView | null> {
  if (!isSlug(slug)) return null;
  const client = options.client ?? db;
  const stamp = (options.stamp ?? (await getReadStamp(client, 'polls'))).token;
  const cache = cacheOf(client);
  const hit = cache.entries.get(slug);
  if (hit && hit.stamp === stamp) {
    cache.entries.delete(slug);
    cache.entries.set(slug, hit);
    return hit.view;
  }
  if (hit) {
    cache.entries.delete(slug);
    cache.bytes -= hit.bytes;
  }
  const entry: Entry = { stamp, view: getQuestionBySlug(slug, client), bytes: 0 };
  cache.entries.set(slug, entry);
  try {
    const view = await entry.view;
    // Still ours (not replaced by a newer stamp meanwhile): forget a miss, account for a hit.
    if (cache.entries.get(slug) === entry) {
      if (view === null) {
        cache.entries.delete(slug);
      } else {
        entry.bytes = estimateBytes(view) + slug.length;
        cache.bytes += entry.bytes;
        evict(cache);
      }
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
 * must name everything else the result depends on (the parsed view options). A new stamp gives a
 * new QuestionView object, so stale results are unreachable and collected with the old view.
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

/** Every question, by title, each from the cache (the overview and /api/v1/questions list them all). */
export async function listQuestionViews(options: { client?: DbClient; stamp?: DataVersion } = {}): Promise<QuestionView[]> {
  const client = options.client ?? db;
  const stamp = options.stamp ?? (await getReadStamp(client, 'polls'));
  const slugs = await client.question.findMany({ select: { slug: true }, orderBy: { title: 'asc' } });
  const views = await Promise.all(slugs.map((s) => getQuestionView(s.slug, { client, stamp })));
  return views.filter((v): v is QuestionView => v !== null);
}
