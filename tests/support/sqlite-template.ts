import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import { deployMigrations } from '@/lib/migrations/deploy';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated template SQLite file of this run (tests/support/sqlite-global-setup.ts). */
    sqliteTemplatePath: string;
    /** The same with the demo seed in it (absent when it could not be made as one closed file). */
    sqliteSeededTemplatePath: string;
  }
}

/**
 * A migrated SQLite database at `filePath`: a copy of the run's migrated template when the project
 * has one (the same bytes the schema engine would write, in milliseconds), else the migrations
 * applied to it. The template is closed after migrating, so the file alone is the whole database.
 */
export async function createMigratedSqliteFile(filePath: string): Promise<void> {
  const template = inject('sqliteTemplatePath');
  if (template && existsSync(template) && !existsSync(`${template}-wal`)) {
    mkdirSync(path.dirname(filePath), { recursive: true });
    copyFileSync(template, filePath);
    return;
  }
  await deployMigrations({ databaseUrl: `file:${filePath}` });
}

/** The run's seeded SQLite template copied to `filePath`; false when the project has none. */
export function copySeededSqliteFile(filePath: string): boolean {
  const template = inject('sqliteSeededTemplatePath');
  if (!template || !existsSync(template) || existsSync(`${template}-wal`)) return false;
  mkdirSync(path.dirname(filePath), { recursive: true });
  copyFileSync(template, filePath);
  return true;
}
