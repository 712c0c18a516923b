import 'server-only';
import { createHash } from 'node:crypto';
import { db, type DbClient } from '@/lib/db';
import { getQuestionBySlug, getQuestionsBySlugs, type QuestionView } from '@/lib/data/questions';
import { readySignal, type FreshnessSignal } from '@/lib/freshness/signal';
import type { Touched } from '@/lib/freshness/touched';
import { isSlug } from '@/lib/http/route-params';

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
  /** Shared by concurrent requests, so a burst after an edit loads the question once. */
  view: Promise<QuestionView | null>;
  /** Estimated bytes held, set once the view has loaded. */
  bytes: number;
  /** When a reader last asked for it (ms): only recently read questions are warmed after a write. */
  readAt: number;
  /** The view once loaded (the previous version's charts may carry over to the next: see carryOver). */
  loaded?: QuestionView;
}

interface Cache {
  signal: FreshnessSignal;
  unsubscribe: () => void;
  entries: Map<string, Entry>;
  bytes: number;
  client: DbClient;
  /** Questions to warm after a write touched them (insertion order), and whether a warm-up runs. */
  toWarm: Map<string, PendingWarm>;
  warming: boolean;
  /** The timer of the next warm-up, when one is scheduled. */
  timer: ReturnType<typeof setTimeout> | null;
  /** The last version of each question a change dropped, until its next version has loaded. */
  previous: Map<string, QuestionView>;
}

/** A question waiting to be warmed: when a reader last read it, and when its changes started and last arrived. */
interface PendingWarm {
  readAt: number;
  firstChangeAt: number;
  lastChangeAt: number;
}

/**
 * The cache's state lives on globalThis, once per process: Next bundles the pages (its SSR bundle)
 * apart from the route handlers (/api/v1/questions/…), so this module is evaluated once per bundle
 * in one `next start`. With module-local state each copy kept its own cache, subscribed to the
 * freshness signal on its own and warmed the same question after every write: two loads and two
 * chart computations per save (seen in a CPU profile of the bench's readers-under-writes part).
 */
interface SharedState {
  caches: WeakMap<DbClient, Cache>;
  derived: WeakMap<QuestionView, Map<string, unknown>>;
  /** Results of the statistical models only (see deriveFromNumbers), shared by versions with the same numbers. */
  numbers: WeakMap<QuestionView, Map<string, unknown>>;
  /**
   * Computations to redo ahead of readers after a write: e.g. the question page's default charts
   * (lib/charts/question-charts.ts registers them), so the next view of an edited question does
   * not compute four trend models inside its request. Keyed by name: a module evaluated twice
   * (development reloads, or the two bundles) replaces its warmer instead of adding a second.
   */
  warmers: Map<string, (question: QuestionView) => void>;
  warmed: number;
  computed: number;
  carried: number;
}

const globalState = globalThis as unknown as { pollboardQuestionCache?: SharedState };
const shared: SharedState = (globalState.pollboardQuestionCache ??= {
  caches: new WeakMap(),
  derived: new WeakMap(),
  numbers: new WeakMap(),
  warmers: new Map(),
  warmed: 0,
  computed: 0,
  carried: 0,
});
const { caches, derived, numbers, warmers } = shared;

export function registerWarmer(name: string, warm: (question: QuestionView) => void): void {
  warmers.set(name, warm);
}

/** A question read within this long before a write is warmed after it; others wait for a reader. */
const WARM_RECENT_MS = 60_000;
/** At most this many questions wait to be warmed; more (a big import) are left to their readers. */
export const MAX_WARM_PENDING = 64;

/**
 * A burst of writes to one question (an editor saving poll after poll, a script) is warmed once,
 * for its last state: the warm-up waits until the question has had no change for `quietMs`, but
 * never more than `maxWaitMs` after the burst's first change. Readers never wait for it: a change
 * drops the question at once and a reader meanwhile loads and computes it itself (the warm-up
 * then finds it done). Before, each change started a warm-up of its own — at an editor's pace of
 * ten saves a second, ten reloads and chart computations a second for work the next change threw
 * away.
 */
const warmTiming = { quietMs: 50, maxWaitMs: 500 };

/** Tests: how long the warm-up waits for a burst to end (see warmTiming). Returns the previous values. */
export function setWarmTiming(timing: { quietMs: number; maxWaitMs: number }): { quietMs: number; maxWaitMs: number } {
  const previous = { ...warmTiming };
  Object.assign(warmTiming, timing);
  return previous;
}

/** How many questions have been warmed since the process started (tests, the bench). */
export function warmedCount(): number {
  return shared.warmed;
}

