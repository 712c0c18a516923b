import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CreateMigrationResult } from '@/lib/migrations/create';
import { createMigration } from '@/lib/migrations/create';
import { defaultMigrationsDir } from '@/lib/migrations/layout';
import { expectedPostgresSchema, POSTGRES_SCHEMA_PATH, SQLITE_SCHEMA_PATH } from './postgres-schema';

export interface BothMigrations {
  sqlite: CreateMigrationResult;
  postgresql: CreateMigrationResult;
}

/**
 * One schema change → one migration per provider with the same folder name. Refreshes the derived
 * PostgreSQL schema first so both diffs see the same models. `postgresUrl` is a server where a
 * temporary shadow database may be created (the diff replays the history there).
 */
export async function createBothMigrations(options: { root: string; name: string; postgresUrl: string; now?: Date }): Promise<BothMigrations> {
  const { root, name, postgresUrl } = options;
  const now = options.now ?? new Date();
  const postgresSchema = path.join(root, POSTGRES_SCHEMA_PATH);
  mkdirSync(path.dirname(postgresSchema), { recursive: true });
  writeFileSync(postgresSchema, expectedPostgresSchema(root));
  // PostgreSQL first: it is the one that can fail for environmental reasons, and then nothing is written.
  const postgresql = await createMigration({
    databaseUrl: postgresUrl,
    name,
    schemaPath: postgresSchema,
    migrationsDir: defaultMigrationsDir('postgresql', root),
    now,
  });
  const sqlite = await createMigration({
    databaseUrl: 'file::memory:',
    name,
    schemaPath: path.join(root, SQLITE_SCHEMA_PATH),
    migrationsDir: defaultMigrationsDir('sqlite', root),
    now,
  });
  return { sqlite, postgresql };
}
