import Database from 'better-sqlite3';
import pg from 'pg';
import { databaseOf } from '@/lib/db';
import type { ResolvedDatabaseUrl } from '@/lib/db/url';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { EVERYTHING_TOUCHED, fromChangeLogColumns, mergeTouched, touchesIndicators, touchesPolls, type Touched } from '@/lib/freshness/touched';

/**
 * The one freshness signal: every app server learns of every committed write, and of what it
 * touched, without a database round trip per request.
 *
 * - Writes through lib/writes add a ChangeLog row in their transaction; database triggers add one
 *   (PostgreSQL) or count one (SQLite, ChangeControl.sqlEdits) for SQL edited by hand.
 * - PostgreSQL: a dedicated connection LISTENs on `pollboard_changes`; a trigger on ChangeLog sends
 *   each new row's id with pg_notify at commit. The listener reads the rows it is told about; until
 *   a read is answered, readers wait for it (`settling`, at most SETTLE_MS), so a request that a
 *   busy server reads after the NOTIFY is never answered from what that change made stale.
 * - SQLite: a dedicated better-sqlite3 connection polls `PRAGMA data_version` every POLL_MS (it
 *   changes when another connection commits; a few microseconds per poll) and reads the new
 *   ChangeLog rows and the hand-edit counter when it does.
 *
 * Caches (lib/data/question-cache.ts, lib/http/page-cache.ts) and the live-update stream
 * (/api/v1/events) subscribe and drop only what a change touched. The data version used for ETags
 * (lib/http/cache.ts) is read from here too, so the three checks that used to differ are one.
 *
 * One signal per database URL and process, kept on globalThis: Next bundles proxy.ts apart from the
 * routes, and both must share one listener. A signal starts on first use by a reader (`getSignal`);
 * scripts that only write never open a listener.
 *
 * While a listener is down (PostgreSQL connection lost) the signal is not `healthy` and caches must
 * not serve from memory; when it is back it delivers "everything changed".
 */

/** How often SQLite's data_version is polled. */
export const POLL_MS = 5;
/**
 * PostgreSQL: how long a request waits for the listener to read changes it has been told of
 * (one indexed query, normally under a millisecond). Past this, caches step aside for that request.
 */
export const SETTLE_MS = 250;
/** Recent changes kept for `touchedSince` (a render that began before them must not be cached). */
const RECENT = 512;
const CHANNEL = 'pollboard_changes';
/** application_name of the PostgreSQL listener connection. */
export const LISTENER_NAME = 'pollboard-freshness';

export interface Change {
  /** Local, per-process sequence number (1, 2, …) of the change. */
  seq: number;
  touched: Touched;
  at: Date;
}

export interface ScopeVersion {
  /** Opaque, changes whenever data of the scope changes; equal on servers that saw the same changes. */
  token: string;
  lastModified: Date | null;
}

export type Scope = 'polls' | 'indicators' | 'all';

type ChangeRow = {
  id: number | bigint;
  createdAt: Date | string | number;
  touchesAll: boolean | number;
  questions: string | null;
  polls: string | null;
  pollsters: string | null;
  indicators: string | null;
};

interface ScopeState {
  id: number;
  late: number;
  at: Date | null;
}

/** The latest change per scope when a listener starts (ids and times, for ETags and Last-Modified). */
const SCOPE_MAX_SQL = `SELECT MAX(CASE WHEN "touchesAll" OR "questions" IS NOT NULL OR "polls" IS NOT NULL OR "pollsters" IS NOT NULL THEN "id" END) AS "polls",
       MAX(CASE WHEN "touchesAll" OR "indicators" IS NOT NULL THEN "id" END) AS "indicators", MAX("id") AS "last" FROM "ChangeLog"`;

function parseCreatedAt(value: Date | string | number | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  // SQLite keeps what wrote it: Prisma's ISO text or milliseconds, or CURRENT_TIMESTAMP's "YYYY-MM-DD HH:MM:SS" (UTC).
  const at = value instanceof Date ? value : new Date(typeof value === 'string' && !value.includes('T') ? `${value.replace(' ', 'T')}Z` : value);
  return Number.isNaN(at.getTime()) ? null : at;
}

export class FreshnessSignal {
  readonly ready: Promise<void>;
  healthy = false;
  seq = 0;
  private readonly listeners = new Set<(change: Change) => void>();
  private readonly recent: Change[] = [];
  private readonly scopes: Record<'polls' | 'indicators', ScopeState> = { polls: { id: 0, late: 0, at: null }, indicators: { id: 0, late: 0, at: null } };
  private sqlEdits = 0;
  private closed = false;
  private sqlite: { conn: Database.Database; dataVersion: number; timer: NodeJS.Timeout; lastId: number } | null = null;
  private pgClient: pg.Client | null = null;
  private pgQueue: Promise<void> = Promise.resolve();
  /** Reads of notified (or, after a local write, possible) changes queued on the listener and not yet delivered. */
  private pgPending = 0;

