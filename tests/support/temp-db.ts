import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDbClient } from '@/lib/db';
import { stopSignal } from '@/lib/freshness/signal';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { createMigratedPostgresDatabase, dropPostgresDatabase, testingOnPostgres } from './postgres';
import { createMigratedSqliteFile } from './sqlite-template';

export interface TempDatabase {
  url: string;
  /** A temp folder for the test's files (the SQLite file lives here). */
  dir: string;
  provider: 'sqlite' | 'postgresql';
  db: PrismaClient;
  cleanup: () => Promise<void>;
}

/**
 * A real, migrated database removed by `cleanup`: a SQLite file in its own temp folder, or — in the
 * Vitest project `postgresql` — a fresh database on the throwaway PostgreSQL cluster.
 */
export async function createTempDatabase(prefix = 'pollboard-test-'): Promise<TempDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  if (testingOnPostgres()) {
    const url = await createMigratedPostgresDatabase();
    const db = createDbClient(url);
    return {
      url,
      dir,
      provider: 'postgresql',
      db,
      cleanup: async () => {
        // The freshness listener's own connection would keep the database from being dropped.
        stopSignal(db);
        await db.$disconnect();
        await dropPostgresDatabase(url);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const file = path.join(dir, 'test.db');
  const url = `file:${file}`;
  await createMigratedSqliteFile(file);
  const db = createDbClient(url);
  return {
    url,
    dir,
    provider: 'sqlite',
    db,
    cleanup: async () => {
      stopSignal(db);
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
