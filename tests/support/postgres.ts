/**
 * PostgreSQL for tests: a throwaway cluster (scripts/lib/postgres-cluster.ts) started once per test
 * run by the Vitest project `postgresql` (tests/support/postgres-global-setup.ts) and by
 * scripts/e2e-postgres.ts for Playwright. Every test file gets a fresh database cloned from a
 * migrated template, so files stay independent and run in parallel.
 */
import pg from 'pg';
import { inject } from 'vitest';
import { createDatabase } from '../../scripts/lib/postgres-cluster';

/** The migrated template every per-file database is cloned from (CREATE DATABASE … TEMPLATE). */
export const TEMPLATE_DATABASE = 'pollboard_template';
/** The migrated template with the demo seed in it (tests/support/postgres-global-setup.ts). */
export const SEEDED_TEMPLATE_DATABASE = 'pollboard_template_seeded';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the throwaway cluster's `postgres` database. */
    postgresAdminUrl: string;
  }
}

/** True inside the Vitest project `postgresql` (createTempDatabase then makes PostgreSQL databases). */
export function testingOnPostgres(): boolean {
  return process.env.TEST_DATABASE_PROVIDER === 'postgresql';
}

export function postgresAdminUrl(): string {
  const url = inject('postgresAdminUrl');
  if (!url) throw new Error('no PostgreSQL cluster: run this file in the Vitest project "postgresql"');
  return url;
}

let counter = 0;
const STARTED = Math.round(performance.timeOrigin).toString(36);

function uniqueName(prefix: string): string {
  counter += 1;
  // Unique on the run's throwaway cluster without randomness: process id, the process's start time
  // (a process id can be reused later in a run) and a counter.
  return `${prefix}_${process.pid}_${STARTED}_${counter}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
}

/** A new empty database on the test cluster (no tables). */
export async function createEmptyPostgresDatabase(prefix = 'pollboard_empty'): Promise<string> {
  return createDatabase(postgresAdminUrl(), uniqueName(prefix));
}

/** A new database with every migration applied, cloned from the template (fast: a file copy). */
export async function createMigratedPostgresDatabase(prefix = 'pollboard_test', template: string = TEMPLATE_DATABASE): Promise<string> {
  const name = uniqueName(prefix);
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  const url = new URL(postgresAdminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** DROP DATABASE … WITH (FORCE): also ends connections a failed test left open. */
export async function dropPostgresDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresAdminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
