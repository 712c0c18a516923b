/**
 * One editor process for the reliability script: saves polls through lib/actions/versioned-update.ts
 * (the same transaction + audit row the admin forms use) on its own connection, and prints one JSON
 * line per save — so the parent can kill -9 it mid-save or race several of it.
 *
 *   node --import tsx scripts/reliability/writer.ts <databaseUrl> <userId> <tag> <pollIds,comma> <saves|0=until killed> [pauseMs]
 *
 * Each save sets notes to "<tag>:<pollId>:v<new version>", so the parent can tell afterwards whether
 * every acknowledged save is in the database and whether any poll holds a half-written one.
 */
import { versionedUpdate } from '@/lib/writes/versioned-update';
import { createDbClient } from '@/lib/db';

const [url, userId, tag, ids, savesArg, pauseArg] = process.argv.slice(2);
const pauseMs = Number(pauseArg ?? 0);
const pollIds = (ids ?? '').split(',').map(Number);
const saves = Number(savesArg ?? 0);
const db = createDbClient(url);
await db.user.count();
process.stdout.write('ready\n');
for (let i = 0; saves === 0 || i < saves; i += 1) {
  const pollId = pollIds[i % pollIds.length] ?? 0;
  try {
    const poll = await db.poll.findUniqueOrThrow({ where: { id: pollId }, select: { version: true } });
    const notes = `${tag}:${pollId}:v${poll.version + 1}`;
    const result = await versionedUpdate(db, { entity: 'Poll', id: pollId, expectedVersion: poll.version, userId: Number(userId), data: { notes } });
    process.stdout.write(`${JSON.stringify(result.ok ? { ok: true, pollId, notes } : { ok: false, pollId, reason: result.reason })}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ ok: false, pollId, error: error instanceof Error ? error.message : String(error) })}\n`);
  }
  if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
}
await db.$disconnect();
