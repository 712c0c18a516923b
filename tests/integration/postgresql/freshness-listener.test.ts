import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getQuestionView } from '@/lib/data/question-cache';
import { getSignal, LISTENER_NAME, readySignal, SETTLE_MS, type Change } from '@/lib/freshness/signal';
import { hasKey } from '@/lib/freshness/touched';
import { versionedUpdate } from '@/lib/writes/versioned-update';
import { createTempDatabase, type TempDatabase } from '../../support/temp-db';
import { testingOnPostgres } from '../../support/postgres';

/**
 * The PostgreSQL listener losing its connection (a restart, a failover, an idle timeout in a
 * proxy): while it is down the caches must not serve from memory, and once it is back it says
 * "everything changed" and hears new writes again.
 */
let t: TempDatabase;

beforeAll(async () => {
  if (!testingOnPostgres()) return;
  t = await createTempDatabase('pollboard-listener-', { seeded: true });
}, 60_000);
afterAll(async () => {
  await t?.cleanup();
});

describe.runIf(testingOnPostgres())('the freshness listener on PostgreSQL', () => {
  it('steps aside while its connection is gone, then reconnects and delivers “everything changed”', async () => {
    const signal = getSignal(t.db);
    await signal.ready;
    expect(signal.healthy).toBe(true);
    const cached = await getQuestionView('putin-approval', { client: t.db });
    expect(await getQuestionView('putin-approval', { client: t.db })).toBe(cached);

    const changes: Change[] = [];
    const stop = signal.subscribe((c) => changes.push(c));
    const killed = await t.db.$queryRawUnsafe<{ ok: boolean }[]>(
      `SELECT pg_terminate_backend("pid") AS "ok" FROM pg_stat_activity WHERE "application_name" = '${LISTENER_NAME}' AND "datname" = current_database()`,
    );
    expect(killed.length).toBe(1);
    // Down: no cached view is served (each read goes to the database, a new object each time).
    await expect.poll(() => signal.healthy).toBe(false);
    if (!signal.healthy) expect(await getQuestionView('putin-approval', { client: t.db })).not.toBe(cached);

    // Back: healthy again, after telling every subscriber that anything may have changed.
    await expect.poll(() => signal.healthy, { timeout: 15_000 }).toBe(true);
    expect(changes.filter((c) => c.touched.all).length).toBeGreaterThanOrEqual(2);

    // And it hears writes again.
    const poll = await t.db.poll.findFirstOrThrow({ where: { externalKey: { startsWith: 'seed:kuril' } }, select: { id: true, version: true } });
    await versionedUpdate(t.db, { entity: 'Poll', id: poll.id, expectedVersion: poll.version, userId: null, data: { notes: 'after the reconnect' } });
    await expect.poll(() => changes.some((c) => !c.touched.all && hasKey(c.touched.polls, poll.id))).toBe(true);
    stop();
  });
});

describe.runIf(testingOnPostgres())('a change the listener has been told of but not yet read', () => {
  it('holds readers back until it is read, and lets them past uncached once that takes longer than SETTLE_MS', async () => {
    const signal = getSignal(t.db);
    await signal.ready;
    expect(await readySignal(t.db)).toBe(signal);
    const before = await getQuestionView('kuril-transfer', { client: t.db });
    expect(await getQuestionView('kuril-transfer', { client: t.db })).toBe(before);

    const edit = new pg.Client({ connectionString: t.url });
    const lock = new pg.Client({ connectionString: t.url });
    const watch = new pg.Client({ connectionString: t.url });
    await Promise.all([edit.connect(), lock.connect(), watch.connect()]);
    try {
      // A hand edit whose ChangeLog row the listener cannot read yet: a second session waits for an
      // exclusive lock on ChangeLog behind the edit's transaction, and is granted it as the edit
      // commits, before PostgreSQL signals the listeners. The listener's read then waits on the lock.
      await edit.query('BEGIN');
      await edit.query(`UPDATE "Question" SET "title" = 'Kuril (locked)', "version" = "version" + 1 WHERE "slug" = 'kuril-transfer'`);
      await lock.query('BEGIN');
      const locked = lock.query('LOCK TABLE "ChangeLog" IN ACCESS EXCLUSIVE MODE');
      await expect
        .poll(async () => (await watch.query(`SELECT COUNT(*)::int AS n FROM pg_locks WHERE NOT granted AND relation = '"ChangeLog"'::regclass`)).rows[0]?.n)
        .toBe(1);
      await edit.query('COMMIT');
      await locked;
      await expect
        .poll(
          async () =>
            (
              await watch.query(
                `SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE application_name = '${LISTENER_NAME}' AND datname = current_database() AND wait_event_type = 'Lock'`,
              )
            ).rows[0]?.n,
        )
        .toBe(1);
      expect(signal.settling()).not.toBeNull();
      // Told, not read: readers wait SETTLE_MS, then go past the caches to the database.
      const started = performance.now();
      expect(await readySignal(t.db)).toBeNull();
      expect(performance.now() - started).toBeGreaterThanOrEqual(SETTLE_MS - 5);
      expect((await getQuestionView('kuril-transfer', { client: t.db }))?.title).toBe('Kuril (locked)');
      await lock.query('COMMIT');
      // Read: the caches are back, without the old version.
      expect(await readySignal(t.db)).toBe(signal);
      expect(signal.settling()).toBeNull();
      expect((await getQuestionView('kuril-transfer', { client: t.db }))?.title).toBe('Kuril (locked)');
    } finally {
      await Promise.all([edit.end(), lock.end(), watch.end()]);
    }
  });
});
