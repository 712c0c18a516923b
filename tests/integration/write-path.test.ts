import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDbClient } from '@/lib/db';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { getSignal, readySignal, stopSignal, type Change } from '@/lib/freshness/signal';
import { fromChangeLogColumns, hasKey, type Touched } from '@/lib/freshness/touched';
import { versionedUpdate } from '@/lib/writes/versioned-update';
import { runWrite } from '@/lib/writes/write';
import { createTempDatabase, type TempDatabase } from '../support/temp-db';
import { copySeededSqliteFile, createMigratedSqliteFile } from '../support/sqlite-template';
import { seedDemo } from '@/lib/seed/demo';

/**
 * The write path's contract on a real database: one ChangeLog row per write naming what it touched,
 * no data write without an audit row, hand-edited SQL caught by the triggers, and the freshness
 * signal delivering both to a listener (as another app server's would).
 */

let t: TempDatabase;
let other: PrismaClient;
let kurilPollId: number;

beforeAll(async () => {
  t = await createTempDatabase('pollboard-write-path-', { seeded: true });
  // A second client over the same database plays the other app server.
  other = createDbClient(t.url);
  const poll = await t.db.poll.findFirstOrThrow({ where: { externalKey: { startsWith: 'seed:kuril' } }, orderBy: { id: 'asc' }, select: { id: true } });
  kurilPollId = poll.id;
});
afterAll(async () => {
  stopSignal(t.db);
  await other.$disconnect();
  await t.cleanup();
});

async function lastChange(): Promise<Touched & { source: string; id: number }> {
  const row = await t.db.changeLog.findFirstOrThrow({ orderBy: { id: 'desc' } });
  return { ...fromChangeLogColumns(row), source: row.source, id: row.id };
}

/** The next change the signal delivers that satisfies `match` (rejects after 5 s). */
function nextChange(client: PrismaClient, match: (c: Change) => boolean): Promise<Change> {
  const signal = getSignal(client);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error('no matching change within 5 s'));
    }, 5_000);
    const stop = signal.subscribe((c) => {
      if (!match(c)) return;
      clearTimeout(timer);
      stop();
      resolve(c);
    });
  });
}

describe('the write path records what each write touched', () => {
  it('the seed is one write: one ChangeLog row naming every question, pollster, poll and indicator it wrote', async () => {
    const rows = await t.db.changeLog.findMany();
    expect(rows).toHaveLength(1);
    const seed = fromChangeLogColumns(rows[0] ?? { touchesAll: false, questions: null, polls: null, pollsters: null, indicators: null });
    expect(rows[0]?.source).toBe('seed');
    // What the seed wrote, read back from the tables themselves.
    const questions = (await t.db.question.findMany({ select: { slug: true } })).map((q) => q.slug).sort();
    const pollsters = (await t.db.pollster.findMany({ select: { slug: true } })).map((p) => p.slug).sort();
    expect(questions).toEqual(expect.arrayContaining(['kuril-transfer', 'kuril-transfer-residents', 'putin-approval', 'trump-impeach']));
    expect(seed.questions === 'all' ? 'all' : [...seed.questions].sort()).toEqual(questions);
    expect(seed.pollsters === 'all' ? 'all' : [...seed.pollsters].sort()).toEqual(pollsters);
    expect(seed.polls === 'all' ? 'all' : seed.polls.size).toBe(await t.db.poll.count());
    expect(seed.indicators === 'all' ? 'all' : [...seed.indicators].sort()).toEqual(['russia-japan-trade', 'russia-japan-trade-jpy']);
  });

  it('an edit of one Kuril poll touches that poll, its question and its pollster — not the Putin question', async () => {
    const before = await t.db.poll.findUniqueOrThrow({ where: { id: kurilPollId }, select: { version: true, pollster: { select: { slug: true } } } });
    const result = await versionedUpdate(t.db, { entity: 'Poll', id: kurilPollId, expectedVersion: before.version, userId: null, data: { notes: 'checked' } });
    expect(result.ok).toBe(true);
    const change = await lastChange();
    expect(change.all).toBe(false);
    expect(change.polls === 'all' ? 'all' : [...change.polls]).toEqual([kurilPollId]);
    expect(hasKey(change.questions, 'kuril-transfer')).toBe(true);
    expect(hasKey(change.questions, 'putin-approval')).toBe(false);
    expect(change.pollsters === 'all' ? 'all' : [...change.pollsters]).toEqual([before.pollster.slug]);
    expect(change.indicators === 'all' ? 'all' : change.indicators.size).toBe(0);
  });

  it('a conflicting save writes nothing: no audit row, no ChangeLog row', async () => {
    const [changes, audits] = [await t.db.changeLog.count(), await t.db.auditEvent.count()];
    const result = await versionedUpdate(t.db, { entity: 'Poll', id: kurilPollId, expectedVersion: 1, userId: null, data: { notes: 'stale' } });
    expect(result.ok).toBe(false);
    expect(await t.db.changeLog.count()).toBe(changes);
    expect(await t.db.auditEvent.count()).toBe(audits);
  });

  it('refuses a data write without an audit row, and rolls it back', async () => {
    await expect(
      runWrite(t.db, { actor: null, source: 'script' }, async (w) => {
        await w.tx.pollster.create({ data: { slug: 'unaudited', name: 'Unaudited' } });
        w.touch.pollsters('unaudited');
      }),
    ).rejects.toThrow(/without an audit row/);
    expect(await t.db.pollster.count({ where: { slug: 'unaudited' } })).toBe(0);
  });

  it('a renamed pollster touches every question and poll page (its name shows on them)', async () => {
    const p = await t.db.pollster.findUniqueOrThrow({ where: { slug: 'vciom-foundation' } });
    const result = await versionedUpdate(t.db, {
      entity: 'Pollster',
      id: p.id,
      expectedVersion: p.version,
      userId: null,
      data: { name: 'VCIOM Foundation (renamed)' },
    });
    expect(result.ok).toBe(true);
    const change = await lastChange();
    expect(change.questions).toBe('all');
    expect(change.polls).toBe('all');
    expect(change.pollsters === 'all' ? 'all' : [...change.pollsters]).toEqual(['vciom-foundation']);
    expect(change.indicators === 'all' ? 'all' : change.indicators.size).toBe(0);
  });
});

