/**
 * `npm run bench [-- --quick]`: Pollboard measured against the physical limits of this machine.
 *
 * Builds a synthetic database with a fixed seed (scripts/bench/synthetic.ts: 100k polls, 200
 * questions, 25 pollsters, crosstabs on 10%; `--quick`: 10k polls) in a temp dir, runs `next build`
 * only when the build stamp is stale, starts `next start` on it and measures each figure next to a
 * baseline taken in the same run (the machine may be shared, so ratios are what compare):
 *
 *   render.*      question page server render, sequential requests: first request of each of the
 *                 200 questions ("uncached": nothing of that question is in the cache yet) and
 *                 repeats of one URL ("cached": the page cache, lib/http/page-cache.ts, answers with
 *                 the HTML rendered before, after checking the database's read stamp).
 *   http.*        autocannon, 50 connections, 20 s (quick 5 s): page, API and a static file from the
 *                 same server (public/bench-static.txt); *_vs_static = ratio of requests/s.
 *   dump.*        full polls dump (lib/export, the code of /api/v1/export/polls.*) in a child process,
 *                 rows/s and peak RSS, next to `sqlite3 -csv` printing the same joined rows.
 *   import.*      importPollDumpCsv (lib/export/import-polls.ts) of a ~100k-row dump into an empty db.
 *   stats.*       lib/stats trend methods and house effects at 10k polls (median of 7 after 3 warm-ups).
 *   js.*          gzipped JS the built HTML references (sum of gzip sizes of its <script src> chunks,
 *                 without `nomodule` polyfills, which module-capable browsers never fetch).
 *
 * Prints a markdown table and writes bench/results.json: { meta: {cpu, cores, node, …}, figures: { key: number } }.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { createDbClient } from '@/lib/db';
import { dumpBody } from '@/lib/export/http';
import { importPollDumpCsv } from '@/lib/export/import-polls';
import { deployMigrations } from '@/lib/migrations/deploy';
import { computeTrend, houseEffects } from '@/lib/stats';
import { runChild, sqliteCli, type Measure } from '../bench-export';
import { bin } from '../lib/run';
import { BROWSER_ACCEPT, ensureBuild, startServer } from './server';
import { medianTime, syntheticPolls, TREND_METHODS } from './stats-cases';
import { buildSyntheticDatabase, syntheticQuestionSlug } from './synthetic';

const quick = process.argv.includes('--quick');
const POLLS = quick ? 10_000 : 100_000;
const QUESTIONS = 200;
const PORT = Number(process.env.BENCH_PORT ?? 3811);
const DURATION_S = quick ? 5 : 20;
const RENDER_REQUESTS = quick ? 60 : 200;
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? (quick ? 10_000 : 100_000));
const DUMP_RUNS = quick ? 1 : 2;

const figures: Record<string, number> = {};
const misses: string[] = [];

function quantile(sorted: number[], q: number): number {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return (sorted[lo] ?? 0) + ((sorted[hi] ?? 0) - (sorted[lo] ?? 0)) * (i - lo);
}


async function timedGet(url: string): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(url, { headers: { accept: BROWSER_ACCEPT } });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return performance.now() - t0;
}

interface Cannon {
  rps: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** Requests still unanswered when the window closed (slow routes under 50 connections). */
  timeouts: number;
}

