/**
 * A throwaway PostgreSQL 15 cluster for tests, benchmarks and `npm run db:migrate`: `initdb` +
 * `pg_ctl` in a temp dir on a free port, trust auth on 127.0.0.1 only, durability off (fsync,
 * synchronous_commit) because the data is thrown away. As root (CI, containers) the server runs as
 * the `postgres` user through `runuser`, since PostgreSQL refuses to run as root.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export const POSTGRES_BIN_DIR = process.env.POSTGRES_BIN_DIR ?? '/usr/lib/postgresql/15/bin';
export const POSTGRES_MISSING_MESSAGE = `PostgreSQL binaries not found: skipped PostgreSQL tests (no ${path.join(POSTGRES_BIN_DIR, 'initdb')}; apt-get install -y postgresql)`;

export function postgresAvailable(): boolean {
  return existsSync(path.join(POSTGRES_BIN_DIR, 'initdb')) && existsSync(path.join(POSTGRES_BIN_DIR, 'pg_ctl'));
}

export interface PostgresCluster {
  port: number;
  dir: string;
  /** Superuser URL of the `postgres` database. */
  adminUrl: string;
  /** `postgresql://postgres@127.0.0.1:<port>/<name>` */
  urlFor(database: string): string;
  /** CREATE DATABASE with a fresh unique name; returns its URL. */
  createDatabase(prefix?: string): Promise<string>;
  stop(): Promise<void>;
}

/** A TCP port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) throw new Error('running as root but there is no `postgres` user to run PostgreSQL as');
  return { uid: Number(uid), gid: Number(gid) };
}

function runAs(user: { uid: number; gid: number } | undefined, command: string, args: string[]): void {
  const [file, argv] = user ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  execFileSync(file, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
}

let databaseCounter = 0;

/** Start a fresh cluster; `stop()` shuts it down and removes its directory. */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  if (!postgresAvailable()) throw new Error(POSTGRES_MISSING_MESSAGE);
  const user = postgresUser();
  const dir = mkdtempSync(path.join(tmpdir(), 'pollboard-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  chmodSync(dir, 0o700);
  const dataDir = path.join(dir, 'data');
  const initdb = path.join(POSTGRES_BIN_DIR, 'initdb');
  const pgCtl = path.join(POSTGRES_BIN_DIR, 'pg_ctl');
  try {
    runAs(user, initdb, ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${stderrOf(error)}`, { cause: error });
  }

  // Another process may take the port between freePort() and the server's bind: retry on a new one.
  let port = 0;
  for (let attempt = 0; ; attempt += 1) {
    port = await freePort();
    const options = [
      `-p ${port}`,
      `-k ${dir}`,
      "-c listen_addresses='127.0.0.1'",
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=200',
    ].join(' ');
    try {
      runAs(user, pgCtl, ['-D', dataDir, '-l', path.join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
      break;
    } catch (error) {
      if (attempt >= 2) {
        const log = existsSync(path.join(dir, 'server.log')) ? readFileSync(path.join(dir, 'server.log'), 'utf8') : '';
        rmSync(dir, { recursive: true, force: true });
        throw new Error(`pg_ctl start failed: ${stderrOf(error)}\n${log}`, { cause: error });
      }
    }
  }

  const urlFor = (database: string) => `postgresql://postgres@127.0.0.1:${port}/${database}`;
  const adminUrl = urlFor('postgres');
  let stopped = false;
  return {
    port,
    dir,
    adminUrl,
    urlFor,
    async createDatabase(prefix = 'pollboard') {
      databaseCounter += 1;
      const name = `${prefix}_${process.pid}_${databaseCounter}_${Math.random().toString(36).slice(2, 8)}`.toLowerCase();
      await createDatabase(adminUrl, name);
      return urlFor(name);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        runAs(user, pgCtl, ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** CREATE DATABASE `name` on the server of `adminUrl`; returns the new database's URL. */
export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unsafe database name: ${name}`);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function stderrOf(error: unknown): string {
  const stderr = (error as { stderr?: Buffer }).stderr;
  return stderr && stderr.length > 0 ? stderr.toString().trim() : error instanceof Error ? error.message : String(error);
}
