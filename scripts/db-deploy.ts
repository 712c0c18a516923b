/**
 * `npm run db:deploy`: apply pending migrations to DATABASE_URL — prisma/migrations for SQLite,
 * prisma/migrations-postgresql for PostgreSQL —
 * (default file:./data/pollboard.db) with the wasm schema engine, offline. Exit 0 on success
 * (including "nothing pending"), 1 on failure.
 */
import { checkDatabaseConnection, DatabaseConnectionError } from '@/lib/db/errors';
import { DEFAULT_DATABASE_URL, resolveDatabaseUrl } from '@/lib/db/url';
import { deployMigrations } from '@/lib/migrations/deploy';
import { describeEngineError } from '@/lib/migrations/errors';
import { displayDatabase } from '@/lib/migrations/layout';
import { backfillSearch } from '@/lib/writes/search-text';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log('Usage: npm run db:deploy   (applies prisma/migrations or prisma/migrations-postgresql to DATABASE_URL, default file:./data/pollboard.db)');
    return 0;
  }
  if (args.length > 0) {
    console.error(`db:deploy: unexpected argument ${args[0] ?? ''} (try --help)`);
    return 2;
  }

  const databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const started = performance.now();
  await checkDatabaseConnection(databaseUrl);
  const db = resolveDatabaseUrl(databaseUrl);
  const { applied } = await deployMigrations({ databaseUrl });
  // A migration that adds or empties a search table leaves its rows to this (servers started with
  // `next start` never run prepareDatabase): fill the folded search text of older rows.
  // Imported here, not at the top: lib/db builds the app's client from DATABASE_URL on import, which
  // would refuse an unsupported URL with a stack trace before the one-line message below.
  const { createDbClient } = await import('@/lib/db');
  const client = createDbClient(databaseUrl);
  try {
    const indexed = await backfillSearch(client);
    if (indexed.questions + indexed.pollsters > 0) console.log(`  indexed ${indexed.questions} question(s) and ${indexed.pollsters} pollster(s) for search`);
  } finally {
    await client.$disconnect();
  }
  const elapsed = Math.round(performance.now() - started);
  const where = displayDatabase(db);
  if (applied.length === 0) {
    console.log(`db:deploy: no pending migrations, ${where} is up to date (${elapsed} ms)`);
  } else {
    for (const name of applied) console.log(`  applied ${name}`);
    console.log(`db:deploy: applied ${applied.length} migration(s) to ${where} (${elapsed} ms)`);
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof DatabaseConnectionError ? error.message : describeEngineError(error);
    console.error(`db:deploy: ${message.replace(/\s*\n\s*/g, ' ')}`);
    process.exitCode = 1;
  },
);
