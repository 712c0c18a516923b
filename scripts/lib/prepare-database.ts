import Database from 'better-sqlite3';
import { resolveDatabaseUrl } from '@/lib/db-url';
import { createDbClient } from '@/lib/db';
import { checkDatabaseConnection } from '@/lib/db-errors';
import { deployMigrations } from '@/lib/migrations/deploy';
import { seedDemo } from '@/lib/seed/demo';

export interface PrepareOptions {
  databaseUrl: string;
  /** Seed the demo data when this database has never been seeded (default true). */
  seed?: boolean;
  log?: (line: string) => void;
}

/**
 * Bring a database to the state the app expects: apply pending migrations, put SQLite files in WAL
 * mode (persistent, so readers never block the writer), and seed the demo data once — only if this
 * database was never seeded, so demo rows an editor deleted do not come back on the next start.
 */
export async function prepareDatabase({ databaseUrl, seed = true, log = console.log }: PrepareOptions): Promise<void> {
  await checkDatabaseConnection(databaseUrl);
  const resolved = resolveDatabaseUrl(databaseUrl);
  const { applied } = await deployMigrations({ databaseUrl });
  log(applied.length === 0 ? 'database: migrations up to date' : `database: applied ${applied.join(', ')}`);
  if (resolved.provider === 'sqlite' && resolved.filePath !== ':memory:') {
    const file = new Database(resolved.filePath);
    file.pragma('journal_mode = WAL');
    file.close();
  }
  if (!seed) return;
  const db = createDbClient(databaseUrl);
  try {
    const seeded = await db.auditEvent.findFirst({ where: { action: 'seed' }, select: { id: true } });
    if (seeded) return;
    const summary = await seedDemo(db);
    log(`database: seeded demo data (${summary.pollsCreated} polls, ${summary.observationsCreated} observations)`);
  } finally {
    await db.$disconnect();
  }
}
