/**
 * The app servers the Playwright suite runs against (tests/e2e/support/servers.ts): the demo seed is
 * written once into a fresh template (a SQLite file, removed first, or the fresh PostgreSQL database
 * scripts/e2e-postgres.ts created), the template is copied into one database per server (a file copy;
 * `CREATE DATABASE … TEMPLATE` on PostgreSQL), and each copy is served by its own `next start` of
 * the one production build. Seeding once and copying costs seconds; seeding each database would cost
 * the seed's minute of CPU once per server.
 *
 * Playwright waits for the reader server's address (playwright.config.ts), so that server starts
 * last, once every other one answers. Output lines are prefixed with the server's role.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { ensureSetupToken } from '@/lib/auth/setup-token';
import { createDbClient } from '@/lib/db';
import { resolveDatabaseUrl } from '@/lib/db/url';
import { e2eServers, e2eTemplateUrl, type E2eServer } from '../tests/e2e/support/servers';
import { ensureBuild } from './lib/ensure-build';
import { prepareDatabase } from './lib/prepare-database';
import { bin } from './lib/run';

const SQLITE_SUFFIXES = ['', '-wal', '-shm', '-journal'];

function removeSqlite(filePath: string): void {
  for (const suffix of SQLITE_SUFFIXES) rmSync(filePath + suffix, { force: true });
}

function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  // Only names scripts/e2e-postgres.ts and roleDatabaseUrl make: quoting them below is then safe.
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unexpected database name: ${name}`);
  return name;
}

/** One copy of the seeded template per database a server serves. */
async function copyTemplate(templateUrl: string, targets: string[]): Promise<void> {
  const template = resolveDatabaseUrl(templateUrl);
  if (template.provider === 'sqlite') {
    // Fold the write-ahead log into the file, so the file alone is the whole database.
    const file = new Database(template.filePath);
    file.pragma('wal_checkpoint(TRUNCATE)');
    file.close();
    for (const target of targets) {
      const resolved = resolveDatabaseUrl(target);
      if (resolved.provider !== 'sqlite') throw new Error(`template and copy differ in kind: ${target}`);
      removeSqlite(resolved.filePath);
      copyFileSync(template.filePath, resolved.filePath);
    }
    return;
  }
  const admin = new URL(template.url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    for (const target of targets) {
      await client.query(`DROP DATABASE IF EXISTS "${databaseName(target)}" WITH (FORCE)`);
      await client.query(`CREATE DATABASE "${databaseName(target)}" TEMPLATE "${databaseName(template.url)}"`);
    }
  } finally {
    await client.end();
  }
}

const children: ChildProcess[] = [];

function startServer(server: E2eServer): ChildProcess {
  // Node's 5 s keep-alive default closes an idle socket while Playwright's request context may be
  // reusing it after a long page step (seen once as ECONNRESET on a PostgreSQL run): idle sockets
  // stay open longer than any one test's pause between API calls.
  const child = spawn(bin('next'), ['start', '-p', String(server.port), '--keepAliveTimeout', '65000'], {
    env: { ...process.env, DATABASE_URL: server.databaseUrl, PORT: String(server.port), NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const [stream, out] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ] as const) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) if (line) out.write(`[${server.role}] ${line}\n`);
    });
  }
  child.on('exit', (code, signal) => {
    // A server that dies mid-run fails the run loudly instead of leaving tests to time out.
    console.error(`e2e-server: the ${server.role} server exited (${signal ?? code}); stopping the others`);
    stopAll();
    process.exit(code === 0 ? 1 : (code ?? 1));
  });
  children.push(child);
  return child;
}

function stopAll(): void {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
}

async function waitUntilAnswering(server: E2eServer): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const status = await fetch(`http://127.0.0.1:${server.port}/`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the ${server.role} server did not answer on port ${server.port} within 120 s`);
}

async function main(): Promise<void> {
  const started = performance.now();
  const since = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  const templateUrl = e2eTemplateUrl();
  const template = resolveDatabaseUrl(templateUrl);
  if (template.provider === 'sqlite') {
    mkdirSync(path.dirname(template.filePath), { recursive: true });
    removeSqlite(template.filePath);
  }
  const servers = e2eServers();
  // The build and the seed are independent: the build (if the sources changed) runs beside the seed.
  await Promise.all([ensureBuild(), prepareDatabase({ databaseUrl: templateUrl, setup: false })]);
  const databases = [...new Set(servers.map((s) => s.databaseUrl))];
  await copyTemplate(templateUrl, databases);
  for (const server of servers.filter((s) => s.role === 'setup')) {
    const db = createDbClient(server.databaseUrl);
    try {
      // The fixed first-run token (POLLBOARD_SETUP_TOKEN from playwright.config.ts) on the database with no user.
      await ensureSetupToken(db, process.env.POLLBOARD_SETUP_TOKEN);
    } finally {
      await db.$disconnect();
    }
  }
  console.log(`e2e-server: template seeded and copied into ${databases.length} databases in ${since()}`);

  const others = servers.filter((s) => s.role !== 'reader');
  for (const server of others) startServer(server);
  await Promise.all(others.map(waitUntilAnswering));
  for (const server of servers.filter((s) => s.role === 'reader')) startServer(server);
  console.log(`e2e-server: ${servers.map((s) => `${s.role} on ${s.port}`).join(', ')} (all started ${since()} after launch)`);
}

process.once('SIGTERM', () => {
  stopAll();
  process.exit(0);
});
process.once('SIGINT', () => {
  stopAll();
  process.exit(0);
});

main().catch((error: unknown) => {
  console.error(`e2e-server: ${error instanceof Error ? error.message : String(error)}`);
  stopAll();
  process.exit(1);
});