  constructor(private readonly database: ResolvedDatabaseUrl) {
    this.ready = this.start();
  }

  /** Call `fn` for every change from now on; returns the unsubscribe function. */
  subscribe(fn: (change: Change) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * Everything changed since local sequence number `seq`, or EVERYTHING when that is too long ago
   * to know. A cache that started building at `seq` stores its result only if this does not touch it.
   */
  touchedSince(seq: number): Touched | null {
    if (seq === this.seq) return null;
    const oldest = this.recent[0];
    if (!oldest || oldest.seq > seq + 1) return EVERYTHING_TOUCHED;
    let touched: Touched | null = null;
    for (const c of this.recent) if (c.seq > seq) touched = touched ? mergeTouched(touched, c.touched) : c.touched;
    return touched;
  }

  version(scope: Scope): ScopeVersion {
    const parts = (s: ScopeState) => `${s.id}.${s.late}`;
    const edits = this.database.provider === 'sqlite' ? `.s${this.sqlEdits}` : '';
    const polls = this.scopes.polls;
    const indicators = this.scopes.indicators;
    const later = (a: Date | null, b: Date | null) => (!a ? b : !b ? a : a.getTime() > b.getTime() ? a : b);
    if (scope === 'polls') return { token: `p${parts(polls)}${edits}`, lastModified: polls.at };
    if (scope === 'indicators') return { token: `i${parts(indicators)}${edits}`, lastModified: indicators.at };
    return { token: `a${parts(polls)}-${parts(indicators)}${edits}`, lastModified: later(polls.at, indicators.at) };
  }

  /**
   * SQLite: look at data_version now rather than at the next tick (an in-process read of the WAL
   * index, microseconds), so a request that follows a commit by another process never misses it.
   * PostgreSQL: nothing to do, the notification is pushed.
   */
  freshen(): void {
    if (this.sqlite) this.pollSqlite();
  }

  /**
   * PostgreSQL: the reads of changes this process has been told of but not yet delivered, or null
   * when there are none. A NOTIFY carries only the ChangeLog id, so between its arrival and the
   * answer of the query for that row the caches would still serve what the change made stale. A
   * request that arrives in that window (in practice: the server's event loop was busy while a
   * write committed and the request came in, and both wait in its sockets, the NOTIFY first)
   * waits for the reads queued so far, not for ones heard after it arrived.
   */
  settling(): Promise<void> | null {
    return this.pgPending > 0 ? this.pgQueue : null;
  }

  /** Read new changes now (after this process committed a write): its next request sees it. */
  async sync(): Promise<void> {
    if (this.closed) return;
    if (this.sqlite) this.pollSqlite();
    else if (this.pgClient) await this.readPostgres(null);
  }

  close(): void {
    this.closed = true;
    this.healthy = false;
    if (this.sqlite) {
      clearInterval(this.sqlite.timer);
      this.sqlite.conn.close();
      this.sqlite = null;
    }
    if (this.pgClient) {
      void this.pgClient.end().catch(() => {});
      this.pgClient = null;
    }
  }

  private deliver(touched: Touched, at: Date, id: number | null): void {
    if (id !== null) {
      for (const [name, hit] of [
        ['polls', touchesPolls(touched)],
        ['indicators', touchesIndicators(touched)],
      ] as const) {
        if (!hit) continue;
        const s = this.scopes[name];
        // PostgreSQL may commit a lower id after a higher one: count it so the token still moves.
        if (id > s.id) s.id = id;
        else s.late += 1;
        if (!s.at || at.getTime() > s.at.getTime()) s.at = at;
      }
    } else {
      for (const s of Object.values(this.scopes)) {
        s.late += 1;
        s.at = at;
      }
    }
    this.seq += 1;
    const change: Change = { seq: this.seq, touched, at };
    this.recent.push(change);
    if (this.recent.length > RECENT) this.recent.shift();
    for (const fn of this.listeners) {
      try {
        fn(change);
      } catch (error) {
        console.error('freshness: a subscriber failed', error);
      }
    }
  }

  private fromRow(row: ChangeRow): void {
    this.deliver(fromChangeLogColumns(row), parseCreatedAt(row.createdAt) ?? new Date(), Number(row.id));
  }

  private startFrom(max: { polls: number | null; indicators: number | null }, createdAt: (id: number) => Date | null): void {
    for (const name of ['polls', 'indicators'] as const) {
      const id = max[name] ?? 0;
      const s = this.scopes[name];
      if (id > s.id) {
        s.id = id;
        s.at = createdAt(id);
      }
    }
  }

  private async start(): Promise<void> {
    if (this.database.provider === 'sqlite') this.startSqlite(this.database.filePath);
    else await this.startPostgres(this.database.url);
  }

  // ── SQLite ──────────────────────────────────────────────────────────────

  private startSqlite(filePath: string): void {
    if (filePath === ':memory:') return; // another connection cannot see it: never healthy, caches step aside
    // timeout 0: a poll that meets a writer's lock gives up at once (see pollSqlite) instead of
    // holding the page-serving thread for SQLite's busy timeout.
    const conn = new Database(filePath, { fileMustExist: true, timeout: 0 });
    const max = conn.prepare(SCOPE_MAX_SQL).get() as { polls: number | null; indicators: number | null; last: number | null };
    const createdAt = conn.prepare(`SELECT "createdAt" FROM "ChangeLog" WHERE "id" = ?`);
    this.startFrom(max, (id) => parseCreatedAt((createdAt.get(id) as { createdAt: string | number } | undefined)?.createdAt));
    this.sqlEdits = (conn.prepare(`SELECT "sqlEdits" FROM "ChangeControl" WHERE "id" = 1`).get() as { sqlEdits: number } | undefined)?.sqlEdits ?? 0;
    const timer = setInterval(() => this.pollSqlite(), POLL_MS);
    timer.unref();
    this.sqlite = { conn, dataVersion: conn.pragma('data_version', { simple: true }) as number, timer, lastId: max.last ?? 0 };
    this.healthy = true;
  }

  private pollSqlite(): void {
    const s = this.sqlite;
    if (!s) return;
    try {
      const dataVersion = s.conn.pragma('data_version', { simple: true }) as number;
      if (dataVersion === s.dataVersion) {
        this.healthy = true;
        return;
      }
      // SQLite has one writer at a time, so ChangeLog ids arrive in commit order: `id > last` misses nothing.
      const rows = s.conn.prepare(`SELECT * FROM "ChangeLog" WHERE "id" > ? ORDER BY "id"`).all(s.lastId) as ChangeRow[];
      const edits =
        (s.conn.prepare(`SELECT "sqlEdits" FROM "ChangeControl" WHERE "id" = 1`).get() as { sqlEdits: number } | undefined)?.sqlEdits ?? this.sqlEdits;
      // Recorded only once read: a tick that could not read the change reads it on the next one.
      s.dataVersion = dataVersion;
      for (const row of rows) {
        s.lastId = Number(row.id);
        this.fromRow(row);
      }
      if (edits !== this.sqlEdits) {
        this.sqlEdits = edits;
        this.deliver(EVERYTHING_TOUCHED, new Date(), null);
      }
      this.healthy = true;
    } catch (error) {
      if (isBusy(error)) {
        // A writer holds the file's lock (a file in the rollback journal: migrations set WAL,
        // lib/migrations/deploy.ts). Not a reason to stop watching: caches step aside (not healthy)
        // until a later tick has read what changed, and this tick never waits for the lock.
        this.healthy = false;
        return;
      }
      // The file went away (a test's temp database) or is unreadable: stop, and let caches step aside.
      console.error(`freshness: stopped watching ${this.database.url}: ${error instanceof Error ? error.message : String(error)}`);
      this.close();
    }
  }

  // ── PostgreSQL ──────────────────────────────────────────────────────────

  private async startPostgres(url: string): Promise<void> {
    // Named, so an operator sees it in pg_stat_activity (one per app server process).
    const client = new pg.Client({ connectionString: url, application_name: LISTENER_NAME });
    client.on('notification', (message) => {
      // Synchronously, in the socket's callback: from now on `settling()` makes requests wait for this read.
      const id = Number(message.payload);
      void this.readPostgres(Number.isSafeInteger(id) ? id : null);
    });
    client.on('error', (error) => this.lostPostgres(client, error));
    client.on('end', () => this.lostPostgres(client, new Error('connection ended')));
    await client.connect();
    this.pgClient = client;
    // On the same queue as the notifications' reads: one query at a time on this connection, and a
    // notification that arrives while the listener starts is read after the start, not lost.
    const started = this.pgQueue.then(async () => {
      await client.query(`LISTEN ${CHANNEL}`);
      const max = (await client.query<{ polls: number | null; indicators: number | null; last: number | null }>(SCOPE_MAX_SQL)).rows[0] ?? {
        polls: null,
        indicators: null,
        last: null,
      };
      if (this.pgBaseline === 0) this.pgBaseline = max.last ?? 0;
      const ids = [max.polls, max.indicators].filter((id): id is number => id !== null);
      const times = new Map(
        (await client.query<{ id: number; createdAt: Date }>(`SELECT "id", "createdAt" FROM "ChangeLog" WHERE "id" = ANY($1)`, [ids])).rows.map((r) => [
          r.id,
          r.createdAt,
        ]),
      );
      this.startFrom(max, (id) => parseCreatedAt(times.get(id)));
    });
    this.pgQueue = started.catch(() => {});
    await started;
    this.healthy = true;
  }

  private seenPostgres = new Set<number>();
  /** The largest ChangeLog id when the listener started: older rows were never ours to deliver. */
  private pgBaseline = 0;

  /** Read one notified change (by id), or — with null — any not yet seen among the latest. */
  private readPostgres(id: number | null): Promise<void> {
    const client = this.pgClient;
    if (!client) return Promise.resolve();
    this.pgPending += 1;
    this.pgQueue = this.pgQueue
      .then(async () => {
        if (id !== null && this.seenPostgres.has(id)) return;
        // Ids are not assigned in commit order on PostgreSQL, so a write's own id is asked for by its
        // notification; `sync` (after a local commit) looks at the latest few for any not yet seen.
        const result =
          id !== null
            ? await client.query<ChangeRow>(`SELECT * FROM "ChangeLog" WHERE "id" = $1`, [id])
            : await client.query<ChangeRow>(`SELECT * FROM "ChangeLog" ORDER BY "id" DESC LIMIT 16`);
        for (const row of [...result.rows].reverse()) {
          const rowId = Number(row.id);
          if (this.seenPostgres.has(rowId) || (id === null && rowId <= this.pgBaseline)) continue;
          this.seenPostgres.add(rowId);
          if (this.seenPostgres.size > 4 * RECENT) this.seenPostgres.delete(this.seenPostgres.values().next().value as number);
          this.fromRow(row);
        }
      })
      .catch((error: unknown) => {
        if (this.closed) return;
        console.error('freshness: reading a change failed', error);
        this.deliver(EVERYTHING_TOUCHED, new Date(), null);
      })
      .finally(() => {
        this.pgPending -= 1;
      });
    return this.pgQueue;
  }

  private lostPostgres(client: pg.Client, error: Error): void {
    if (this.pgClient !== client || this.closed) return;
    console.error(`freshness: lost the PostgreSQL listener (${error.message}); caches step aside until it is back`);
    this.pgClient = null;
    this.healthy = false;
    this.deliver(EVERYTHING_TOUCHED, new Date(), null);
    const retry = () => {
      if (this.closed) return;
      this.startPostgres(this.database.url)
        .then(() => this.deliver(EVERYTHING_TOUCHED, new Date(), null))
        .catch(() => setTimeout(retry, 1_000).unref());
    };
    setTimeout(retry, 250).unref();
  }
}

const globalSignals = globalThis as unknown as { pollboardSignals?: Map<string, FreshnessSignal> };

function signals(): Map<string, FreshnessSignal> {
  globalSignals.pollboardSignals ??= new Map();
  return globalSignals.pollboardSignals;
}

/** The signal of the client's database, started on first use (await `.ready` before trusting it). */
export function getSignal(client: PrismaClient): FreshnessSignal {
  const database = databaseOf(client);
  const all = signals();
  let signal = all.get(database.url);
  if (!signal) {
    signal = new FreshnessSignal(database);
    all.set(database.url, signal);
    // A failed start (database unreachable) is retried by the next reader.
    signal.ready.catch((error: unknown) => {
      console.error(`freshness: cannot watch ${database.url}: ${error instanceof Error ? error.message : String(error)}`);
      if (all.get(database.url) === signal) all.delete(database.url);
    });
  }
  return signal;
}

/** The started, healthy signal, or null (then a cache must read from the database). */
export async function readySignal(client: PrismaClient): Promise<FreshnessSignal | null> {
  const signal = getSignal(client);
  try {
    await signal.ready;
  } catch {
    return null;
  }
  if (!signal.healthy) return null;
  signal.freshen();
  const settling = signal.settling();
  if (settling && !(await settledWithin(settling, SETTLE_MS))) return null;
  return signal.healthy ? signal : null;
}

/** True when `promise` settles within `ms`; the timer does not keep the process alive. */
async function settledWithin(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
    timer.unref();
  });
  try {
    return await Promise.race([promise.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** After a commit by this process: let its readers see the write at once. No-op without a signal. */
export async function announceLocalWrite(client: PrismaClient): Promise<void> {
  const signal = signals().get(databaseOf(client).url);
  if (!signal) return;
  try {
    await signal.ready;
    await signal.sync();
  } catch {
    // The listener reports its own failures; the write itself has committed.
  }
}

/** Stop watching a database (tests, before deleting their temp database). */
export function stopSignal(client: PrismaClient): void {
  const url = databaseOf(client).url;
  signals().get(url)?.close();
  signals().delete(url);
}

/** SQLITE_BUSY (and its extended codes): another connection holds the lock this read needs. */
function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}
