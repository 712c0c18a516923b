import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { PrismaClient as PostgresPrismaClient } from '@/lib/generated/prisma-postgresql/client';
import { resolveDatabaseUrl, type ResolvedDatabaseUrl } from '@/lib/db/url';
import { getEnv } from '@/lib/config/env';

export type { PrismaClient };

export type DbClient = PrismaClient;

/**
 * Which database a client talks to (lib/writes and lib/freshness need the provider and the URL).
 * On globalThis, like the client itself: dev hot reload re-runs this module but keeps the client.
 */
const globalForClients = globalThis as unknown as { pollboardClientDatabases?: WeakMap<PrismaClient, ResolvedDatabaseUrl> };
const clientDatabases = (globalForClients.pollboardClientDatabases ??= new WeakMap<PrismaClient, ResolvedDatabaseUrl>());

/** The resolved database URL a client was made for (createDbClient records it). */
export function databaseOf(client: PrismaClient): ResolvedDatabaseUrl {
  const known = clientDatabases.get(client);
  if (known) return known;
  throw new Error('databaseOf: this PrismaClient was not made by createDbClient (lib/db/index.ts)');
}

/**
 * Build a PrismaClient over a driver adapter chosen by the URL's scheme: SQLite (embedded default)
 * through better-sqlite3, PostgreSQL through pg. Tests and scripts call this with their own URL;
 * the app uses the shared `db` below.
 *
 * A Prisma 7 client is compiled for one provider and refuses an adapter of another, so there are
 * two generated clients from the same models (prisma/schema.prisma and its generated twin
 * prisma/postgresql/schema.prisma). The app sees ONE type, the SQLite client's.
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
    // The one cast between the two clients. Both are generated from the same models by
    // scripts/db-generate.ts (a test fails when the PostgreSQL schema drifts), so their model
    // delegates, inputs and results are identical; they differ only in provider-specific extras
    // (e.g. `mode: 'insensitive'` filters exist only in the PostgreSQL client), which the app,
    // typed against the SQLite client, never uses.
    const client = new PostgresPrismaClient({ adapter }) as unknown as PrismaClient;
    clientDatabases.set(client, resolved);
    return client;
  }
  // better-sqlite3's `timeout` is SQLite's busy_timeout: a writer waits this long for the lock
  // instead of failing at once with SQLITE_BUSY. WAL mode is set on the file by the migration step
  // (it is persistent), so readers never block the writer.
  const adapter = new PrismaBetterSqlite3({ url: resolved.url, timeout: env.SQLITE_BUSY_TIMEOUT_MS });
  // An interactive transaction may wait up to the busy timeout for SQLite's write lock. Prisma's
  // default transaction timeout (5 s) is shorter than that, and a transaction Prisma gives up on
  // while its statements are still queued must never happen: allow the busy wait plus the work.
  const client = new PrismaClient({
    adapter,
    transactionOptions: { maxWait: env.SQLITE_BUSY_TIMEOUT_MS + 5_000, timeout: env.SQLITE_BUSY_TIMEOUT_MS + 20_000 },
  });
  clientDatabases.set(client, resolved);
  return client;
}

const globalForDb = globalThis as unknown as { pollboardDb?: PrismaClient };

/** The one PrismaClient of the app process (kept on globalThis so dev hot reload does not leak). */
export const db: PrismaClient = globalForDb.pollboardDb ?? createDbClient();
if (process.env.NODE_ENV !== 'production') globalForDb.pollboardDb = db;
