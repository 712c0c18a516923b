import { ensureSetupToken, setupUrl } from '@/lib/auth/setup-token';
import { createDbClient } from '@/lib/db';
import { checkDatabaseConnection } from '@/lib/db/errors';
import { getEnv } from '@/lib/config/env';
import { deployMigrations } from '@/lib/migrations/deploy';
import { seedDemo } from '@/lib/seed/demo';
import { seedElections } from '@/lib/seed/elections';
import { backfillSearch } from '@/lib/writes/search-text';

export interface PrepareOptions {
  databaseUrl: string;
  /** Seed the demo data when this database has never been seeded (default true). */
  seed?: boolean;
  /** Print a first-run setup link while no user exists (default true). */
  setup?: boolean;
  log?: (line: string) => void;
}

/**
 * Bring a database to the state the app expects: apply pending migrations (which also put SQLite
 * files in WAL mode: lib/migrations/deploy.ts), and seed the demo data once — only if this
 * database was never seeded, so demo rows an editor deleted do not come back on the next start.
 */
export async function prepareDatabase({ databaseUrl, seed = true, setup = true, log = console.log }: PrepareOptions): Promise<void> {
  await checkDatabaseConnection(databaseUrl);
  const { applied } = await deployMigrations({ databaseUrl });
  log(applied.length === 0 ? 'database: migrations up to date' : `database: applied ${applied.join(', ')}`);
  const db = createDbClient(databaseUrl);
  try {
    // The folded search text (added by a migration) for questions and pollsters written before it existed.
    const indexed = await backfillSearch(db);
    if (indexed.questions + indexed.pollsters > 0) log(`database: indexed ${indexed.questions} question(s) and ${indexed.pollsters} pollster(s) for search`);
    if (!seed && !setup) return;
    if (seed) {
      const seeded = await db.auditEvent.findFirst({ where: { action: 'seed' }, select: { id: true } });
      if (!seeded) {
        const summary = await seedDemo(db);
        const elections = await seedElections(db);
        log(
          `database: seeded demo data (${summary.pollsCreated + elections.pollsCreated} polls, ${summary.observationsCreated} observations, ${elections.outcomesCreated} election outcomes)`,
        );
      }
    }
    if (setup) {
      const env = getEnv();
      const token = await ensureSetupToken(db, env.POLLBOARD_SETUP_TOKEN);
      if (token) {
        const link = setupUrl(env.PUBLIC_URL ?? `http://localhost:${env.PORT}`, token);
        log(
          [
            '',
            'No admin account exists yet. Create the first one with this one-time link:',
            `    ${link}`,
            '(or run: npm run admin:create -- --email you@example.org)',
            '',
          ].join('\n'),
        );
      }
    }
  } finally {
    await db.$disconnect();
  }
}
