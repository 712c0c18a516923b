import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDbClient } from '@/lib/db';
import { stopSignal } from '@/lib/freshness/signal';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { seedDemo } from '@/lib/seed/demo';
import { createMigratedPostgresDatabase, dropPostgresDatabase, SEEDED_TEMPLATE_DATABASE, TEMPLATE_DATABASE, testingOnPostgres } from './postgres';
import { copySeededSqliteFile, createMigratedSqliteFile } from './sqlite-template';

export interface TempDatabase {
  url: string;
  /** A temp folder for the test's files (the SQLite file lives here). */
  dir: string;
  provider: 'sqlite' | 'postgresql';
  db: PrismaClient;
  cleanup: () => Promise<void>;
}

/** Without a seeded template (a project without the globalSetup): seed the file here. */
async function seedOnce(file: string): Promise<void> {
  const db = createDbClient(`file:${file}`);
  try {
    await seedDemo(db);
  } finally {
    stopSignal(db);
    await db.$disconnect();
  }
}

/**
 * A real, migrated database removed by `cleanup`: a SQLite file in its own temp folder, or — in the
 * Vitest project `postgresql` — a fresh database on the throwaway PostgreSQL cluster. With `seeded`
 * it already holds the demo seed (lib/seed/demo.ts), copied from a template seeded once per run.
 */
export async function createTempDatabase(prefix = 'pollboard-test-', options: { seeded?: boolean } = {}): Promise<TempDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  if (testingOnPostgres()) {
    const url = await createMigratedPostgresDatabase('pollboard_test', options.seeded ? SEEDED_TEMPLATE_DATABASE : TEMPLATE_DATABASE);
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
  if (!(options.seeded && copySeededSqliteFile(file))) {
    await createMigratedSqliteFile(file);
    if (options.seeded) await seedOnce(file);
  }
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
