/**
 * One "editor" in its own process, for the concurrent-edit test: opens its own connection to the
 * SQLite file, says "ready", waits for "go" on stdin, saves with the version it loaded, prints the
 * result as JSON. Separate processes, because better-sqlite3 waits for a lock synchronously.
 */
import { createInterface } from 'node:readline';
import { versionedUpdate } from '@/lib/writes/versioned-update';
import { createDbClient } from '@/lib/db';

const [url, pollId, version, userId, notes] = process.argv.slice(2);
const db = createDbClient(url);
await db.user.count(); // open the connection before the race starts
process.stdout.write('ready\n');
const rl = createInterface({ input: process.stdin });
for await (const line of rl) {
  if (line.trim() !== 'go') continue;
  const result = await versionedUpdate(db, {
    entity: 'Poll',
    id: Number(pollId),
    expectedVersion: Number(version),
    userId: Number(userId),
    data: { notes },
  });
  process.stdout.write(`${JSON.stringify(result.ok ? { ok: true } : result)}\n`);
  break;
}
rl.close();
await db.$disconnect();
