import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { resolveDatabaseUrl } from '@/lib/db-url';
import { getEnv } from '@/lib/env';

export type { PrismaClient };

export type DbClient = PrismaClient;

/**
 * Build a PrismaClient over a driver adapter chosen by the URL's scheme: SQLite (embedded default)
 * through better-sqlite3, PostgreSQL through pg. Tests and scripts call this with their own URL;
 * the app uses the shared `db` below.
 */
export function createDbClient(databaseUrl?: string): PrismaClient {
  const env = getEnv();
  const resolved = resolveDatabaseUrl(databaseUrl ?? env.DATABASE_URL);
  if (resolved.provider === 'postgresql') {
    const adapter = new PrismaPg({
      connectionString: resolved.url,
      max: env.DB_POOL_MAX,
      connectionTimeoutMillis: env.DB_POOL_CONNECTION_TIMEOUT_MS,
      idleTimeoutMillis: env.DB_POOL_IDLE_TIMEOUT_MS,
    });
    return new PrismaClient({ adapter });
  }
  // better-sqlite3's `timeout` is SQLite's busy_timeout: a writer waits this long for the lock
  // instead of failing at once with SQLITE_BUSY. WAL mode is set on the file by the migration step
  // (it is persistent), so readers never block the writer.
  const adapter = new PrismaBetterSqlite3({ url: resolved.url, timeout: env.SQLITE_BUSY_TIMEOUT_MS });
  return new PrismaClient({ adapter });
}

const globalForDb = globalThis as unknown as { pollboardDb?: PrismaClient };

/** The one PrismaClient of the app process (kept on globalThis so dev hot reload does not leak). */
export const db: PrismaClient = globalForDb.pollboardDb ?? createDbClient();
if (process.env.NODE_ENV !== 'production') globalForDb.pollboardDb = db;
