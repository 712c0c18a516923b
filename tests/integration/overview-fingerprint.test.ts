import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overviewFingerprint } from '@/lib/data/overview-fingerprint';
import { versionedUpdate } from '@/lib/writes/versioned-update';
import { createTempDatabase, type TempDatabase } from '../support/temp-db';

/**
 * The overview's fingerprint (lib/data/overview-fingerprint.ts): the page cache keeps a cached
 * overview through a write only while this stays the same, so it must move whenever the lists the
 * overview shows move, and stay put for an edit they do not show.
 */
let temp: TempDatabase;

beforeAll(async () => {
  temp = await createTempDatabase('pollboard-overview-fp-', { seeded: true });
}, 60_000);

afterAll(async () => {
  await temp.cleanup();
});

async function editPoll(id: number, data: { notes?: string; fieldEnd?: Date }): Promise<void> {
  const poll = await temp.db.poll.findUniqueOrThrow({ where: { id }, select: { version: true } });
  const result = await versionedUpdate(temp.db, { entity: 'Poll', id, expectedVersion: poll.version, userId: null, data });
  expect(result.ok).toBe(true);
}

describe('overviewFingerprint', () => {
  it('stays the same for an edit the overview does not show, and moves when a poll becomes the latest', async () => {
    const before = await overviewFingerprint('/', temp.db);
    expect(before.shown.size).toBeGreaterThan(0);
    expect(before.shown.has('kuril-transfer')).toBe(true);
    const oldest = await temp.db.poll.findFirstOrThrow({ orderBy: [{ fieldEnd: 'asc' }, { id: 'asc' }], select: { id: true } });
    await editPoll(oldest.id, { notes: 'a correction of the notes only' });
    expect((await overviewFingerprint('/', temp.db)).fingerprint).toBe(before.fingerprint);
    // Re-dated to the newest: it joins the latest polls list.
    const newest = await temp.db.poll.findFirstOrThrow({ orderBy: [{ fieldEnd: 'desc' }], select: { fieldEnd: true } });
    await editPoll(oldest.id, { fieldEnd: new Date((newest.fieldEnd ?? new Date()).getTime() + 86_400_000) });
    expect((await overviewFingerprint('/', temp.db)).fingerprint).not.toBe(before.fingerprint);
  });

  it('is per view: another page or filter has its own', async () => {
    const all = await overviewFingerprint('/', temp.db);
    const filtered = await overviewFingerprint('/?q=kuril', temp.db);
    expect(filtered.fingerprint).not.toBe(all.fingerprint);
    expect([...filtered.shown].some((s) => s.startsWith('kuril'))).toBe(true);
  });
});
