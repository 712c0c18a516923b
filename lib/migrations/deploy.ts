import { resolveDatabaseUrl } from '@/lib/db-url';

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
}

/**
 * `prisma migrate deploy` on the wasm engine: apply every migration folder not yet recorded in
 * `_prisma_migrations`. Creates the SQLite file (and its folder) if missing; re-running applies nothing.
 */
export async function deployMigrations(options: DeployMigrationsOptions): Promise<{ applied: string[] }> {
  const db = resolveDatabaseUrl(options.databaseUrl);
  const migrationsDir = options.migrationsDir ?? defaultMigrationsDir(db.provider);
  const log = options.log ?? (() => {});

  const migrationsList = await readMigrationList(migrationsDir);
  if (migrationsList.migrationDirectories.length === 0) {
    throw new MigrationError(`No migrations found in ${migrationsDir}`);
  }
  log(`${migrationsList.migrationDirectories.length} migration(s) found in ${migrationsDir}`);

  const handle = await openSchemaEngine(db);
  try {
    const { appliedMigrationNames } = await handle.engine.applyMigrations({
      migrationsList,
      filters: { externalTables: [], externalEnums: [] },
    });
    for (const name of appliedMigrationNames) log(`applied ${name}`);
    return { applied: appliedMigrationNames };
  } catch (error) {
    throw new MigrationError(`migrate deploy failed: ${describeEngineError(error, handle.errorRegistry)}`, { cause: error });
  } finally {
    await handle.close();
  }
}
