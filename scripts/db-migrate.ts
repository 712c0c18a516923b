/**
 * `npm run db:migrate -- --name add_x`: one schema change → one migration per provider, with the
 * same folder name: prisma/migrations/<YYYYMMDDHHMMSS>_add_x (SQLite) and
 * prisma/migrations-postgresql/<same>_add_x (PostgreSQL). Both are diffs of the committed history
 * against the schema (prisma/schema.prisma and its generated PostgreSQL twin), computed offline with
 * the wasm schema engine. SQLite diffs on an in-memory shadow database; PostgreSQL needs a server for
 * its shadow database: MIGRATE_POSTGRES_URL (a superuser URL; only a temporary shadow database is
 * created there) or, when unset, a throwaway local cluster from /usr/lib/postgresql/15/bin.
 * Nothing is applied: run `npm run db:deploy` afterwards. Exit 0 on success (including "no schema
 * changes"), 1 on failure, 2 on bad arguments.
 */
import path from 'node:path';
import { describeEngineError } from '@/lib/migrations/errors';
import { createBothMigrations } from './lib/migrate-both';
import { postgresAvailable, startPostgresCluster } from './lib/postgres-cluster';
import type { PostgresCluster } from './lib/postgres-cluster';

const USAGE = 'Usage: npm run db:migrate -- --name <migration_name>   (writes prisma/migrations and prisma/migrations-postgresql)';

class UsageError extends Error {}

function parseArgs(args: string[]): { name: string } | 'help' {
  let name: string | undefined;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (arg === '--help' || arg === '-h') return 'help';
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag !== '--name' && flag !== '-n') throw new UsageError(`unexpected argument ${arg}`);
    const value = inline ?? args[(i += 1)];
    if (value === undefined || value === '' || value.startsWith('-')) throw new UsageError(`${flag} needs a value`);
    name = value;
  }
  if (name === undefined) throw new UsageError('missing --name');
  return { name };
}

function relative(file: string): string {
  return path.relative(process.cwd(), file);
}

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`db:migrate: ${error.message}. ${USAGE}`);
    return 2;
  }
  if (parsed === 'help') {
    console.log(USAGE);
    return 0;
  }

  const started = performance.now();
  let cluster: PostgresCluster | undefined;
  let postgresUrl = process.env.MIGRATE_POSTGRES_URL;
  try {
    if (!postgresUrl) {
      if (!postgresAvailable()) {
        console.error(
          'db:migrate: the PostgreSQL migration needs a server for its shadow database: set MIGRATE_POSTGRES_URL or install PostgreSQL 15 (apt-get install -y postgresql)',
        );
        return 1;
      }
      cluster = await startPostgresCluster();
      postgresUrl = cluster.adminUrl;
    }
    const { sqlite, postgresql: postgres } = await createBothMigrations({ root: process.cwd(), name: parsed.name, postgresUrl });
    const elapsed = Math.round(performance.now() - started);
    if (!postgres.created && !sqlite.created) {
      console.log(`db:migrate: no schema changes, nothing written (${elapsed} ms)`);
      return 0;
    }
    for (const result of [sqlite, postgres]) {
      if (result.created) console.log(`db:migrate: wrote ${relative(result.scriptPath)}`);
    }
    if (postgres.created !== sqlite.created || (postgres.created && sqlite.created && postgres.migrationName !== sqlite.migrationName)) {
      console.warn('db:migrate: warning: the two histories got different migrations; check both folders before committing');
    }
    console.log(`db:migrate: done in ${elapsed} ms. Apply with: npm run db:deploy`);
    return 0;
  } finally {
    await cluster?.stop();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`db:migrate: ${describeEngineError(error).replace(/\s*\n\s*/g, ' ')}`);
    process.exitCode = 1;
  },
);