describe('SQL edited by hand is caught by the database triggers', () => {
  it('an UPDATE outside lib/writes moves the signal; an app write does not count as one', async () => {
    const handEdits = async () =>
      t.provider === 'sqlite'
        ? (await t.db.changeControl.findUniqueOrThrow({ where: { id: 1 } })).sqlEdits
        : t.db.changeLog.count({ where: { source: 'sql' } });
    const before = await handEdits();
    const p = await t.db.poll.findUniqueOrThrow({ where: { id: kurilPollId }, select: { version: true } });
    await versionedUpdate(t.db, { entity: 'Poll', id: kurilPollId, expectedVersion: p.version, userId: null, data: { notes: 'through the app' } });
    expect(await handEdits()).toBe(before);
    await t.db.$executeRawUnsafe(`UPDATE "Poll" SET "notes" = 'by hand' WHERE "id" = ${kurilPollId}`); // write-path: hand edit on purpose
    expect(await handEdits()).toBe(before + 1);
  });
});

describe('the freshness signal', () => {
  it('delivers another server’s write with what it touched, and a hand edit as “everything”', async () => {
    const signal = getSignal(t.db);
    await signal.ready;
    expect(signal.healthy).toBe(true);
    const tokenBefore = signal.version('polls').token;
    const indicatorsBefore = signal.version('indicators').token;

    const seen = nextChange(t.db, (c) => hasKey(c.touched.polls, kurilPollId) && !c.touched.all);
    const p = await other.poll.findUniqueOrThrow({ where: { id: kurilPollId }, select: { version: true } });
    await versionedUpdate(other, { entity: 'Poll', id: kurilPollId, expectedVersion: p.version, userId: null, data: { notes: 'from server B' } });
    const change = await seen;
    expect(hasKey(change.touched.questions, 'kuril-transfer')).toBe(true);
    expect(hasKey(change.touched.questions, 'putin-approval')).toBe(false);
    // The polls data version moved; the indicators one did not (a poll edit leaves their ETags alone).
    expect(signal.version('polls').token).not.toBe(tokenBefore);
    expect(signal.version('indicators').token).toBe(indicatorsBefore);

    const everything = nextChange(t.db, (c) => c.touched.all);
    await other.$executeRawUnsafe(`UPDATE "Observation" SET "notes" = 'by hand' WHERE "id" = 1`); // write-path: hand edit on purpose
    await everything;
    expect(signal.version('indicators').token).not.toBe(indicatorsBefore);
  });

  it('on a file in the rollback journal, a writer’s lock makes caches step aside, never stops the watch nor blocks', async () => {
    // A SQLite file whatever the project's provider: the lock is SQLite's.
    const dir = mkdtempSync(path.join(tmpdir(), 'pollboard-signal-busy-'));
    const file = path.join(dir, 'busy.db');
    if (!copySeededSqliteFile(file)) {
      await createMigratedSqliteFile(file);
      const seeding = createDbClient(`file:${file}`);
      await seedDemo(seeding);
      stopSignal(seeding);
      await seeding.$disconnect();
    }
    const separate = { db: createDbClient(`file:${file}`) };
    const conn = new Database(file);
    try {
      conn.pragma('journal_mode = DELETE');
      const signal = getSignal(separate.db);
      await signal.ready;
      expect(await readySignal(separate.db)).toBe(signal);
      // Another process mid-commit: it holds the lock every reader of this file needs.
      conn.exec('BEGIN EXCLUSIVE');
      conn.prepare(`UPDATE "Question" SET "notes" = 'locked write' WHERE "slug" = 'kuril-transfer'`).run();
      const t0 = performance.now();
      await expect.poll(() => signal.healthy, { timeout: 2_000, interval: 10 }).toBe(false);
      // The poll gave up at once instead of waiting out a busy timeout on the page-serving thread.
      expect(performance.now() - t0).toBeLessThan(1_500);
      expect(await readySignal(separate.db)).toBeNull();
      const seen = nextChange(separate.db, (c) => c.touched.all);
      conn.exec('COMMIT');
      // Still watching: the hand edit is read once the lock is gone, then caches may serve again.
      await seen;
      await expect.poll(() => signal.healthy, { timeout: 2_000, interval: 10 }).toBe(true);
      expect(await readySignal(separate.db)).toBe(signal);
    } finally {
      if (conn.inTransaction) conn.exec('ROLLBACK');
      conn.close();
      stopSignal(separate.db);
      await separate.db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
