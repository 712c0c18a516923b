/**
 * `npm run bench -- --only=import [--no-server]`: the CSV import (lib/import) at size, on fresh SQLite files.
 *
 * 1. Generates, with a fixed seed, a 100,000-row wide file (one poll per row, three options and a
 *    party crosstab) and a 300,000-row long file (100,000 polls × three options), and imports each
 *    in its own child process through runImport (decode, parse and check in slices, bulk commit):
 *    rows/s for the whole import and for the commit alone, and the child's peak RSS.
 * 2. Unless --no-server: starts `next start` on a seeded database (BENCH_PORT, default 3846),
 *    uploads the wide file to /api/admin/import as an editor, and meanwhile 8 concurrent readers
 *    load public pages (the overview and a question page, as a browser asks); prints their p50/p95
 *    during the import next to the same readers with no import running.
 *
 * Prints figures; asserts nothing.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SESSION_COOKIE_PLAIN_NAME } from '@/lib/auth/config';
import { createSession } from '@/lib/auth/sessions';
import { createDbClient } from '@/lib/db';
import { importOptions } from '@/lib/import/prepare';
import { runImport } from '@/lib/import/run';
import { deployMigrations } from '@/lib/migrations/deploy';
import { seedDemo } from '@/lib/seed/demo';
import { BROWSER_ACCEPT, ensureBuild, startServer } from './bench/server';
import { longFile, wideFile } from './bench/csv-files';

const PORT = Number(process.env.BENCH_PORT ?? 3846);
const WIDE_ROWS = Number(process.env.BENCH_WIDE_ROWS ?? 100_000);
const LONG_POLLS = Number(process.env.BENCH_LONG_POLLS ?? 100_000);

interface ChildResult {
  rows: number;
  identity: string;
  totalMs: number;
  commitMs: number;
  maxRssMb: number;
  /** CPU seconds (user + system) of the child: steadier than wall time on a shared machine. */
  cpuS: number;
  commitCpuS: number;
}

/** In the child: import one file into a fresh database and report. */
async function child(file: string, dir: string): Promise<void> {
  const url = `file:${path.join(dir, `bench-${path.basename(file)}.db`)}`;
  await deployMigrations({ databaseUrl: url });
  const db = createDbClient(url);
  const { readFileSync } = await import('node:fs');
  const bytes = new Uint8Array(readFileSync(file));
  const started = performance.now();
  let commitStarted = 0;
  let commitCpu = 0;
  const { summary } = await runImport({
    db,
    bytes,
    encoding: 'auto',
    mapping: 'auto',
    options: importOptions(),
    fileName: path.basename(file),
    userId: null,
    onEvent: (e) => {
      if (e.type === 'plan') {
        commitStarted = performance.now();
        commitCpu = process.cpuUsage().user + process.cpuUsage().system;
      }
    },
    yieldNow: () => new Promise((resolve) => setImmediate(resolve)),
  });
  const ended = performance.now();
  await db.$disconnect();
  const result: ChildResult = {
    rows: summary?.rowsIn ?? 0,
    identity: summary?.identity ?? 'no summary',
    totalMs: ended - started,
    commitMs: ended - commitStarted,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    cpuS: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
    commitCpuS: (process.cpuUsage().user + process.cpuUsage().system - commitCpu) / 1e6,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function runChild(file: string, dir: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), 'scripts/bench-csv-import.ts', '--child', file, dir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`child exited with ${code}`));
      const last = out.trim().split('\n').pop() ?? '{}';
      resolve(JSON.parse(last) as ChildResult);
    });
  });
}

function quantile(sorted: number[], q: number): number {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return (sorted[lo] ?? 0) + ((sorted[hi] ?? 0) - (sorted[lo] ?? 0)) * (i - lo);
}

/** 8 readers loading public pages until `until` resolves (or `ms` pass); latencies in ms. */
async function readers(urls: string[], until: Promise<unknown>): Promise<{ n: number; p50: number; p95: number; max: number; errors: number }> {
  const times: number[] = [];
  let errors = 0;
  let done = false;
  void until.finally(() => (done = true));
  await Promise.all(
    Array.from({ length: 8 }, async (_, k) => {
      for (let i = k; !done; i += 1) {
        const t0 = performance.now();
        try {
          const res = await fetch(urls[i % urls.length] ?? '', { headers: { accept: BROWSER_ACCEPT } });
          await res.arrayBuffer();
          if (!res.ok) {
            errors += 1;
            // Name the failures (a count alone cannot tell a 5xx from a slow page).
            if (errors <= 5) console.log(`  reader error: HTTP ${res.status} for ${res.url} after ${Math.round(performance.now() - t0)} ms`);
          }
        } catch (error) {
          errors += 1;
          if (errors <= 5)
            console.log(`  reader error: ${error instanceof Error ? error.message : String(error)} after ${Math.round(performance.now() - t0)} ms`);
        }
        times.push(performance.now() - t0);
      }
    }),
  );
  times.sort((a, b) => a - b);
  return { n: times.length, p50: quantile(times, 0.5), p95: quantile(times, 0.95), max: times[times.length - 1] ?? 0, errors };
}

