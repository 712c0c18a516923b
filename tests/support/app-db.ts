import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveDatabaseUrl } from '@/lib/db/url';
import { copySeededSqliteFile, createMigratedSqliteFile } from './sqlite-template';
import { createMigratedPostgresDatabase, dropPostgresDatabase, SEEDED_TEMPLATE_DATABASE, TEMPLATE_DATABASE, testingOnPostgres } from './postgres';

/** Marks a SQLite temp folder made here (the guard below refuses to migrate or delete anything else). */
const SQLITE_DIR_PREFIX = 'pollboard-app-';
/** Marks a PostgreSQL database made here (createMigratedPostgresDatabase appends `_<pid>_<n>_<random>`). */
const POSTGRES_DB_PREFIX = 'pollboard_app';

/**
 * For tests of code that uses the app's shared client (`db` from lib/db, e.g. server actions): that
 * client reads DATABASE_URL when lib/db is first imported, so the URL must be set before any import.
 * In the test file:
 *
 *   await vi.hoisted(async () => {
 *     const { prepareAppDatabaseUrl } = await import('../support/app-db');
 *     await prepareAppDatabaseUrl();
 *   });
 *
 * then `await migrateAppDatabase()` in beforeAll and `removeAppDatabase()` in afterAll. With
 * `{ seeded: true }` passed to both, the database starts with the demo seed (a copy of the run's
 * seeded template rather than a seed per file).
 *
 * vi.hoisted runs before the file's imports, so the helper is imported dynamically there; the
 * relative path is resolved from the test file (the `@/` alias works too).
 */
export async function prepareAppDatabaseUrl(options: { seeded?: boolean } = {}): Promise<string> {
  // In the Vitest project `postgresql` the app's client must talk to PostgreSQL too, or these
  // files would test SQLite twice: a fresh database cloned from the migrated (or seeded) template.
  const url = testingOnPostgres()
    ? await createMigratedPostgresDatabase(POSTGRES_DB_PREFIX, options.seeded ? SEEDED_TEMPLATE_DATABASE : TEMPLATE_DATABASE)
    : `file:${path.join(mkdtempSync(path.join(tmpdir(), SQLITE_DIR_PREFIX)), 'app.db')}`;
  process.env.DATABASE_URL = url;
  return url;
}

/** Migrates the app database; with `seeded`, it also holds the demo seed (the same option as prepareAppDatabaseUrl's). */
export async function migrateAppDatabase(options: { seeded?: boolean } = {}): Promise<void> {
  const url = appDatabaseUrl();
  // The PostgreSQL database is a clone of the template that globalSetup already migrated (and
  // seeded); deploying again would only start the schema engine to apply nothing.
  const resolved = resolveDatabaseUrl(url);
  if (resolved.provider === 'postgresql') return;
  if (options.seeded && copySeededSqliteFile(resolved.filePath)) return;
  await createMigratedSqliteFile(resolved.filePath);
  if (options.seeded) {
    const { seedDemo } = await import('@/lib/seed/demo');
    const { db } = await import('@/lib/db');
    await seedDemo(db);
  }
}

/** DATABASE_URL, if it is one prepareAppDatabaseUrl made: never migrate or delete a real database. */
export function appDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url || !isAppTestDatabase(url)) throw new Error('call prepareAppDatabaseUrl() in vi.hoisted first (see tests/support/app-db.ts)');
  return url;
}

function isAppTestDatabase(url: string): boolean {
  const resolved = resolveDatabaseUrl(url);
  if (resolved.provider === 'sqlite') return path.basename(path.dirname(resolved.filePath)).startsWith(SQLITE_DIR_PREFIX);
  return decodeURIComponent(new URL(resolved.url).pathname.slice(1)).startsWith(`${POSTGRES_DB_PREFIX}_`);
}

export async function removeAppDatabase(): Promise<void> {
  const url = appDatabaseUrl();
  const { db } = await import('@/lib/db');
  // Disconnect first: a pooled PostgreSQL connection or an open SQLite handle would outlive the database.
  await db.$disconnect();
  const resolved = resolveDatabaseUrl(url);
  if (resolved.provider === 'postgresql') await dropPostgresDatabase(resolved.url);
  else rmSync(path.dirname(resolved.filePath), { recursive: true, force: true });
}
