import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createDbClient, type DbClient } from '@/lib/db';
import { resolveDatabaseUrl } from '@/lib/db/url';
import { tableCounts } from '../../support/db-counts';
import { E2E_DEFAULT_DATABASE_URL } from './constants';

export { E2E_SETUP_TOKEN } from './constants';

/** The e2e server's database (same default as playwright.config.ts): a SQLite file or PostgreSQL. */
export function e2eDatabaseUrl(): string {
  return resolveDatabaseUrl(process.env.E2E_DATABASE_URL ?? E2E_DEFAULT_DATABASE_URL).url;
}

/**
 * A client for the one call, disconnected afterwards: the specs read a few times per test, and a
 * client left open would hold a PostgreSQL connection (or the SQLite file) until the worker exits.
 */
async function withE2eDb<T>(read: (db: DbClient) => Promise<T>): Promise<T> {
  const db = createDbClient(e2eDatabaseUrl());
  try {
    return await read(db);
  } finally {
    await db.$disconnect();
  }
}

/** COUNT(*) comes back as a bigint from both providers; the specs compare plain numbers. */
function withNumbers(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === 'bigint' ? Number(value) : value]));
}

/**
 * Read-only query against the running server's database: the "follow-up read" of a test. A tagged
 * template, so Prisma renders each `${value}` as the provider's placeholder (`?` on SQLite, `$1` on
 * PostgreSQL). Write SQL both accept: quoted identifiers ("User", "sampleSize"), `= false` for booleans.
 * Booleans come back as true/false from both.
 *
 * @example await queryE2eDb<{ n: number }>`SELECT COUNT(*) AS n FROM "User" WHERE "email" = ${email}`
 */
export async function queryE2eDb<T>(sql: TemplateStringsArray, ...values: unknown[]): Promise<T[]> {
  const rows = await withE2eDb((db) => db.$queryRaw<Record<string, unknown>[]>(sql, ...values));
  return rows.map(withNumbers) as T[];
}

/** Row counts of every model's table (from the Prisma schema, so the same list on both providers). */
export async function tableCountsE2e(): Promise<Record<string, number>> {
  return withE2eDb(tableCounts);
}

/**
 * The id Next gave a server action in this build, from .next/server/server-reference-manifest.json
 * (what the browser sends in the Next-Action header).
 */
export function serverActionId(file: string, exportName: string): string {
  const manifestPath = path.resolve('.next/server/server-reference-manifest.json');
  if (!existsSync(manifestPath)) throw new Error('no build: .next/server/server-reference-manifest.json is missing');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { node: Record<string, { exportedName?: string; filename?: string }> };
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (entry.exportedName === exportName && entry.filename?.replace(/\\/g, '/').endsWith(file)) return id;
  }
  throw new Error(`server action ${file}#${exportName} not found in the manifest`);
}

/**
 * Creates the account once on the E2E server's database (tests/e2e/support/create-user.ts, the same
 * code path as `npm run admin:create`); a spec that runs again finds it and does nothing.
 */
export async function ensureUser(user: { email: string; password: string }, role: 'admin' | 'editor'): Promise<void> {
  const existing = (await queryE2eDb<{ n: number }>`SELECT COUNT(*) AS n FROM "User" WHERE "email" = ${user.email}`)[0]?.n ?? 0;
  if (existing > 0) return;
  execFileSync(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), 'tests/e2e/support/create-user.ts', user.email, user.password, role], {
    env: { ...process.env, DATABASE_URL: e2eDatabaseUrl() },
    stdio: 'pipe',
  });
}
