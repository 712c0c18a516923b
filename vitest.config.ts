import { defineConfig } from 'vitest/config';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { POSTGRES_MISSING_MESSAGE, postgresAvailable } from './scripts/lib/postgres-cluster.ts';

const onPostgres = postgresAvailable() && process.env.SKIP_POSTGRES_TESTS !== '1';
// Vitest loads this file more than once per run; say it once.
if (!onPostgres && process.env.POLLBOARD_PG_SKIP_SAID !== '1') {
  process.env.POLLBOARD_PG_SKIP_SAID = '1';
  console.warn(`vitest: ${process.env.SKIP_POSTGRES_TESTS === '1' ? 'SKIP_POSTGRES_TESTS=1: skipped PostgreSQL tests' : POSTGRES_MISSING_MESSAGE}`);
}

/** PostgreSQL-only tests (they need the cluster itself, not just a database). */
const POSTGRES_ONLY = 'tests/integration/postgresql/**';
/**
 * Tests about the SQLite file itself (read with better-sqlite3), or that need no database server and
 * run once, or that always open a SQLite file of their own (DATABASE_URL=file:… set in the file):
 * in the `postgresql` project they would only run the same SQLite test a second time.
 */
const SQLITE_ONLY = [
  'tests/integration/migrate.test.ts',
  'tests/integration/connection-errors.test.ts',
  'tests/integration/accuracy.test.ts',
  'tests/integration/admin-create.test.ts',
  'tests/integration/chart-routes.test.ts',
  'tests/integration/export-routes.test.ts',
  'tests/integration/releases.test.ts',
  'tests/integration/api-contract.test.ts',
  'tests/integration/api-failures.test.ts',
];
/** Migrates (and seeds) SQLite templates once per run; temp databases are copies (tests/support/temp-db.ts). */
const SQLITE_TEMPLATE_SETUP = 'tests/support/sqlite-global-setup.ts';

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname, '.'),
      // `server-only` throws outside React Server Components; tests import server modules directly.
      'server-only': path.resolve(import.meta.dirname, 'tests/support/empty-module.ts'),
    },
  },
  test: {
    environment: 'node',
    env: {
      // Password hashes at scrypt N = 2^11 (2 MiB, a few ms) instead of production's 2^17 (128 MiB,
      // hundreds of ms): the login tests hash and verify hundreds of times. Only NODE_ENV=test may
      // lower it (lib/config/env.ts); tests/unit/auth/password.test.ts checks the production cost.
      PASSWORD_SCRYPT_N: String(2 ** 11),
    },
    // Property tests (fast-check) draw from a fixed seed: the same cases on every run.
    setupFiles: ['tests/support/seeded-properties.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Global teardown stops the PostgreSQL cluster; give it time on a loaded machine.
    teardownTimeout: 60_000,
    // Integration tests each open their own database (SQLite file or PostgreSQL database); files run in parallel.
    pool: 'forks',
    // Vitest's default is one worker fewer than the CPUs: a single worker on a 2-core machine, where
    // much of a file's time is spent waiting (schema engine, PostgreSQL, child processes), not computing.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Unit tests touch no database and run once (project `unit`, the quick loop `npm run test:unit`,
    // with the jsdom component tests in `components`). The integration suite runs once per provider:
    // `sqlite` and, when the PostgreSQL 15 binaries are present, `postgresql` on a throwaway cluster
    // (tests/support/postgres.ts). That includes the files that go through the app's shared client (the
    // server-action auth scan, entry/users actions, audit log): tests/support/app-db.ts points
    // DATABASE_URL at the project's provider.
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'components',
          include: ['tests/components/**/*.test.tsx'],
          environment: 'jsdom',
          globalSetup: [SQLITE_TEMPLATE_SETUP],
        },
      },
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['tests/integration/**/*.test.ts'],
          exclude: [POSTGRES_ONLY],
          globalSetup: [SQLITE_TEMPLATE_SETUP],
        },
      },
      ...(onPostgres
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgresql',
                include: ['tests/integration/**/*.test.ts'],
                exclude: SQLITE_ONLY,
                env: { TEST_DATABASE_PROVIDER: 'postgresql' },
                // The SQLite templates too: the db:copy tests copy a seeded SQLite source (made once per run).
                globalSetup: ['tests/support/postgres-global-setup.ts', SQLITE_TEMPLATE_SETUP],
              },
            },
          ]
        : []),
    ],
  },
});
