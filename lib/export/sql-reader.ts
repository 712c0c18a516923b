import Database from 'better-sqlite3';
import { resolveDatabaseUrl } from '@/lib/db/url';
import { Prisma, type PrismaClient } from '@/lib/generated/prisma/client';

export type SqlParam = string | number;

/**
 * The few read queries of the dumps, written once in portable SQL (quoted identifiers, `?`
 * placeholders) and run either through Prisma or, on SQLite, on a read-only better-sqlite3
 * connection. Prisma's raw-query path converts every value through its adapter layer and was the
 * bottleneck of a full dump (about 10× slower than better-sqlite3; `npm run bench -- --only=export`).
 */
export interface SqlReader {
  all<T>(sql: string, params: readonly SqlParam[]): Promise<T[]>;
  /**
   * The same rows as arrays, values in SELECT order: no object with named properties per row, for
   * the dump's two biggest queries (better-sqlite3's raw mode builds them markedly faster).
   */
  values(sql: string, params: readonly SqlParam[]): Promise<unknown[][]>;
  close(): Promise<void>;
}

/** Through Prisma: any provider (PostgreSQL included); `?` become the provider's placeholders. */
export function prismaSqlReader(db: PrismaClient): SqlReader {
  return {
    all: <T>(sql: string, params: readonly SqlParam[]) => db.$queryRaw<T[]>(new Prisma.Sql(sql.split('?'), params)),
    // Prisma gives each row's columns as keys in SELECT order (the names are identifiers, never array indices).
    values: async (sql: string, params: readonly SqlParam[]) =>
      (await db.$queryRaw<Record<string, unknown>[]>(new Prisma.Sql(sql.split('?'), params))).map((row) => Object.values(row)),
    close: async () => {},
  };
}

/** Page cache of a dump's own read-only connection, KiB. */
const DUMP_CACHE_KIB = 2048;

/**
 * A read-only connection to a SQLite file. In WAL mode (set by the migration step) readers never
 * block the app's writer. Statements are prepared once and reused for every batch.
 */
export function sqliteFileReader(filePath: string): SqlReader {
  const sqlite = new Database(filePath, { readonly: true, fileMustExist: true });
  // A dump reads each page about once, in key order: a page cache of 2 MiB instead of better-sqlite3's
  // 16 MB default is as fast (the OS caches the file) and keeps ~15 MB off the dump's peak RSS.
  sqlite.pragma(`cache_size = -${DUMP_CACHE_KIB}`);
  const statements = new Map<string, Database.Statement>();
  const rawStatements = new Map<string, Database.Statement>();
  return {
    all: async <T>(sql: string, params: readonly SqlParam[]) => {
      let statement = statements.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        statements.set(sql, statement);
      }
      return statement.all(...params) as T[];
    },
    values: async (sql: string, params: readonly SqlParam[]) => {
      let statement = rawStatements.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql).raw(true);
        rawStatements.set(sql, statement);
      }
      return statement.all(...params) as unknown[][];
    },
    close: async () => {
      sqlite.close();
    },
  };
}

/**
 * The fastest reader for a client: the direct SQLite reader when `databaseUrl` names the same
 * SQLite file as `db` (the caller vouches for that: the app passes its DATABASE_URL), else Prisma.
 */
export function openSqlReader(db: PrismaClient, databaseUrl?: string): SqlReader {
  if (databaseUrl) {
    const resolved = resolveDatabaseUrl(databaseUrl);
    if (resolved.provider === 'sqlite' && resolved.filePath !== ':memory:') return sqliteFileReader(resolved.filePath);
  }
  return prismaSqlReader(db);
}

/** `?, ?, ?` for an IN list. */
export function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

/** SQLite gives DATETIME columns back as text, Prisma as Date. */
export function toDate(value: Date | string | null): Date | null {
  if (value === null) return null;
  return value instanceof Date ? value : new Date(value);
}

/** PostgreSQL may give bigint for integer expressions. */
export function toNumber(value: number | bigint | null): number | null {
  if (value === null) return null;
  return typeof value === 'bigint' ? Number(value) : value;
}
