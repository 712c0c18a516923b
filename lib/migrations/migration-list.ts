import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import type { MigrationDirectory, MigrationList } from '@prisma/schema-engine-wasm';

import { MIGRATION_LOCK_FILE, MIGRATION_SCRIPT_FILE } from './layout';

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Read a migrations folder into the engine's `MigrationList`, the same shape `prisma migrate`
 * builds: sub-folders sorted by name, each with its `migration.sql` (or the read error), plus the
 * lockfile. A missing folder is an empty history.
 */
export async function readMigrationList(migrationsDir: string): Promise<MigrationList> {
  const baseDir = path.resolve(migrationsDir);
  const lockContent = await readFile(path.join(baseDir, MIGRATION_LOCK_FILE), 'utf8').catch(() => null);

  let names: string[] = [];
  try {
    const entries = await readdir(baseDir, { withFileTypes: true });
    names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  names.sort((a, b) => a.localeCompare(b)); // same order as the Prisma CLI

  const migrationDirectories: MigrationDirectory[] = [];
  for (const name of names) {
    const content = await readFile(path.join(baseDir, name, MIGRATION_SCRIPT_FILE), 'utf8').then(
      (value) => ({ tag: 'ok' as const, value }),
      (error: unknown) => ({ tag: 'error' as const, value: errorMessage(error) }),
    );
    migrationDirectories.push({ path: name, migrationFile: { path: MIGRATION_SCRIPT_FILE, content } });
  }

  return {
    baseDir,
    lockfile: { path: MIGRATION_LOCK_FILE, content: lockContent },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}
