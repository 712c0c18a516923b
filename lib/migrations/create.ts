import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import type { DiffTarget } from '@prisma/schema-engine-wasm';

import type { ResolvedDatabaseUrl } from '@/lib/db/url';
import { DEFAULT_DATABASE_URL, resolveDatabaseUrl } from '@/lib/db/url';

import { openSchemaEngine } from './engine';
import { describeEngineError, MigrationError } from './errors';
import { DEFAULT_SCHEMA_PATH, defaultMigrationsDir, MIGRATION_LOCK_FILE, MIGRATION_SCRIPT_FILE, migrationLockContent } from './layout';
import type { MigrationProvider } from './layout';
import { readMigrationList } from './migration-list';

export interface CreateMigrationOptions {
  /** Picks the provider (SQLite for `file:`, PostgreSQL for `postgres(ql)://`). Default: DATABASE_URL's default. */
  databaseUrl?: string;
  /** Migration name, e.g. `add_poll_notes`; anything but letters, digits and `_` becomes `_`. */
  name: string;
  /** Default `prisma/schema.prisma` (relative to process.cwd()). */
  schemaPath?: string;
  /** Default `prisma/migrations` (SQLite) or `prisma/migrations-postgresql`. */
  migrationsDir?: string;
  /** Folder timestamp; defaults to now. Exposed for tests. */
  now?: Date;
  log?: (line: string) => void;
}

export type CreateMigrationResult =
  { created: false; reason: 'no schema changes' } | { created: true; migrationName: string; directory: string; scriptPath: string; script: string };

/** `20260102030405`: the UTC timestamp prefix Prisma gives migration folders. */
export function migrationTimestamp(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return (
    `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}` +
    `${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`
  );
}

export function normalizeMigrationName(name: string): string {
  const slug = name
    .trim()
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '')
    .slice(0, 200);
  if (slug === '') throw new MigrationError(`Invalid migration name: "${name}" (use letters, digits and _)`);
  return slug;
}

function schemaProvider(schema: string): string | undefined {
  const block = /datasource\s+\w+\s*\{([^}]*)\}/.exec(schema)?.[1];
  return block ? /provider\s*=\s*"([^"]+)"/.exec(block)?.[1] : undefined;
}

function lockProvider(lock: string): string | undefined {
  return /^\s*provider\s*=\s*"([^"]+)"/m.exec(lock)?.[1];
}

/** The connection the engine needs: diffing only touches the shadow database, so SQLite stays in memory. */
function engineTarget(db: ResolvedDatabaseUrl): ResolvedDatabaseUrl {
  return db.provider === 'sqlite' ? { provider: 'sqlite', url: ':memory:', filePath: ':memory:' } : db;
}

/**
 * `prisma migrate dev --create-only` on the wasm engine: replay the committed migrations on a shadow
 * database, diff them against the schema and, if anything changed, write
 * `<migrationsDir>/<YYYYMMDDHHMMSS>_<name>/migration.sql` (plus `migration_lock.toml` if missing).
 * Never touches the real database.
 */
export async function createMigration(options: CreateMigrationOptions): Promise<CreateMigrationResult> {
  const db = resolveDatabaseUrl(options.databaseUrl ?? DEFAULT_DATABASE_URL);
  const provider: MigrationProvider = db.provider;
  const migrationsDir = path.resolve(options.migrationsDir ?? defaultMigrationsDir(provider));
  const schemaPath = path.resolve(options.schemaPath ?? DEFAULT_SCHEMA_PATH);
  const name = normalizeMigrationName(options.name);
  const log = options.log ?? (() => {});

  const schema = await readFile(schemaPath, 'utf8').catch((error: unknown) => {
    throw new MigrationError(`Cannot read schema ${schemaPath}: ${describeEngineError(error)}`, { cause: error });
  });
  const declared = schemaProvider(schema);
  if (declared !== undefined && declared !== provider) {
    throw new MigrationError(`Schema ${schemaPath} declares provider "${declared}" but the database URL is ${provider}`);
  }

  const migrationsList = await readMigrationList(migrationsDir);
  const locked = migrationsList.lockfile.content === null ? undefined : lockProvider(migrationsList.lockfile.content);
  if (locked !== undefined && locked !== provider) {
    throw new MigrationError(`${path.join(migrationsDir, MIGRATION_LOCK_FILE)} is for "${locked}", not ${provider}`);
  }

  // The engine reads the connector from the lockfile; a history without one gets the provider's lock.
  const lockContent = migrationsList.lockfile.content ?? migrationLockContent(provider);
  const from: DiffTarget =
    migrationsList.migrationDirectories.length === 0
      ? { tag: 'empty' }
      : { tag: 'migrations', ...migrationsList, lockfile: { ...migrationsList.lockfile, content: lockContent } };

  const handle = await openSchemaEngine(engineTarget(db));
  let script: string;
  try {
    const result = await handle.engine.diff({
      from,
      to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: schema }] },
      script: true,
      exitCode: true,
      filters: { externalTables: [], externalEnums: [] },
    });
    // With exitCode set, the engine answers 2 when there is a difference and 0 when there is none.
    script = result.exitCode === 2 ? (result.stdout ?? '') : '';
  } catch (error) {
    throw new MigrationError(`migrate diff failed: ${describeEngineError(error, handle.errorRegistry)}`, { cause: error });
  } finally {
    await handle.close();
  }

  if (script.trim() === '') {
    log('No schema changes: nothing to migrate.');
    return { created: false, reason: 'no schema changes' };
  }

  const latest = migrationsList.migrationDirectories.at(-1)?.path.slice(0, 14);
  let timestamp = migrationTimestamp(options.now ?? new Date());
  // Keep folder order = history order even if the clock is behind the newest folder.
  if (latest !== undefined && /^\d{14}$/.test(latest) && timestamp <= latest) {
    timestamp = String(BigInt(latest) + 1n);
  }
  const migrationName = `${timestamp}_${name}`;
  const directory = path.join(migrationsDir, migrationName);
  const scriptPath = path.join(directory, MIGRATION_SCRIPT_FILE);

  await mkdir(migrationsDir, { recursive: true });
  await mkdir(directory).catch((error: unknown) => {
    throw new MigrationError(`Cannot create ${directory}: ${describeEngineError(error)}`, { cause: error });
  });
  await writeFile(scriptPath, script.endsWith('\n') ? script : `${script}\n`, 'utf8');
  if (migrationsList.lockfile.content === null) {
    await writeFile(path.join(migrationsDir, MIGRATION_LOCK_FILE), migrationLockContent(provider), 'utf8');
  }
  log(`Created ${path.relative(process.cwd(), scriptPath)}`);
  return { created: true, migrationName, directory, scriptPath, script };
}
