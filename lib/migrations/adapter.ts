import { mkdir } from 'node:fs/promises';
import path from 'node:path';

import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

import type { ResolvedDatabaseUrl } from '@/lib/db/url';

import { createPostgresFactory } from './adapter-postgres';

/** A driver adapter factory that remembers every connection it opened, so they can all be closed. */
export interface TrackedAdapterFactory {
  factory: SqlMigrationAwareDriverAdapterFactory;
  /** Dispose every connection (main and shadow) opened so far; safe to call twice. */
  disposeAll(): Promise<void>;
}

async function createRawFactory(db: ResolvedDatabaseUrl): Promise<SqlMigrationAwareDriverAdapterFactory> {
  if (db.provider === 'sqlite') {
    if (db.filePath !== ':memory:') await mkdir(path.dirname(db.filePath), { recursive: true });
    const { PrismaBetterSqlite3 } = await import('@prisma/adapter-better-sqlite3');
    // The shadow database (used to replay the migration history when diffing) lives in memory.
    return new PrismaBetterSqlite3({ url: db.filePath }, { shadowDatabaseUrl: ':memory:' });
  }
  return createPostgresFactory(db.url);
}

function isMultiStatementError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : '';
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : '';
  return /more than one statement/i.test(`${message} ${cause}`);
}

/**
 * The wasm engine replays migration files on the shadow database through `executeRaw`, but
 * better-sqlite3 prepares one statement at a time ("The supplied SQL string contains more than one
 * statement"). Parameterless multi-statement SQL is therefore retried through `executeScript`
 * (`Database#exec`). `prepare` fails before running anything, so the retry cannot double-apply.
 */
function allowMultiStatementExecuteRaw(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    try {
      return await executeRaw(query);
    } catch (error) {
      if (query.args.length > 0 || !isMultiStatementError(error)) throw error;
      await adapter.executeScript(query.sql);
      return 0;
    }
  };
  return adapter;
}

function track(adapter: SqlDriverAdapter, open: Set<SqlDriverAdapter>): SqlDriverAdapter {
  const dispose = adapter.dispose.bind(adapter);
  let disposed: Promise<void> | undefined;
  adapter.dispose = () => {
    open.delete(adapter);
    disposed ??= dispose();
    return disposed;
  };
  open.add(adapter);
  return adapter;
}

/**
 * The adapter factory the schema engine drives for `db`: better-sqlite3 for `file:` URLs (the file's
 * parent folder is created if missing), node-postgres for `postgres(ql)://` URLs.
 */
export async function createAdapterFactory(db: ResolvedDatabaseUrl): Promise<TrackedAdapterFactory> {
  const raw = await createRawFactory(db);
  const open = new Set<SqlDriverAdapter>();
  const prepare = (adapter: SqlDriverAdapter) => track(db.provider === 'sqlite' ? allowMultiStatementExecuteRaw(adapter) : adapter, open);
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: raw.provider,
    adapterName: raw.adapterName,
    connect: async () => prepare(await raw.connect()),
    connectToShadowDb: async () => prepare(await raw.connectToShadowDb()),
  };
  return {
    factory,
    disposeAll: async () => {
      await Promise.allSettled([...open].map((adapter) => adapter.dispose()));
    },
  };
}