async function serverRun(dir: string, wide: string): Promise<void> {
  const url = `file:${path.join(dir, 'server.db')}`;
  await deployMigrations({ databaseUrl: url });
  const db = createDbClient(url);
  await seedDemo(db);
  const user = await db.user.create({ data: { email: 'bench.editor@example.org', passwordHash: 'x', role: 'editor' } });
  const { token } = await createSession(db, user.id);
  const slug = (await db.question.findFirst({ select: { slug: true } }))?.slug ?? 'kuril-transfer';
  await db.$disconnect();
  await ensureBuild();
  const server = await startServer(url, PORT, { SESSION_COOKIE_SECURE: 'false' });
  try {
    const pages = [`${server.url}/`, `${server.url}/questions/${slug}`];
    for (const p of pages) await (await fetch(p, { headers: { accept: BROWSER_ACCEPT } })).arrayBuffer();
    const idle = await readers(pages, new Promise((r) => setTimeout(r, 10_000)));
    const { readFileSync } = await import('node:fs');
    const file = readFileSync(wide);
    const meta = JSON.stringify({ fileName: 'wide.csv', encoding: 'auto', mapping: 'auto', options: { mode: 'valid-rows' } });
    const started = performance.now();
    const upload = fetch(`${server.url}/api/admin/import`, {
      method: 'POST',
      headers: { cookie: `${SESSION_COOKIE_PLAIN_NAME}=${token}`, 'content-type': 'application/octet-stream', origin: server.url },
      body: Buffer.concat([Buffer.from(`${meta}\n`), file]),
    }).then(async (res) => ({ status: res.status, text: await res.text() }));
    const during = await readers(pages, upload);
    const { status, text } = await upload;
    const seconds = (performance.now() - started) / 1000;
    const done = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; summary?: { identity: string }; message?: string })
      .find((e) => e.type === 'done' || e.type === 'error');
    console.log(
      `upload of ${WIDE_ROWS.toLocaleString('en')} wide rows through the route: HTTP ${status}, ${seconds.toFixed(1)} s (${Math.round(WIDE_ROWS / seconds).toLocaleString('en')} rows/s), ${done?.summary?.identity ?? done?.message ?? 'no result'}`,
    );
    const show = (label: string, r: Awaited<ReturnType<typeof readers>>) =>
      console.log(`${label}: ${r.n} page loads, p50 ${r.p50.toFixed(0)} ms, p95 ${r.p95.toFixed(0)} ms, max ${r.max.toFixed(0)} ms, ${r.errors} errors`);
    show('public pages, no import   ', idle);
    show('public pages, during import', during);
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') {
    await child(process.argv[3] ?? '', process.argv[4] ?? tmpdir());
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'pollboard-bench-csv-'));
  try {
    const wide = path.join(dir, 'wide.csv');
    const long = path.join(dir, 'long.csv');
    writeFileSync(wide, wideFile(WIDE_ROWS));
    writeFileSync(long, longFile(LONG_POLLS));
    for (const [label, file] of [
      ['wide', wide],
      ['long', long],
    ] as const) {
      const r = await runChild(file, dir);
      console.log(
        `${label}: ${r.rows.toLocaleString('en')} rows in ${(r.totalMs / 1000).toFixed(1)} s = ${Math.round(r.rows / (r.totalMs / 1000)).toLocaleString('en')} rows/s overall; commit ${(r.commitMs / 1000).toFixed(1)} s = ${Math.round(r.rows / (r.commitMs / 1000)).toLocaleString('en')} rows/s; peak RSS ${r.maxRssMb.toFixed(0)} MB; CPU ${r.cpuS.toFixed(1)} s (commit ${r.commitCpuS.toFixed(1)} s = ${Math.round(r.rows / r.commitCpuS).toLocaleString('en')} rows per CPU-second); ${r.identity}`,
      );
    }
    if (!process.argv.includes('--no-server')) await serverRun(dir, wide);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