/** Let the server finish the previous run's queued requests before the next run starts. */
async function drain(base: string): Promise<void> {
  for (let i = 0; i < 600; i += 1) {
    if ((await timedGet(`${base}/bench-static.txt`)) < 50) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** autocannon as its own process (its event loop must not share ours), JSON result. */
function autocannon(url: string, seconds: number, connections = 50): Promise<Cannon> {
  return new Promise((resolve, reject) => {
    const proc = spawn(bin('autocannon'), ['-c', String(connections), '-d', String(seconds), '-H', `accept=${BROWSER_ACCEPT}`, '-j', url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}`));
      // Completed requests over the window: autocannon's per-second average reads 0 when every
      // response of a slow route lands after the first sampled second.
      const r = JSON.parse(out) as { requests: { total: number }; duration: number; latency: { p99: number }; errors: number; non2xx: number; timeouts: number };
      resolve({ rps: r.requests.total / r.duration, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx, timeouts: r.timeouts });
    });
  });
}

async function jsGzipKb(base: string, route: string): Promise<number> {
  const html = await (await fetch(base + route)).text();
  // `nomodule` scripts (Next's legacy polyfills) are skipped: browsers that run ES modules, i.e. every
  // browser Next supports, never download them (checked in Chromium).
  const tags = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]).filter((tag) => !/\snomodule\b/i.test(tag));
  const srcs = new Set(tags.map((tag) => /\ssrc="([^"]+\.js[^"]*)"/.exec(tag)?.[1]).filter((src): src is string => Boolean(src)));
  let bytes = 0;
  for (const src of srcs) {
    const body = Buffer.from(await (await fetch(new URL(src.replace(/&amp;/g, '&'), base))).arrayBuffer());
    bytes += gzipSync(body, { level: 9 }).length;
  }
  return bytes / 1024;
}

async function dumpText(file: string): Promise<string> {
  const db = createDbClient(`file:${file}`);
  try {
    return await new Response(dumpBody(db, 'polls', { format: 'csv', databaseUrl: `file:${file}` })).text();
  } finally {
    await db.$disconnect();
  }
}

async function main(): Promise<void> {
  const log = (line: string) => console.log(line);
  const dir = mkdtempSync(path.join(tmpdir(), 'pollboard-bench-'));
  const file = path.join(dir, 'bench.db');
  const started = performance.now();
  try {
    await ensureBuild(log);
    await deployMigrations({ databaseUrl: `file:${file}` });
    const t0 = performance.now();
    const built = buildSyntheticDatabase(file, { polls: POLLS, questions: QUESTIONS, pollsters: 25 });
    log(`data: ${built.polls.toLocaleString('en')} polls, ${QUESTIONS} questions, 25 pollsters, ${built.rows.toLocaleString('en')} dump rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // ── server figures ──
    const server = await startServer(`file:${file}`, PORT);
    try {
      const base = server.url;
      const slugs = Array.from({ length: QUESTIONS }, (_, i) => syntheticQuestionSlug(i + 1));
      await timedGet(`${base}/questions/${slugs[0]}`); // compile/JIT warm-up of the route, once
      const cold: number[] = [];
      for (let i = 0; i < RENDER_REQUESTS; i += 1) cold.push(await timedGet(`${base}/questions/${slugs[i % slugs.length]}`));
      cold.sort((a, b) => a - b);
      const warm: number[] = [];
      const one = `${base}/questions/${slugs[1]}`;
      for (let i = 0; i < RENDER_REQUESTS; i += 1) warm.push(await timedGet(one));
      warm.sort((a, b) => a - b);
      figures['render.uncached.p50_ms'] = quantile(cold, 0.5);
      figures['render.uncached.p95_ms'] = quantile(cold, 0.95);
      figures['render.cached.p50_ms'] = quantile(warm, 0.5);
      figures['render.cached.p95_ms'] = quantile(warm, 0.95);
      log(`render: ${RENDER_REQUESTS} requests each, done`);

      const stat = await autocannon(`${base}/bench-static.txt`, DURATION_S);
      await drain(base);
      const page = await autocannon(one, DURATION_S);
      await drain(base);
      const stat2 = await autocannon(`${base}/bench-static.txt`, DURATION_S);
      await drain(base);
      const api = await autocannon(`${base}/api/v1/questions/${slugs[1]}`, DURATION_S);
      await drain(base);
      const staticRps = (stat.rps + stat2.rps) / 2;
      figures['http.static.rps'] = staticRps;
      figures['http.page.rps'] = page.rps;
      figures['http.page.p99_ms'] = page.p99;
      figures['http.page.vs_static'] = page.rps / staticRps;
      figures['http.api.rps'] = api.rps;
      figures['http.api.p99_ms'] = api.p99;
      figures['http.api.vs_static'] = api.rps / staticRps;
      figures['http.errors'] = [stat, page, stat2, api].reduce((n, c) => n + c.errors + c.non2xx, 0);
      figures['http.unanswered_at_window_end'] = [stat, page, stat2, api].reduce((n, c) => n + c.timeouts, 0);
      log(`http: static ${stat.rps.toFixed(0)}/${stat2.rps.toFixed(0)} req/s, page ${page.rps.toFixed(0)}, api ${api.rps.toFixed(0)}`);

      figures['js.home_gzip_kb'] = await jsGzipKb(base, '/');
      figures['js.question_gzip_kb'] = await jsGzipKb(base, `/questions/${slugs[1]}`);
    } finally {
      await server.stop();
    }

    // ── dumps (server stopped: the dump and sqlite3 get the CPUs to themselves) ──
    const best = <T extends { seconds: number }>(list: T[]): T => list.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    const cliRuns: { seconds: number; rows: number }[] = [];
    const csvRuns: Measure[] = [];
    const jsonRuns: Measure[] = [];
    for (let i = 0; i < DUMP_RUNS; i += 1) {
      cliRuns.push(sqliteCli(file));
      csvRuns.push(await runChild('csv', file));
      jsonRuns.push(await runChild('json', file));
    }
    const cli = best(cliRuns);
    const csv = best(csvRuns);
    const json = best(jsonRuns);
    if (csv.rows !== built.rows || json.rows !== built.rows) throw new Error(`dump rows ${csv.rows}/${json.rows}, expected ${built.rows}`);
    figures['dump.rows'] = built.rows;
    figures['dump.sqlite3.rows_per_s'] = cli.rows / cli.seconds;
    figures['dump.csv.rows_per_s'] = csv.rows / csv.seconds;
    figures['dump.csv.vs_sqlite3'] = csv.rows / csv.seconds / (cli.rows / cli.seconds);
    figures['dump.csv.peak_rss_mb'] = Math.max(...csvRuns.map((m) => m.peakRssMb));
    figures['dump.json.rows_per_s'] = json.rows / json.seconds;
    figures['dump.json.vs_sqlite3'] = json.rows / json.seconds / (cli.rows / cli.seconds);
    figures['dump.json.peak_rss_mb'] = Math.max(...jsonRuns.map((m) => m.peakRssMb));
    log('dump: done');

    // ── import: a dump of ~IMPORT_ROWS rows (3.6 rows per poll) into an empty database ──
    const importSrc = path.join(dir, 'import-src.db');
    await deployMigrations({ databaseUrl: `file:${importSrc}` });
    const srcBuilt = buildSyntheticDatabase(importSrc, { polls: Math.round(IMPORT_ROWS / 3.6), questions: QUESTIONS, pollsters: 25 });
    const text = await dumpText(importSrc);
    const target = path.join(dir, 'import-target.db');
    await deployMigrations({ databaseUrl: `file:${target}` });
    const importDb = createDbClient(`file:${target}`);
    try {
      const ti = performance.now();
      const summary = await importPollDumpCsv(importDb, text, { source: 'npm run bench' });
      const seconds = (performance.now() - ti) / 1000;
      if (summary.rows !== srcBuilt.rows) throw new Error(`import: ${summary.rows} rows, expected ${srcBuilt.rows}`);
      figures['import.rows'] = summary.rows;
      figures['import.seconds'] = seconds;
      figures['import.rows_per_s'] = summary.rows / seconds;
    } finally {
      await importDb.$disconnect();
    }
    log('import: done');

    // ── statistics at 10k polls ──
    const polls = syntheticPolls(10_000);
    for (const options of TREND_METHODS) figures[`stats.${options.method}_ms`] = medianTime(() => void computeTrend(polls, options));
    figures['stats.house_effects_ms'] = medianTime(() => void houseEffects(polls));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // ── report ──
  const f = (key: string) => figures[key] ?? Number.NaN;
  const n0 = (x: number) => Math.round(x).toLocaleString('en');
  const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
  const check = (ok: boolean, key: string, why: string) => {
    if (!ok) misses.push(`${key}: ${why}`);
    return ok ? 'met' : '**missed**';
  };
  const statsWorst = Math.max(f('stats.mean_ms'), f('stats.weighted_ms'), f('stats.loess_ms'), f('stats.kalman_ms'), f('stats.house_effects_ms'));
  const rows: [string, string, string, string][] = [
    [`question page render, first request per question (p50 / p95, n=${RENDER_REQUESTS})`, `${f('render.uncached.p50_ms').toFixed(0)} / ${f('render.uncached.p95_ms').toFixed(0)} ms`, 'p95 < 150 ms', check(f('render.uncached.p95_ms') < 150, 'render.uncached.p95_ms', 'a first request reads every poll of the question, computes four charts and renders them')],
    [`question page render, cached (repeat of one URL; p50 / p95)`, `${f('render.cached.p50_ms').toFixed(0)} / ${f('render.cached.p95_ms').toFixed(0)} ms`, '–', '–'],
    ['static file (public/bench-static.txt), 50 conn.', `${n0(f('http.static.rps'))} req/s`, 'baseline', '–'],
    ['question page, 50 conn.', `${n0(f('http.page.rps'))} req/s (p99 ${n0(f('http.page.p99_ms'))} ms) = ${pct(f('http.page.vs_static'))} of static`, '≥ 50% of static', check(f('http.page.vs_static') >= 0.5, 'http.page.vs_static', 'a hit still reads the read stamp from the database and sends a page of several hundred kB')],
    ['/api/v1/questions/[slug], 50 conn.', `${n0(f('http.api.rps'))} req/s (p99 ${n0(f('http.api.p99_ms'))} ms) = ${pct(f('http.api.vs_static'))} of static`, '–', '–'],
    ['HTTP errors + non-2xx during load', String(f('http.errors')), '0', check(f('http.errors') === 0, 'http.errors', 'see server output')],
    [`full CSV dump (${n0(f('dump.rows'))} rows)`, `${n0(f('dump.csv.rows_per_s'))} rows/s = ${pct(f('dump.csv.vs_sqlite3'))} of sqlite3, peak RSS ${f('dump.csv.peak_rss_mb').toFixed(0)} MB`, '≥ 50%, < 300 MB', check(f('dump.csv.vs_sqlite3') >= 0.5 && f('dump.csv.peak_rss_mb') < 300, 'dump.csv', 'serialising in JavaScript')],
    ['full JSON dump', `${n0(f('dump.json.rows_per_s'))} rows/s = ${pct(f('dump.json.vs_sqlite3'))} of sqlite3, peak RSS ${f('dump.json.peak_rss_mb').toFixed(0)} MB`, '≥ 50%, < 300 MB', check(f('dump.json.vs_sqlite3') >= 0.5 && f('dump.json.peak_rss_mb') < 300, 'dump.json', 'serialising in JavaScript')],
    ['sqlite3 -csv, same joined rows', `${n0(f('dump.sqlite3.rows_per_s'))} rows/s`, 'baseline', '–'],
    [`CSV import (importPollDumpCsv, ${n0(f('import.rows'))} rows)`, `${f('import.seconds').toFixed(1)} s = ${n0(f('import.rows_per_s'))} rows/s`, '≥ 5,000 rows/s', check(f('import.rows_per_s') >= 5000, 'import.rows_per_s', 'npm run bench:dump-import prints CPU time and load next to it')],
    ['trend at 10k polls: mean / weighted / loess / kalman / house effects', `${['mean', 'weighted', 'loess', 'kalman', 'house_effects'].map((m) => f(`stats.${m}_ms`).toFixed(1)).join(' / ')} ms`, '< 50 ms each', check(statsWorst < 50, 'stats', 'see npm run bench:stats')],
    ['JS to the browser, / (gzip; its sparklines are server-drawn SVG)', `${f('js.home_gzip_kb').toFixed(1)} kB`, '≤ 170 kB (other routes)', check(f('js.home_gzip_kb') <= 170, 'js.home_gzip_kb', 'the framework (React, router) is most of it')],
    ['JS to the browser, question page (gzip)', `${f('js.question_gzip_kb').toFixed(1)} kB`, '≤ 250 kB (charts)', check(f('js.question_gzip_kb') <= 250, 'js.question_gzip_kb', 'chart library in the first load')],
  ];
  const meta = {
    date: new Date().toISOString(),
    quick,
    polls: POLLS,
    questions: QUESTIONS,
    pollsters: 25,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    node: process.version,
    loadavg1_at_end: os.loadavg()[0] ?? 0,
    seconds: (performance.now() - started) / 1000,
  };
  console.log(`\n${quick ? 'QUICK ' : ''}Pollboard bench — ${POLLS.toLocaleString('en')} polls; ${meta.cpu}, ${meta.cores} cores, Node ${meta.node}; load average ${meta.loadavg1_at_end.toFixed(1)}\n`);
  console.log('| figure | measured | target | |');
  console.log('|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  if (misses.length > 0) console.log(`\nmissed: ${misses.join('; ')}`);
  mkdirSync('bench', { recursive: true });
  const out = quick ? 'bench/results-quick.json' : 'bench/results.json';
  const rounded = Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, Math.round(v * 1000) / 1000]));
  writeFileSync(out, `${JSON.stringify({ meta, figures: rounded }, null, 2)}\n`);
  console.log(`\nwrote ${out} in ${meta.seconds.toFixed(0)} s total`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : String(error));
  process.exitCode = 1;
});
