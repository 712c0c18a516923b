import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conflictMessage, versionedUpdate } from '@/lib/writes/versioned-update';
import { recordAudit } from '@/lib/audit/record';
import { createDbClient } from '@/lib/db';
import { createTempDatabase, type TempDatabase } from '@/tests/support/temp-db';

let temp: TempDatabase;

beforeAll(async () => {
  temp = await createTempDatabase();
  await temp.db.user.createMany({
    data: [
      { email: 'ana@example.org', name: 'Ana', role: 'admin', passwordHash: 'x' },
      { email: 'ben@example.org', role: 'editor', passwordHash: 'x' },
    ],
  });
  await temp.db.pollster.create({ data: { slug: 'levada', name: 'Levada Center' } });
});
afterAll(async () => temp.cleanup());

/** A poll of the calling test alone, at version 1, created with its audit row like the app does. */
async function ownPoll(): Promise<number> {
  const pollster = await temp.db.pollster.findUniqueOrThrow({ where: { slug: 'levada' } });
  const poll = await temp.db.$transaction(async (tx) => {
    const created = await tx.poll.create({ data: { pollsterId: pollster.id, sampleSize: 1600, notes: 'original' } });
    await recordAudit(tx, { userId: 1, entity: 'Poll', entityId: created.id, action: 'create', after: created });
    return created;
  });
  return poll.id;
}

async function auditRows(pollId: number) {
  return temp.db.auditEvent.findMany({ where: { entity: 'Poll', entityId: String(pollId), action: 'update' }, orderBy: { id: 'asc' } });
}

describe('versionedUpdate', () => {
  it('updates WHERE id AND version, bumps the version and writes one audit row with before/after', async () => {
    const pollId = await ownPoll();
    const result = await versionedUpdate(temp.db, { entity: 'Poll', id: pollId, expectedVersion: 1, userId: 1, data: { sampleSize: 1601 } });
    expect(result.ok).toBe(true);
    const row = await temp.db.poll.findUniqueOrThrow({ where: { id: pollId } });
    expect(row).toMatchObject({ version: 2, sampleSize: 1601 });
    const audits = await auditRows(pollId);
    expect(audits).toHaveLength(1);
    expect(JSON.parse(audits[0]?.before ?? '{}')).toMatchObject({ version: 1, sampleSize: 1600 });
    expect(JSON.parse(audits[0]?.after ?? '{}')).toMatchObject({ version: 2, sampleSize: 1601 });
  });

  it('refuses a stale version with who changed it and when, writing nothing', async () => {
    const pollId = await ownPoll();
    // Ana saves version 1 → 2; Ben's form still holds version 1.
    expect((await versionedUpdate(temp.db, { entity: 'Poll', id: pollId, expectedVersion: 1, userId: 1, data: { sampleSize: 1601 } })).ok).toBe(true);
    const before = await temp.db.auditEvent.count();
    const result = await versionedUpdate(temp.db, { entity: 'Poll', id: pollId, expectedVersion: 1, userId: 2, data: { sampleSize: 9999 } });
    if (result.ok || result.reason !== 'conflict') throw new Error('expected a conflict');
    const last = (await auditRows(pollId)).at(-1);
    expect(result.conflict).toMatchObject({ entity: 'Poll', id: pollId, expectedVersion: 1, currentVersion: 2, changedBy: 'Ana (ana@example.org)' });
    expect(result.conflict.changedAt?.toISOString()).toBe(last?.createdAt.toISOString());
    expect(result.conflict.message).toMatch(/^Changed by Ana \(ana@example\.org\) at \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC — reload to see their version\.$/);
    expect(await temp.db.auditEvent.count()).toBe(before);
    expect((await temp.db.poll.findUniqueOrThrow({ where: { id: pollId } })).sampleSize).toBe(1601);
  });

  it('reports a missing record as not_found', async () => {
    expect(await versionedUpdate(temp.db, { entity: 'Poll', id: 424242, expectedVersion: 1, userId: 1, data: { notes: 'x' } })).toEqual({
      ok: false,
      reason: 'not_found',
    });
  });

  it('of two concurrent saves in one app process, exactly one wins', async () => {
    const pollId = await ownPoll();
    const { version } = await temp.db.poll.findUniqueOrThrow({ where: { id: pollId } });
    const auditsBefore = (await auditRows(pollId)).length;
    const results = await Promise.all([
      versionedUpdate(temp.db, { entity: 'Poll', id: pollId, expectedVersion: version, userId: 1, data: { notes: 'by Ana' } }),
      versionedUpdate(temp.db, { entity: 'Poll', id: pollId, expectedVersion: version, userId: 2, data: { notes: 'by Ben' } }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.reason === 'conflict')).toHaveLength(1);
    expect((await auditRows(pollId)).length).toBe(auditsBefore + 1);
    expect((await temp.db.poll.findUniqueOrThrow({ where: { id: pollId } })).version).toBe(version + 1);
  });

  it('of two concurrent saves from two processes on the same SQLite file, exactly one wins', async () => {
    const pollId = await ownPoll();
    const { version } = await temp.db.poll.findUniqueOrThrow({ where: { id: pollId } });
    const auditsBefore = (await auditRows(pollId)).length;
    const tsx = path.join(process.cwd(), 'node_modules', '.bin', 'tsx');
    const worker = (userId: number, notes: string) => {
      const child = spawn(tsx, ['tests/support/versioned-update-worker.ts', temp.url, String(pollId), String(version), String(userId), notes], {
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      let out = '';
      const ready = new Promise<void>((resolve) => {
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('ready\n')) resolve();
        });
      });
      const done = new Promise<string>((resolve, reject) => {
        child.on('exit', (code) => (code === 0 ? resolve(out.replace('ready\n', '').trim()) : reject(new Error(`worker exited ${code}: ${out}`))));
      });
      return { child, ready, done };
    };
    const a = worker(1, 'process A');
    const b = worker(2, 'process B');
    await Promise.all([a.ready, b.ready]);
    a.child.stdin.write('go\n');
    b.child.stdin.write('go\n');
    const results = (await Promise.all([a.done, b.done])).map((line) => JSON.parse(line) as { ok: boolean; reason?: string; conflict?: { message: string } });
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const loser = results.find((r) => !r.ok);
    expect(loser?.reason).toBe('conflict');
    expect(loser?.conflict?.message).toMatch(/^Changed by .+ at .+ UTC — reload to see their version\.$/);
    expect((await auditRows(pollId)).length).toBe(auditsBefore + 1);
    const fresh = createDbClient(temp.url);
    try {
      const poll = await fresh.poll.findUniqueOrThrow({ where: { id: pollId } });
      expect(poll.version).toBe(version + 1);
      expect(['process A', 'process B']).toContain(poll.notes);
    } finally {
      await fresh.$disconnect();
    }
  });

  it('words a conflict without audit history', () => {
    expect(conflictMessage(null, null)).toBe('Changed by someone else — reload to see their version.');
  });
});
