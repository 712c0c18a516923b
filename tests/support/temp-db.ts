import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDbClient } from '@/lib/db';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { deployMigrations } from '@/lib/migrations/deploy';

export interface TempDatabase {
  url: string;
  dir: string;
  db: PrismaClient;
  cleanup: () => Promise<void>;
}

/** A real, migrated SQLite file in its own temp folder, removed by `cleanup`. */
export async function createTempDatabase(prefix = 'pollboard-test-'): Promise<TempDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const url = `file:${path.join(dir, 'test.db')}`;
  await deployMigrations({ databaseUrl: url });
  const db = createDbClient(url);
  return {
    url,
    dir,
    db,
    cleanup: async () => {
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
