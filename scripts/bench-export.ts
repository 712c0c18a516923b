/**
 * `npm run bench -- --only=export [--polls 100000]`: full-dump throughput and memory against the sqlite3 CLI.
 *
 * Builds a synthetic database with a fixed seed in a temp SQLite file (N polls × 3 top-line
 * results, 10% with a 2-subgroup crosstab), then, each in a fresh child process, streams the full CSV
 * and JSON dumps through the same code as /api/v1/export/polls.* and samples the RSS. The reference
 * is `sqlite3 -csv` printing the same joined rows. Targets: ≥ 50% of sqlite3's rows/s, peak RSS < 300 MB.
 *
 * Environment: BENCH_RUNS (best of N, default 3), BENCH_PRISMA=1 (read through Prisma instead of the
 * direct SQLite reader, for comparison), BENCH_KEEP=1 (keep the database file), BENCH_BUILD_ONLY=1.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDbClient } from '@/lib/db';
import { dumpBody } from '@/lib/export/http';
import { deployMigrations } from '@/lib/migrations/deploy';
import { buildSyntheticDatabase, type BuildResult } from './bench/synthetic';

const SCRIPT = fileURLToPath(import.meta.url);

function buildDatabase(file: string, pollCount: number): BuildResult {
  return buildSyntheticDatabase(file, { polls: pollCount, questions: 5, pollsters: 20 });
}

/** The same joined rows, in the same order, as the dump: what the sqlite3 CLI is timed on. */
export const SQLITE_QUERY = `
SELECT p.id, p.externalKey, ps.name, ps.slug, sp.name, sp.slug, p.fieldStart, p.fieldEnd, p.datePrecision, p.publishedAt,
  p.publishedPrecision, p.sampleSize, p.population, p.mode, p.modeDetail, p.samplingFrame, p.weighting, p.reportedMoe,
  p.moeConfidence, p.designEffect, p.sourceUrls, p.notes, q.slug, q.title, q.wording, pq.wording, pq.wordingKey,
  o.key, o.label, o.position, x.percent, x.count, x.dimension, x.subgroup, x.n, p.updatedAt
FROM (
  SELECT pq.pollId AS pollId, pq.id AS pqId, 0 AS bpos, 0 AS bid, r.optionId AS optionId, r.percent AS percent, r.count AS count,
    NULL AS dimension, NULL AS subgroup, NULL AS n
  FROM PollQuestion pq JOIN Result r ON r.pollQuestionId = pq.id
  UNION ALL
  SELECT pq.pollId, pq.id, b.position + 1, b.id, br.optionId, br.percent, NULL, b.dimension, b.subgroup, b.sampleSize
  FROM PollQuestion pq JOIN Breakdown b ON b.pollQuestionId = pq.id JOIN BreakdownResult br ON br.breakdownId = b.id
) x
JOIN PollQuestion pq ON pq.id = x.pqId
JOIN Poll p ON p.id = x.pollId
JOIN Pollster ps ON ps.id = p.pollsterId
LEFT JOIN Pollster sp ON sp.id = p.sponsorId
JOIN Question q ON q.id = pq.questionId
JOIN QuestionOption o ON o.id = x.optionId
ORDER BY x.pollId, x.pqId, x.bpos, x.bid, o.position;`;

export interface Measure {
  rows: number;
  seconds: number;
  bytes: number;
  peakRssMb: number;
  /** RSS once the modules are loaded and the database is open, before the dump. */
  startRssMb: number;
  peakHeapMb: number;
}

