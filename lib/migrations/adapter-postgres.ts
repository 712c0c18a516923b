import type { PrismaPg } from '@prisma/adapter-pg';
import { DriverAdapterError, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { PoolConfig, QueryConfig, QueryResult } from 'pg';

type PrismaPgAdapter = Awaited<ReturnType<PrismaPg['connect']>>;

/**
 * node-postgres factory with our own shadow database handling. adapter-pg 7.10's
 * `connectToShadowDb()` has two problems: with `{ connectionString }` its `{ ...config, database }`
 * still connects to the real database (the URL wins), and its dispose drops the shadow database
 * before closing the pool connected to it ("is being accessed by other users"), leaking it.
 */
export async function createPostgresFactory(url: string): Promise<SqlMigrationAwareDriverAdapterFactory> {
  const { PrismaPg } = await import('@prisma/adapter-pg');
  const config = postgresPoolConfig(url);
  const main = new PrismaPg(config);
  return {
    provider: main.provider,
    adapterName: main.adapterName,
    connect: async () => readCharAsText(await main.connect()),
    connectToShadowDb: async () => {
      const admin = await main.connect();
      const database = `prisma_migrate_shadow_db_${globalThis.crypto.randomUUID()}`;
      try {
        await admin.executeScript(`CREATE DATABASE "${database}"`);
        const shadow = readCharAsText(await new PrismaPg({ ...config, database }).connect());
        const disposeShadow = shadow.dispose.bind(shadow);
        shadow.dispose = async () => {
          try {
            await disposeShadow();
          } finally {
            await admin.executeScript(`DROP DATABASE IF EXISTS "${database}"`).finally(() => admin.dispose());
          }
        };
        return shadow;
      } catch (error) {
        await admin.executeScript(`DROP DATABASE IF EXISTS "${database}"`).catch(() => {});
        await admin.dispose();
        throw error;
      }
    },
  };
}

const PG_CHAR_OID = 18; // the one-byte internal "char" type (pg_constraint.contype, …)
const PG_TEXT_OID = 25;

type ArrayQuery = (config: QueryConfig) => Promise<QueryResult<unknown[]>>;

/**
 * The engine's PostgreSQL describer reads catalog columns of type "char" (e.g. constraint kinds),
 * which adapter-pg 7.10 cannot map ("Column type 'char' could not be deserialized"), so any diff
 * involving a foreign key fails. node-postgres already returns those values as strings; relabel
 * the columns as text so the adapter maps them.
 */
function readCharAsText(adapter: PrismaPgAdapter): PrismaPgAdapter {
  const pool = adapter.underlyingDriver();
  const query = pool.query.bind(pool) as ArrayQuery;
  // adapter-pg 7.10 splits a migration script on every ";", which breaks a function body
  // (PL/pgSQL statements end with ";": the ChangeLog triggers, migration add_change_log). PostgreSQL
  // runs a multi-statement script in one simple-protocol query, as `prisma migrate deploy` sends it.
  adapter.executeScript = async (script: string) => {
    try {
      await pool.query(script);
    } catch (error) {
      const e = error as { code?: string; severity?: string; message?: string; detail?: string; column?: string; hint?: string };
      throw new DriverAdapterError({
        kind: 'postgres',
        code: e.code ?? 'unknown',
        severity: e.severity ?? 'ERROR',
        message: e.message ?? String(error),
        detail: e.detail,
        column: e.column,
        hint: e.hint,
      });
    }
  };
  const patched: ArrayQuery = async (config) => {
    const result = await query(config);
    for (const field of result.fields ?? []) {
      if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
    }
    return result;
  };
  Object.assign(pool, { query: patched });
  return adapter;
}

/** `postgresql://user:pass@host:port/db?sslmode=…&host=/socket/dir` as discrete node-postgres fields. */
export function postgresPoolConfig(url: string): PoolConfig {
  const parsed = new URL(url);
  const params = parsed.searchParams;
  const config: PoolConfig = {
    host: params.get('host') ?? (decodeURIComponent(parsed.hostname) || undefined),
    port: parsed.port ? Number(parsed.port) : undefined,
    user: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    database: parsed.pathname.length > 1 ? decodeURIComponent(parsed.pathname.slice(1)) : undefined,
  };
  const sslmode = params.get('sslmode');
  if (sslmode === 'require' || sslmode === 'verify-ca' || sslmode === 'verify-full' || params.get('ssl') === 'true') {
    config.ssl = { rejectUnauthorized: sslmode === 'verify-ca' || sslmode === 'verify-full' };
  }
  return config;
}
