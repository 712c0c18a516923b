import { mkdirSync } from 'node:fs';
import path from 'node:path';

import type { ResolvedDatabaseUrl } from '@/lib/db/url';
import { resolveDatabaseUrl } from '@/lib/db/url';
import { getEnv } from '@/lib/config/env';

/** The database of DATABASE_URL cannot be used; `message` is one line meant for an operator. */
export class DatabaseConnectionError extends Error {
  override readonly name = 'DatabaseConnectionError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'ENOENT']);

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  errors?: unknown;
}

/** node-postgres reports `connect ECONNREFUSED` on `code`, or on each attempt of an AggregateError (IPv4 + IPv6). */
function errorCode(error: unknown): string | undefined {
  const record = (error ?? {}) as ErrorLike;
  if (typeof record.code === 'string' && record.code !== '') return record.code;
  if (Array.isArray(record.errors)) {
    for (const inner of record.errors) {
      const code = errorCode(inner);
      if (code) return code;
    }
  }
  return undefined;
}

function postgresTarget(url: string): { where: string; user: string; database: string } {
  const parsed = new URL(url);
  const socket = parsed.searchParams.get('host');
  const host = socket ?? (decodeURIComponent(parsed.hostname) || 'localhost');
  const where = socket ? `${socket} (socket)` : `${host}:${parsed.port || '5432'}`;
  return {
    where,
    user: decodeURIComponent(parsed.username) || process.env.PGUSER || 'postgres',
    database: decodeURIComponent(parsed.pathname.slice(1)) || decodeURIComponent(parsed.username) || 'postgres',
  };
}

/** One line naming the server, the cause and what to check, for a PostgreSQL connection error. */
export function describePostgresConnectionError(error: unknown, url: string, timeoutMs?: number): string {
  let target: ReturnType<typeof postgresTarget>;
  try {
    target = postgresTarget(url);
  } catch {
    return 'DATABASE_URL is not a valid postgresql:// URL — check DATABASE_URL';
  }
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code && NETWORK_CODES.has(code)) return `cannot reach PostgreSQL at ${target.where} (${code}) — check DATABASE_URL`;
  if (/timeout/i.test(message)) {
    return `cannot reach PostgreSQL at ${target.where} (no answer within ${timeoutMs ?? '?'} ms) — check DATABASE_URL and DB_POOL_CONNECTION_TIMEOUT_MS`;
  }
  if (code === '28P01' || code === '28000') {
    return `PostgreSQL at ${target.where} refused user "${target.user}" (${code}: ${message}) — check DATABASE_URL`;
  }
  if (code === '3D000') {
    return `PostgreSQL at ${target.where} has no database "${target.database}" (3D000) — create it (createdb) or check DATABASE_URL`;
  }
  return `cannot connect to PostgreSQL at ${target.where} (${code ?? 'error'}: ${message.split('\n')[0] ?? message}) — check DATABASE_URL`;
}

async function checkPostgres(url: string): Promise<void> {
  const { default: pg } = await import('pg');
  const { postgresPoolConfig } = await import('@/lib/migrations/adapter-postgres');
  const timeoutMs = getEnv().DB_POOL_CONNECTION_TIMEOUT_MS;
  let config;
  try {
    config = postgresPoolConfig(url);
  } catch (error) {
    throw new DatabaseConnectionError('DATABASE_URL is not a valid postgresql:// URL — check DATABASE_URL', { cause: error });
  }
  const client = new pg.Client({ ...config, connectionTimeoutMillis: timeoutMs });
  // An error event after connect (server restart) must not crash the check.
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new DatabaseConnectionError(describePostgresConnectionError(error, url, timeoutMs), { cause: error });
  } finally {
    await client.end().catch(() => {});
  }
}

async function checkSqlite(db: Extract<ResolvedDatabaseUrl, { provider: 'sqlite' }>): Promise<void> {
  if (db.filePath === ':memory:') return;
  const { default: Database } = await import('better-sqlite3');
  try {
    mkdirSync(path.dirname(db.filePath), { recursive: true });
    new Database(db.filePath).close();
  } catch (error) {
    const code = errorCode(error) ?? 'error';
    throw new DatabaseConnectionError(`cannot open SQLite database ${db.filePath} (${code}) — check DATABASE_URL and the folder's permissions`, {
      cause: error,
    });
  }
}

/**
 * Fail fast, with one clear line, when DATABASE_URL points nowhere: called by `npm start`,
 * `npm run dev`, `db:deploy` and `db:copy` before the schema engine or Prisma would fail with a
 * long, indirect message. Opens one connection and closes it.
 */
export async function checkDatabaseConnection(databaseUrl: string): Promise<void> {
  let db: ResolvedDatabaseUrl;
  try {
    db = resolveDatabaseUrl(databaseUrl);
  } catch (error) {
    throw new DatabaseConnectionError(`${error instanceof Error ? error.message : String(error)} — check DATABASE_URL`, { cause: error });
  }
  if (db.provider === 'postgresql') await checkPostgres(db.url);
  else await checkSqlite(db);
}

/** One line for any start-up error: the message without stack trace, newlines folded. */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
