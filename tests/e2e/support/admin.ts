import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export { E2E_SETUP_TOKEN } from './constants';

/** The SQLite file the e2e server uses (same default as playwright.config.ts). */
export function e2eDatabasePath(): string {
  const url = process.env.E2E_DATABASE_URL ?? 'file:./test-results/e2e-db/pollboard-e2e.db';
  return path.resolve(url.replace(/^file:/, ''));
}

/** Read-only query against the running server's database: the "follow-up read" of a test. */
export function queryE2eDb<T>(sql: string, ...params: unknown[]): T[] {
  const file = new Database(e2eDatabasePath(), { readonly: true, fileMustExist: true });
  try {
    return file.prepare(sql).all(...params) as T[];
  } finally {
    file.close();
  }
}

export function tableCountsE2e(): Record<string, number> {
  const tables = queryE2eDb<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
  const out: Record<string, number> = {};
  for (const { name } of tables) out[name] = queryE2eDb<{ n: number }>(`SELECT COUNT(*) AS n FROM "${name}"`)[0]?.n ?? 0;
  return out;
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
