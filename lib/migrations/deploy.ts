import { existsSync } from 'node:fs';

import Database from 'better-sqlite3';

import { resolveDatabaseUrl, type ResolvedDatabaseUrl } from '@/lib/db/url';

import { openSchemaEngine } from './engine';
import { describeEngineError, MigrationError } from './errors';
import { defaultMigrationsDir } from './layout';
import { readMigrationList } from './migration-list';

export interface DeployMigrationsOptions {
  /** `file:` (SQLite) or `postgres(ql)://` URL; relative file paths resolve against process.cwd(). */
  databaseUrl: string;
  /** Defaults to `prisma/migrations` (SQLite) or `prisma/migrations-postgresql`. */
  migrationsDir?: string;
  log?: (line: string) => void;
  /** How long to keep retrying while another process holds the database's write lock. */
  lockWaitMs?: number;
}

/**
 * Names of the migrations a SQLite file has finished applying, read without taking any lock a
 * running server could be holding (a plain read: WAL readers never wait). null: no file or no
 * migrations table yet.
 */
function appliedSqliteMigrations(db: ResolvedDatabaseUrl): Set<string> | null {
  if (db.provider !== 'sqlite' || db.filePath === ':memory:' || !existsSync(db.filePath)) return null;
  const conn = new Database(db.filePath, { readonly: true, fileMustExist: true, timeout: 5_000 });
  try {
    const table = conn.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (!table) return null;
    const rows = conn.prepare('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL').all() as {
      migration_name: string;
    }[];
    return new Set(rows.map((r) => r.migration_name));
  } finally {
    conn.close();
  }
}

/**
 * Puts a SQLite file in WAL mode (a setting the file keeps): readers — pages, the freshness
 * signal's watch connection — then never wait for a writer, such as an import's long commit. In the
 * default rollback journal they do: during a 100,000-row upload the signal's read failed with
 * "database is locked", it stopped watching, every cache stepped aside and pages took 15–40 s
 * (bench-csv-import's server, whose database only this step prepared; `npm start` set WAL itself,
 * `npm run db:deploy` did not). Every path that migrates a file comes through here.
 *
 * The price: a pending migration needs the file to itself (the schema engine sets
 * locking_mode=EXCLUSIVE, which in WAL mode waits for every other connection to close), so on
 * SQLite a release stops its server before `db:deploy`, as DEPLOYMENT.md says.
 */
function ensureWal(db: ResolvedDatabaseUrl): void {
  if (db.provider !== 'sqlite' || db.filePath === ':memory:' || !existsSync(db.filePath)) return;
  const conn = new Database(db.filePath, { fileMustExist: true, timeout: 5_000 });
  try {
    // Already WAL: a read, no lock taken (a running server may be writing).
    if (conn.pragma('journal_mode', { simple: true }) !== 'wal') conn.pragma('journal_mode = WAL');
  } finally {
    conn.close();
  }
}

/** The engine's SQLite lock errors: busy (`database is locked`) or the adapter's own timeout. */
function isLockError(message: string): boolean {
  return /SocketTimeout|database is locked|SQLITE_BUSY|timed out/i.test(message);
}

/**
 * `prisma migrate deploy` on the wasm engine: apply every migration folder not yet recorded in
 * `_prisma_migrations`. Creates the SQLite file (and its folder) if missing; re-running applies nothing.
 */
export async function deployMigrations(options: DeployMigrationsOptions): Promise<{ applied: string[]; upToDate?: boolean }> {
  const result = await applyPending(options);
  // After the engine has let go of the file: switching the journal needs it to itself.
  ensureWal(resolveDatabaseUrl(options.databaseUrl));
  return result;
}

async function applyPending(options: DeployMigrationsOptions): Promise<{ applied: string[]; upToDate?: boolean }> {
  const db = resolveDatabaseUrl(options.databaseUrl);
  const migrationsDir = options.migrationsDir ?? defaultMigrationsDir(db.provider);
  const log = options.log ?? (() => {});

  const migrationsList = await readMigrationList(migrationsDir);
  if (migrationsList.migrationDirectories.length === 0) {
    throw new MigrationError(`No migrations found in ${migrationsDir}`);
  }
  log(`${migrationsList.migrationDirectories.length} migration(s) found in ${migrationsDir}`);

  // Nothing pending: do not start the engine at all. It writes (its bookkeeping table) and so needs
  // the write lock, which a running server may hold (issue #15: `admin:create` next to a running
  // server failed with "WASM_ERROR: unknown variant `SocketTimeout`").
  const applied = appliedSqliteMigrations(db);
  if (applied && migrationsList.migrationDirectories.every((m) => applied.has(m.path))) {
    log(`database is up to date: all ${migrationsList.migrationDirectories.length} migration(s) already applied, nothing to do`);
    return { applied: [], upToDate: true };
  }

  const deadline = Date.now() + (options.lockWaitMs ?? 120_000);
  for (let attempt = 1; ; attempt += 1) {
    const handle = await openSchemaEngine(db);
    try {
      const { appliedMigrationNames } = await handle.engine.applyMigrations({
        migrationsList,
        filters: { externalTables: [], externalEnums: [] },
      });
      for (const name of appliedMigrationNames) log(`applied ${name}`);
      return { applied: appliedMigrationNames };
    } catch (error) {
      const message = describeEngineError(error, handle.errorRegistry);
      if (db.provider === 'sqlite' && isLockError(message) && Date.now() < deadline) {
        // Each migration runs in its own transaction, so a retry picks up where this one stopped.
        log(`the database is locked by another process (a running server?); waiting for it (attempt ${attempt})…`);
        await new Promise((resolve) => setTimeout(resolve, Math.min(500 * attempt, 3_000)));
        continue;
      }
      if (db.provider === 'sqlite' && isLockError(message)) {
        // The schema engine takes the file for itself (locking_mode=EXCLUSIVE); in WAL mode that
        // needs every other connection closed, not only idle.
        throw new MigrationError(
          `migrate deploy failed: ${db.filePath} stayed in use by another process; stop the servers using it (npm start, next start) and run it again`,
          { cause: error },
        );
      }
      throw new MigrationError(`migrate deploy failed: ${message}`, { cause: error });
    } finally {
      await handle.close();
    }
  }
}
