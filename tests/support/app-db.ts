import { rmSync } from 'node:fs';
import path from 'node:path';
import { resolveDatabaseUrl } from '@/lib/db-url';
import { deployMigrations } from '@/lib/migrations/deploy';

/**
 * For tests of code that uses the app's shared client (`db` from lib/db, e.g. server actions): that
 * client reads DATABASE_URL when lib/db is first imported, so the URL must be set before any import.
 * In the test file:
 *
 *   await vi.hoisted(async () => {
 *     const { mkdtempSync } = await import('node:fs');
 *     const { tmpdir } = await import('node:os');
 *     const { join } = await import('node:path');
 *     process.env.DATABASE_URL = `file:${join(mkdtempSync(join(tmpdir(), 'pollboard-app-')), 'app.db')}`;
 *   });
 *
 * then `await migrateAppDatabase()` in beforeAll and `removeAppDatabase()` in afterAll.
 */
export async function migrateAppDatabase(): Promise<void> {
  await deployMigrations({ databaseUrl: appDatabaseUrl() });
}

export function appDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url || !url.includes('pollboard-app-')) throw new Error('set DATABASE_URL to a temp file in vi.hoisted first (see tests/support/app-db.ts)');
  return url;
}

export async function removeAppDatabase(): Promise<void> {
  const { db } = await import('@/lib/db');
  await db.$disconnect();
  const resolved = resolveDatabaseUrl(appDatabaseUrl());
  if (resolved.provider === 'sqlite') rmSync(path.dirname(resolved.filePath), { recursive: true, force: true });
}