/** How many derived results (charts, tables) have been computed since the process started (tests). */
export function derivedComputations(): number {
  return shared.computed;
}

/** How many question versions took over their predecessor's model results (tests, the bench). */
export function carriedOverCount(): number {
  return shared.carried;
}

function drop(cache: Cache, slug: string): void {
  const entry = cache.entries.get(slug);
  if (!entry) return;
  cache.entries.delete(slug);
  cache.bytes -= entry.bytes;
}

/** At most this many dropped versions wait for their successor (a big import drops more: they are forgotten). */
const MAX_PREVIOUS = 256;

/** A change dropped this question: keep its loaded version until the next one loads (carryOver). */
function rememberPrevious(cache: Cache, slug: string): void {
  const loaded = cache.entries.get(slug)?.loaded;
  if (!loaded) return;
  cache.previous.delete(slug);
  cache.previous.set(slug, loaded);
  if (cache.previous.size > MAX_PREVIOUS) {
    const oldest = cache.previous.keys().next();
    if (!oldest.done) cache.previous.delete(oldest.value);
  }
}

const numbersDigests = new WeakMap<QuestionView, string>();

/**
 * A hash of the view with the polls' notes left out (and the question's, unless `questionNotes`),
 * fed poll by poll: a 10,000-poll question is hashed without first building one string of
 * megabytes, whose garbage dominated the server's time during an import into such questions.
 */
function viewHash(view: QuestionView, questionNotes: boolean): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ ...view, notes: questionNotes ? view.notes : null, polls: view.polls.length }));
  for (const p of view.polls) hash.update(JSON.stringify({ ...p, notes: null }));
  return hash.digest('base64url');
}

/**
 * Everything of a question view except the free-text notes (the question's and each poll's): what
 * the statistical models and the charts built by deriveFromNumbers read. A test builds every such
 * chart from two views that differ only in their notes and requires equal results
 * (tests/integration/chart-carry-over.test.ts), so a chart that starts showing notes fails it.
 */
export function numbersDigest(view: QuestionView): string {
  let digest = numbersDigests.get(view);
  if (digest === undefined) {
    digest = viewHash(view, false);
    numbersDigests.set(view, digest);
  }
  return digest;
}

const pageDigests = new WeakMap<QuestionView, string>();

/**
 * Everything of a question view that the question page shows: the view without the polls' notes,
 * which only the poll's own page shows (the question's notes stay in). The page cache keeps a cached
 * question page through a write whose digest it leaves unchanged (lib/data/question-page-fingerprint.ts);
 * a test requires every chart of the page to be unchanged by poll notes
 * (tests/integration/chart-carry-over.test.ts) and the page's own HTML too (tests/e2e/admin-page-cache.spec.ts).
 */
export function pageDigest(view: QuestionView): string {
  let digest = pageDigests.get(view);
  if (digest === undefined) {
    digest = viewHash(view, true);
    pageDigests.set(view, digest);
  }
  return digest;
}

/**
 * The next version of a question after a write: when the write changed none of the numbers (a
 * note, a correction of a text the charts do not show), it takes over the previous version's model
 * results instead of computing four trend models again. Any other change recomputes them.
 */
function carryOver(cache: Cache, slug: string, view: QuestionView): void {
  const before = cache.previous.get(slug);
  if (!before) return;
  cache.previous.delete(slug);
  const memo = numbers.get(before);
  // A different number of polls (an added or deleted poll, an import) changed the numbers: no need to hash them.
  if (memo && !numbers.has(view) && before.polls.length === view.polls.length && numbersDigest(before) === numbersDigest(view)) {
    numbers.set(view, memo);
    shared.carried += 1;
  }
}

/** Drop what a change touched. Deleting an entry also disowns a load still in flight. */
function invalidateQuestions(cache: Cache, touched: Touched): void {
  if (touched.all || touched.questions === 'all') {
    cache.entries.clear();
    cache.bytes = 0;
    cache.toWarm.clear();
    cache.previous.clear();
    return;
  }
  if (touched.questions.size === 0) return;
  const now = Date.now();
  for (const slug of touched.questions) {
    const entry = cache.entries.get(slug);
    const pending = cache.toWarm.get(slug);
    if (pending) {
      // Still waiting: the burst goes on, and the warm-up will load the state after this change.
      pending.lastChangeAt = now;
    } else if (entry && entry.bytes > 0 && now - entry.readAt < WARM_RECENT_MS && warmers.size > 0 && cache.toWarm.size < MAX_WARM_PENDING) {
      cache.toWarm.set(slug, { readAt: entry.readAt, firstChangeAt: now, lastChangeAt: now });
    }
    rememberPrevious(cache, slug);
    drop(cache, slug);
  }
  scheduleWarm(cache);
}

