import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import { deployMigrations } from '@/lib/migrations/deploy';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated template SQLite file of this run (tests/support/sqlite-global-setup.ts). */
    sqliteTemplatePath: string;
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
