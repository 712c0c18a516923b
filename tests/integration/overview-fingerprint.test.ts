import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overviewFingerprint } from '@/lib/data/overview-fingerprint';
import { questionPageFingerprint } from '@/lib/data/question-page-fingerprint';
import { versionedUpdate } from '@/lib/writes/versioned-update';
import { createTempDatabase, type TempDatabase } from '../support/temp-db';

/**
 * The fingerprints of watched pages (lib/data/overview-fingerprint.ts,
 * lib/data/question-page-fingerprint.ts): the page cache keeps a cached overview or question page
 * through a write only while its fingerprint stays the same, so it must move whenever what the page
 * shows moves, and stay put for an edit the page does not show (a poll's notes).
 */
let temp: TempDatabase;

beforeAll(async () => {
  temp = await createTempDatabase('pollboard-overview-fp-', { seeded: true });
}, 60_000);

afterAll(async () => {
  await temp.cleanup();
});

async function editPoll(id: number, data: { notes?: string; fieldEnd?: Date; sampleSize?: number }): Promise<void> {
  const poll = await temp.db.poll.findUniqueOrThrow({ where: { id }, select: { version: true } });
  const result = await versionedUpdate(temp.db, { entity: 'Poll', id, expectedVersion: poll.version, userId: null, data });
  expect(result.ok).toBe(true);
}

async function kurilPoll(order: 'asc' | 'desc'): Promise<{ id: number; sampleSize: number | null; fieldEnd: Date | null }> {
  return temp.db.poll.findFirstOrThrow({
    where: { questions: { some: { question: { slug: 'kuril-transfer' } } } },
    orderBy: [{ fieldEnd: order }, { id: order }],
    select: { id: true, sampleSize: true, fieldEnd: true },
  });
}

describe('overviewFingerprint', () => {
  it('stays the same for a notes edit, and moves when a card question or the latest polls change', async () => {
    const before = await overviewFingerprint('/', temp.db);
    expect(before).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const oldest = await temp.db.poll.findFirstOrThrow({ orderBy: [{ fieldEnd: 'asc' }, { id: 'asc' }], select: { id: true, sampleSize: true } });
    await editPoll(oldest.id, { notes: 'a correction of the notes only' });
    expect(await overviewFingerprint('/', temp.db)).toBe(before);
    // A number of a poll of a card question: its card's data changed.
    await editPoll(oldest.id, { sampleSize: (oldest.sampleSize ?? 1000) + 1 });
    const resized = await overviewFingerprint('/', temp.db);
    expect(resized).not.toBe(before);
    // Re-dated to the newest: it joins the latest polls list.
    const newest = await temp.db.poll.findFirstOrThrow({ orderBy: [{ fieldEnd: 'desc' }], select: { fieldEnd: true } });
    await editPoll(oldest.id, { fieldEnd: new Date((newest.fieldEnd ?? new Date()).getTime() + 86_400_000) });
    expect(await overviewFingerprint('/', temp.db)).not.toBe(resized);
  });

  it('is per view, and absent for the overview as of a release', async () => {
    const all = await overviewFingerprint('/', temp.db);
    const filtered = await overviewFingerprint('/?q=kuril', temp.db);
    expect(filtered).not.toBeNull();
    expect(filtered).not.toBe(all);
    expect(await overviewFingerprint('/?release=1.0.0', temp.db)).toBeNull();
  });
});

describe('questionPageFingerprint', () => {
  it('stays the same for a poll notes edit and moves for a sample-size correction', async () => {
    const url = '/questions/kuril-transfer?method=kalman';
    const before = await questionPageFingerprint(url, temp.db);
    expect(before).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const poll = await kurilPoll('desc');
    await editPoll(poll.id, { notes: 'only the poll page shows this' });
    expect(await questionPageFingerprint(url, temp.db)).toBe(before);
    await editPoll(poll.id, { sampleSize: (poll.sampleSize ?? 1600) + 10 });
    const after = await questionPageFingerprint(url, temp.db);
    expect(after).not.toBeNull();
    expect(after).not.toBe(before);
    // Another question's page is another fingerprint.
    expect(await questionPageFingerprint('/questions/putin-approval', temp.db)).not.toBe(after);
  });

  it('watches question pages only, and not as of a release', async () => {
    for (const url of ['/', '/polls/1', '/questions/kuril-transfer?release=1.0.0', '/questions/no-such-question', '/questions/%ff', '/questions/a/b']) {
      expect(await questionPageFingerprint(url, temp.db), url).toBeNull();
    }
  });
});