/** When a pending question is due: after its burst went quiet, or at the latest maxWaitMs after it began. */
function dueAt(pending: PendingWarm): number {
  return Math.min(pending.lastChangeAt + warmTiming.quietMs, pending.firstChangeAt + warmTiming.maxWaitMs);
}

/** Arm the timer for the earliest due question (the subscriber must return at once). */
function scheduleWarm(cache: Cache): void {
  if (cache.warming || cache.toWarm.size === 0 || caches.get(cache.client) !== cache) return;
  let next = Infinity;
  for (const pending of cache.toWarm.values()) next = Math.min(next, dueAt(pending));
  if (cache.timer) clearTimeout(cache.timer);
  cache.timer = setTimeout(
    () => {
      cache.timer = null;
      void warm(cache);
    },
    Math.max(0, next - Date.now()),
  );
  // A pending warm-up must not keep a script (or a test) alive.
  cache.timer.unref?.();
}

/**
 * Reload and recompute the due questions, one at a time (single flight per cache), yielding to the
 * event loop between questions so readers' requests interleave. A reader that arrives meanwhile
 * joins the same load (getQuestionView shares it) and finds the charts memoised; a question a
 * reader already reloaded and computed costs the warm-up nothing (a cache hit, memoised charts).
 */
async function warm(cache: Cache): Promise<void> {
  cache.warming = true;
  try {
    for (;;) {
      const now = Date.now();
      const due = [...cache.toWarm].find(([, pending]) => dueAt(pending) <= now);
      if (!due) break;
      const [slug, pending] = due;
      cache.toWarm.delete(slug);
      if (caches.get(cache.client) !== cache) return;
      try {
        const view = await getQuestionView(slug, { client: cache.client, readAt: pending.readAt });
        if (view) {
          for (const fn of warmers.values()) fn(view);
          shared.warmed += 1;
        }
      } catch (error) {
        // A reader will load it again and see the error itself; the warm-up only saves it time.
        console.error(`question cache: warming ${slug} failed`, error);
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    cache.warming = false;
    // Changes heard while warming (and questions not yet due) wait for their own time.
    scheduleWarm(cache);
  }
}

async function cacheOf(client: DbClient): Promise<Cache | null> {
  const signal = await readySignal(client);
  if (!signal) return null;
  let cache = caches.get(client);
  if (cache && cache.signal !== signal) {
    // The signal was restarted (its database was out of reach): nothing cached before can be trusted.
    cache.unsubscribe();
    if (cache.timer) clearTimeout(cache.timer);
    cache = undefined;
  }
  if (!cache) {
    const fresh: Cache = { signal, unsubscribe: () => {}, entries: new Map(), bytes: 0, client, toWarm: new Map(), warming: false, timer: null, previous: new Map() };
    fresh.unsubscribe = signal.subscribe((change) => invalidateQuestions(fresh, change.touched));
    caches.set(client, fresh);
    cache = fresh;
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
  const cache = caches.get(client);
  return { entries: cache?.entries.size ?? 0, bytes: cache?.bytes ?? 0 };
}

/** The question with all its polls, as of now. */
export async function getQuestionView(slug: string, options: { client?: DbClient; readAt?: number } = {}): Promise<QuestionView | null> {
  if (!isSlug(slug)) return null;
  const client = options.client ?? db;
  const cache = await cacheOf(client);
  if (!cache) return getQuestionBySlug(slug, client);
  const hit = cache.entries.get(slug);
  if (hit) {
    if (options.readAt === undefined) hit.readAt = Date.now();
    cache.entries.delete(slug);
    cache.entries.set(slug, hit);
    return hit.view;
  }
  // A warm-up keeps the time of the last real read, so a question nobody reads stops being warmed.
  const entry: Entry = { view: getQuestionBySlug(slug, client), bytes: 0, readAt: options.readAt ?? Date.now() };
  cache.entries.set(slug, entry);
  try {
    const view = await entry.view;
    // Still ours (not dropped by a change meanwhile): forget a miss, account for a hit.
    if (cache.entries.get(slug) === entry) {
      if (view === null) {
        cache.entries.delete(slug);
      } else {
        entry.loaded = view;
        carryOver(cache, slug, view);
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
 * A question listed (an overview card, a pollster page's list) is not read as its own page: it is
 * not warmed after a write (the warm-up computes the question page's charts). Before, every card of
 * the overview counted as read, so during an import into ten 10,000-poll questions on the overview,
 * each committed part re-fitted every model of all ten in the background.
 */
const LISTED_ONLY = 0;

/**
 * Several questions at once, each from the cache when it holds it; the others are read together in
 * one round of queries (lib/data/questions.ts getQuestionsBySlugs), not one query per question.
 * Returns the views found, in the order of `slugs`. Listing a question does not make it warm after
 * writes (LISTED_ONLY); reading its page does.
 */
export async function getQuestionViews(slugs: readonly string[], options: { client?: DbClient } = {}): Promise<QuestionView[]> {
  const client = options.client ?? db;
  const wanted = [...new Set(slugs.filter(isSlug))];
  const cache = await cacheOf(client);
  if (!cache) {
    const loaded = await getQuestionsBySlugs(wanted, client);
    return wanted.flatMap((slug) => loaded.get(slug) ?? []);
  }
  const missing = wanted.filter((slug) => !cache.entries.has(slug));
  if (missing.length > 0) {
    // One shared load for the misses; each gets its own entry so concurrent single reads join it.
    const batch = getQuestionsBySlugs(missing, client);
    const entries = new Map<string, Entry>();
    for (const slug of missing) {
      const entry: Entry = { view: batch.then((m) => m.get(slug) ?? null), bytes: 0, readAt: LISTED_ONLY };
      entries.set(slug, entry);
      cache.entries.set(slug, entry);
    }
    try {
      await batch;
    } catch (error) {
      for (const [slug, entry] of entries) if (cache.entries.get(slug) === entry) cache.entries.delete(slug);
      throw error;
    }
    for (const [slug, entry] of entries) {
      if (cache.entries.get(slug) !== entry) continue;
      const view = await entry.view;
      if (view === null) cache.entries.delete(slug);
      else {
        entry.loaded = view;
        carryOver(cache, slug, view);
        entry.bytes = estimateBytes(view) + slug.length;
        cache.bytes += entry.bytes;
      }
    }
    evict(cache);
  }
  const views = await Promise.all(wanted.map((slug) => getQuestionView(slug, { client, readAt: LISTED_ONLY })));
  return views.filter((v): v is QuestionView => v !== null);
}

/**
 * Memoise something computed from a cached question view (a chart, a table) under `key`, which
 * must name everything else the result depends on (the parsed view options). A change to the
 * question gives a new QuestionView object, so stale results are unreachable and collected with it.
 */
export function deriveFrom<T>(question: QuestionView, key: string, build: () => T): T {
  return memoIn(derived, question, key, build);
}

/**
 * Like deriveFrom, for results computed from the numbers of a question only (the statistical
 * models and the charts drawn from them): never from the notes. A new version of the question whose
 * numbers did not change (a write that only edited notes) takes these over instead of computing them
 * again (carryOver). What a result shows beyond numbersDigest must use deriveFrom.
 */
export function deriveFromNumbers<T>(question: QuestionView, key: string, build: () => T): T {
  return memoIn(numbers, question, key, build);
}

function memoIn<T>(store: WeakMap<QuestionView, Map<string, unknown>>, question: QuestionView, key: string, build: () => T): T {
  let memo = store.get(question);
  if (!memo) {
    memo = new Map();
    store.set(question, memo);
  }
  if (memo.has(key)) return memo.get(key) as T;
  const value = build();
  shared.computed += 1;
  if (memo.size >= MAX_DERIVED_PER_QUESTION) {
    const first = memo.keys().next();
    if (!first.done) memo.delete(first.value);
  }
  memo.set(key, value);
  return value;
}

/** Whether `key` is already computed for this question view (tests: a warm-up did it, not the test). */
export function isDerived(question: QuestionView, key: string): boolean {
  return (derived.get(question)?.has(key) ?? false) || (numbers.get(question)?.has(key) ?? false);
}

/**
 * `build(question, view)` memoised per question view and per `view` (compared as JSON). `name`
 * tells builders apart: function names do not survive minification.
 */
export function memoChart<V, T>(question: QuestionView, name: string, build: (question: QuestionView, view: V) => T, view: V): T {
  return deriveFrom(question, `${name}:${JSON.stringify(view)}`, () => build(question, view));
}

/** memoChart for a chart computed from the question's numbers only (see deriveFromNumbers). */
export function memoNumbersChart<V, T>(question: QuestionView, name: string, build: (question: QuestionView, view: V) => T, view: V): T {
  return deriveFromNumbers(question, `${name}:${JSON.stringify(view)}`, () => build(question, view));
}