/** Child process: stream one dump to nowhere, count bytes and rows, sample RSS every 20 ms. */
async function child(format: 'csv' | 'json', file: string): Promise<void> {
  const db = createDbClient(`file:${file}`);
  await db.$queryRaw`SELECT 1`;
  const startRss = process.memoryUsage().rss;
  let peak = startRss;
  let peakHeap = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  const started = performance.now();
  const reader = dumpBody(db, 'polls', {
    format,
    batchSize: process.env.BENCH_BATCH ? Number(process.env.BENCH_BATCH) : undefined,
    databaseUrl: process.env.BENCH_PRISMA ? undefined : `file:${file}`,
  }).getReader();
  let bytes = 0;
  let newlines = 0;
  let chunks = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    for (let i = value.indexOf(10); i !== -1; i = value.indexOf(10, i + 1)) newlines += 1;
    // process.memoryUsage() walks the heap spaces and costs more than writing a chunk: sample the
    // cheap RSS figure every chunk, the heap every 32 chunks (~2 MB).
    chunks += 1;
    peak = Math.max(peak, process.memoryUsage.rss());
    if (chunks % 32 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(timer);
  await db.$disconnect();
  // CSV: header + one line per row (the synthetic notes have no line breaks); JSON: one row per line + 2.
  const rows = format === 'csv' ? newlines - 1 : newlines - 2;
  const mb = (n: number) => n / 1024 / 1024;
  const result: Measure = { rows, seconds, bytes, peakRssMb: mb(peak), startRssMb: mb(startRss), peakHeapMb: mb(peakHeap) };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

export function runChild(format: 'csv' | 'json', file: string): Promise<Measure> {
  return new Promise((resolve, reject) => {
    const tsx = path.join(process.cwd(), 'node_modules', '.bin', 'tsx');
    const proc = spawn(tsx, [SCRIPT, '--child', format, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0) reject(new Error(`child ${format} exited with ${code}`));
      else resolve(JSON.parse(line) as Measure);
    });
  });
}

export async function sqliteCli(file: string): Promise<{ seconds: number; rows: number }> {
  const probe = spawnSync('sqlite3', ['-version'], { encoding: 'utf8' });
  if (probe.status !== 0) throw new Error('sqlite3 command-line tool missing: apt-get install -y sqlite3');
  const started = performance.now();
  // Output goes to a pipe we only count, like the dump's consumer (streamed: a million polls print
  // about a gigabyte).
  const proc = spawn('sqlite3', ['-csv', file, SQLITE_QUERY], { stdio: ['ignore', 'pipe', 'pipe'] });
  let rows = 0;
  let stderr = '';
  proc.stdout.on('data', (chunk: Buffer) => {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows += 1;
  });
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => proc.on('close', resolve));
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`sqlite3 failed: ${stderr}`);
  return { seconds, rows };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    await child(args[1] === 'json' ? 'json' : 'csv', args[2] ?? '');
    return;
  }
  const pollsArg = args.indexOf('--polls');
  const polls = pollsArg >= 0 ? Number(args[pollsArg + 1]) : 100_000;
  const dir = mkdtempSync(path.join(tmpdir(), 'pollboard-bench-export-'));
  const file = path.join(dir, 'bench.db');
  try {
    await deployMigrations({ databaseUrl: `file:${file}` });
    const t0 = performance.now();
    const built = buildDatabase(file, polls);
    console.log(
      `built ${built.polls.toLocaleString('en')} polls, ${built.rows.toLocaleString('en')} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    if (process.env.BENCH_BUILD_ONLY) return;
    // The machine may be shared: best of N runs for every contender, so load spikes do not decide.
    const runs = Number(process.env.BENCH_RUNS ?? 3);
    const best = <T extends { seconds: number }>(list: T[]): T => list.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    const cliRuns: { seconds: number; rows: number }[] = [];
    const csvRuns: Measure[] = [];
    const jsonRuns: Measure[] = [];
    for (let i = 0; i < runs; i += 1) {
      cliRuns.push(await sqliteCli(file));
      csvRuns.push(await runChild('csv', file));
      jsonRuns.push(await runChild('json', file));
    }
    const cli = best(cliRuns);
    const worst = (list: Measure[], m: Measure): Measure => ({
      ...m,
      peakRssMb: Math.max(...list.map((x) => x.peakRssMb)),
      peakHeapMb: Math.max(...list.map((x) => x.peakHeapMb)),
    });
    const csv = worst(csvRuns, best(csvRuns));
    const json = worst(jsonRuns, best(jsonRuns));
    console.log(`best of ${runs} runs each (load average ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} CPUs); peak RSS = max over runs`);
    const cliRate = cli.rows / cli.seconds;
    const line = (name: string, m: Measure) =>
      `| ${name} | ${m.rows.toLocaleString('en')} | ${m.seconds.toFixed(2)} | ${Math.round(m.rows / m.seconds).toLocaleString('en')} | ${(m.bytes / 1024 / 1024).toFixed(1)} | ${m.peakRssMb.toFixed(0)} (${m.startRssMb.toFixed(0)} before) | ${m.peakHeapMb.toFixed(0)} | ${((m.rows / m.seconds / cliRate) * 100).toFixed(0)}% |`;
    console.log('');
    console.log('| dump | rows | seconds | rows/s | MB written | peak RSS MB (before dump) | peak JS heap MB | vs sqlite3 |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
    console.log(line('polls.csv (streamed)', csv));
    console.log(line('polls.json (streamed)', json));
    console.log(
      `| sqlite3 -csv (same joined rows) | ${cli.rows.toLocaleString('en')} | ${cli.seconds.toFixed(2)} | ${Math.round(cliRate).toLocaleString('en')} | – | – | – | 100% |`,
    );
    console.log('');
    const ok = (m: Measure) => m.rows === built.rows && m.rows / m.seconds >= 0.5 * cliRate && m.peakRssMb < 300;
    console.log(`targets (≥ 50% of sqlite3 rows/s, peak RSS < 300 MB, every row): csv ${ok(csv) ? 'met' : 'MISSED'}, json ${ok(json) ? 'met' : 'MISSED'}`);
  } finally {
    if (process.env.BENCH_KEEP) console.log('kept', file);
    else rmSync(dir, { recursive: true, force: true });
  }
}

// Run only as a script (or as its own child); `npm run bench` imports the pieces above.
if (process.argv[1] && path.resolve(process.argv[1]) === SCRIPT) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack : String(error));
    process.exitCode = 1;
  });
}
