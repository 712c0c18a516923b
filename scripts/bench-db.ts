/**
 * `npm run bench -- --only=db`: page render time and throughput on SQLite vs PostgreSQL, on this machine.
 * For each provider: a fresh database (SQLite file in a temp dir; PostgreSQL on a throwaway cluster)
 * migrated and seeded with the demo data, the production build served by `next start` on
 * BENCH_PORT (3302), then per page (requested as a browser does, Accept: text/html):
 *   - "after an edit": 50 sequential requests, each right after an audit row is written, so the
 *     question cache and the page cache both miss and the page is read from the database again;
 *   - "cached": 50 sequential requests of the unchanged page (p50/p95 of the full response time);
 *   - CONCURRENCY (10) clients for DURATION_S (10) seconds (requests per second), unchanged data.
 * Needs a build (`npm run build` or a previous `npm start`). Prints a table; no pass/fail.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { prepareDatabase } from './lib/prepare-database';
import { postgresAvailable, startPostgresCluster } from './lib/postgres-cluster';
import type { PostgresCluster } from './lib/postgres-cluster';
import { bin } from './lib/run';
import { BROWSER_ACCEPT } from './bench/server';
import { createDbClient, type PrismaClient } from '@/lib/db';

const PORT = Number(process.env.BENCH_PORT ?? 3302);
const SEQUENTIAL = Number(process.env.BENCH_REQUESTS ?? 50);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const PAGES = ['/questions/kuril-transfer', '/questions/putin-approval', '/', '/api/v1/questions/putin-approval'];

interface Row {
  provider: string;
  page: string;
  editedP50: number;
  editedP95: number;
  p50: number;
  p95: number;
  rps: number;
}

function quantile(sorted: number[], q: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

async function timed(url: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, { headers: { accept: BROWSER_ACCEPT } });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${url}: HTTP ${response.status}`);
  return performance.now() - started;
}

async function measure(base: string, page: string, db: PrismaClient): Promise<Omit<Row, 'provider'>> {
  for (let i = 0; i < 5; i += 1) await timed(base + page); // warm-up: compile, connect the pool
  const edited: number[] = [];
  for (let i = 0; i < SEQUENTIAL; i += 1) {
    // An edit of the question by hand in SQL: the database triggers tell the server that everything
    // may have changed (lib/freshness), so its caches read afresh — the uncached figure.
    await db.$executeRawUnsafe(`UPDATE "Question" SET "version" = "version" WHERE "id" = (SELECT MIN("id") FROM "Question")`); // write-path: hand edit on purpose
    edited.push(await timed(base + page));
  }
  edited.sort((a, b) => a - b);
  const times: number[] = [];
  for (let i = 0; i < SEQUENTIAL; i += 1) times.push(await timed(base + page));
  times.sort((a, b) => a - b);

  let done = 0;
  const deadline = performance.now() + DURATION_S * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        await timed(base + page);
        done += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    page,
    editedP50: quantile(edited, 0.5),
    editedP95: quantile(edited, 0.95),
    p50: quantile(times, 0.5),
    p95: quantile(times, 0.95),
    rps: done / seconds,
  };
}

async function serve(databaseUrl: string, work: (base: string) => Promise<void>): Promise<void> {
  const server = spawn(bin('next'), ['start', '-p', String(PORT), '-H', '127.0.0.1'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${PORT}`;
  try {
    const until = Date.now() + 90_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error('next start exited');
      const ok = await fetch(`${base}/`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > until) throw new Error('next start did not answer within 90 s');
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    await work(base);
  } finally {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
}

async function benchProvider(provider: string, databaseUrl: string, rows: Row[]): Promise<void> {
  await prepareDatabase({ databaseUrl, log: () => {} });
  const db = createDbClient(databaseUrl);
  try {
    await serve(databaseUrl, async (base) => {
      for (const page of PAGES) {
        const row = { provider, ...(await measure(base, page, db)) };
        rows.push(row);
        console.log(
          `  ${provider.padEnd(10)} ${page.padEnd(32)} after an edit p50 ${row.editedP50.toFixed(1)} / p95 ${row.editedP95.toFixed(1)} ms; cached p50 ${row.p50.toFixed(1)} / p95 ${row.p95.toFixed(1)} ms, ${row.rps.toFixed(1)} req/s`,
        );
      }
    });
  } finally {
    await db.$disconnect();
  }
}

const rows: Row[] = [];
console.log(
  `bench:db: ${SEQUENTIAL} sequential requests per page, then ${CONCURRENCY} clients for ${DURATION_S} s; load average before: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
const dir = mkdtempSync(path.join(tmpdir(), 'pollboard-bench-'));
let cluster: PostgresCluster | undefined;
try {
  await benchProvider('sqlite', `file:${path.join(dir, 'bench.db')}`, rows);
  if (postgresAvailable()) {
    cluster = await startPostgresCluster();
    await benchProvider('postgresql', await cluster.createDatabase('pollboard_bench'), rows);
  } else {
    console.log('bench:db: PostgreSQL binaries not found: skipped PostgreSQL');
  }
} finally {
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
}

console.log('\n| database | page | after an edit p50 / p95 ms | cached p50 / p95 ms | req/s (' + CONCURRENCY + ' clients, cached) |');
console.log('|---|---|---:|---:|---:|');
for (const r of rows)
  console.log(
    `| ${r.provider} | ${r.page} | ${r.editedP50.toFixed(1)} / ${r.editedP95.toFixed(1)} | ${r.p50.toFixed(1)} / ${r.p95.toFixed(1)} | ${r.rps.toFixed(1)} |`,
  );
console.log(
  `load average after: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
