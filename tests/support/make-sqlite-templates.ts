/**
 * Writes the run's SQLite templates into the folder given as the only argument: template.db (every
 * migration applied) and seeded.db (the same plus the demo seed). Run as its own process by
 * tests/support/sqlite-global-setup.ts: Vitest runs the projects' global setups side by side in one
 * process, and two schema-engine (WebAssembly) migrations at once in one process crash it.
 */
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { createDbClient } from '@/lib/db';
import { stopSignal } from '@/lib/freshness/signal';
import { deployMigrations } from '@/lib/migrations/deploy';
import { seedDemo } from '@/lib/seed/demo';

const dir = process.argv[2];
if (!dir) throw new Error('usage: make-sqlite-templates.ts <folder>');
const file = path.join(dir, 'template.db');
await deployMigrations({ databaseUrl: `file:${file}` });
const seeded = path.join(dir, 'seeded.db');
copyFileSync(file, seeded);
const db = createDbClient(`file:${seeded}`);
try {
  await seedDemo(db);
} finally {
  stopSignal(db);
  await db.$disconnect();
}
