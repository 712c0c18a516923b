import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getQuestionView } from '@/lib/data/question-cache';
import { getSignal, LISTENER_NAME, type Change } from '@/lib/freshness/signal';
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
