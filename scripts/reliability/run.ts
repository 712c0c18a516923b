/**
 * `npm run test:reliability [-- --quick]`: load, crash safety, concurrency, fuzz and security
 * against a real `next start` on a synthetic SQLite database (scripts/bench/synthetic.ts). Prints
 * counts for every part and exits non-zero on any failure. `--quick` (run by .ci/run) is the short
 * form: 20 connections for 10 s, hundreds of fuzz cases instead of thousands.
 *
 * Editors' saves go through lib/actions/versioned-update.ts in separate processes
 * (scripts/reliability/writer.ts): the same transaction and audit row as the admin forms, and a
 * process of its own so it can be killed with SIGKILL mid-write.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { z } from 'zod';
import { chromium } from '@playwright/test';
import { ZAuditFilter } from '@/lib/schemas/audit';
import * as authSchemas from '@/lib/schemas/auth';
import * as userSchemas from '@/lib/schemas/user';
import * as viewSchemas from '@/lib/schemas/views';
import { ZPickSearchInput } from '@/lib/schemas/search';
import { createUserRecord } from '@/lib/auth/create-user';
import { createDbClient, type PrismaClient } from '@/lib/db';
import { dumpBody, ZExportQuery } from '@/lib/export/http';
import { CsvImportError, importPollDumpCsv } from '@/lib/import/polls-dump';
import { deployMigrations } from '@/lib/migrations/deploy';
import { tableCounts } from '@/tests/support/db-counts';
import { BROWSER_ACCEPT, startServer, ensureBuild, type RunningServer } from '../bench/server';
import { buildSyntheticDatabase, syntheticQuestionSlug } from '../bench/synthetic';
import {
  actionBodyAttack,
  actionIds,
  forwardedForAttack,
  headersAttack,
  lockoutAttack,
  loginFloodAttack,
  malformedAttack,
  memoryAttack,
  type AttackContext,
  type AttackResult,
} from './attacks';

const quick = process.argv.includes('--quick');
const PORT = Number(process.env.RELIABILITY_PORT ?? 3821);
const LOAD = {
  connections: Number(process.env.RELIABILITY_LOAD_CONNECTIONS ?? (quick ? 20 : 100)),
  seconds: Number(process.env.RELIABILITY_LOAD_SECONDS ?? (quick ? 10 : 60)),
};
const FUZZ_RUNS = quick ? 300 : 3000;
const POLLS = quick ? 2000 : 20000;
const QUESTIONS = 20;
const EDITOR_PAUSE_MS = 100;
/** RELIABILITY_NO_EDITOR=1: the load part without the editor, the no-write baseline to compare with. */
const NO_EDITOR = process.env.RELIABILITY_NO_EDITOR === '1';
const ADMIN = { email: 'bench.admin@example.org', password: 'a long reliability passphrase' };

let failures = 0;
const results: { part: string; line: string; ok: boolean }[] = [];
function report(part: string, ok: boolean, line: string): void {
  if (!ok) failures += 1;
  results.push({ part, line, ok });
  console.log(`${ok ? 'PASS' : 'FAIL'}  ${part}: ${line}`);
}

// ── processes ──
function tsxProcess(script: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  // node --import tsx: ONE process, so SIGKILL hits the writer itself (the tsx CLI would fork).
  return spawn(process.execPath, ['--import', 'tsx', script, ...args], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
}

interface Save {
  ok: boolean;
  pollId: number;
  notes?: string;
  reason?: string;
  error?: string;
}

function writer(
  url: string,
  userId: number,
  tag: string,
  pollIds: number[],
  saves: number,
  pauseMs = 0,
): { proc: ChildProcess; ready: Promise<void>; done: Promise<Save[]>; saves: Save[] } {
  const proc = tsxProcess('scripts/reliability/writer.ts', [url, String(userId), tag, pollIds.join(','), String(saves), String(pauseMs)]);
  const list: Save[] = [];
  let buf = '';
  let stderr = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((r) => (markReady = r));
  proc.stdout?.on('data', (d: Buffer) => {
    buf += d.toString();
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      if (line === 'ready') markReady();
      else if (line.startsWith('{')) list.push(JSON.parse(line) as Save);
    }
  });
  proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Save[]>((resolve) =>
    proc.once('exit', (code, signal) => {
      if (code !== 0 && signal !== 'SIGKILL') console.error(`writer ${tag} exited ${code ?? signal}: ${stderr.slice(-500)}`);
      markReady();
      resolve(list);
    }),
  );
  return { proc, ready, done, saves: list };
}

function sqlite<T>(file: string, sql: string, ...params: unknown[]): T[] {
  const conn = new Database(file, { readonly: true });
  try {
    return conn.prepare(sql).all(...params) as T[];
  } finally {
    conn.close();
  }
}

/** Version a save's notes record: "<tag>:<pollId>:v<version>". */
function savedVersion(notes: string): number {
  return Number(/:v(\d+)$/.exec(notes)?.[1] ?? Number.NaN);
}

/**
 * Acknowledged saves the database does not hold. Per poll, the last acknowledged save must be there,
 * or a later one: a writer stopped between its COMMIT and its acknowledgement leaves a save that is
 * in but was never acknowledged, and that is not a loss. Every acknowledged save must also have its
 * audit row. Each loss is printed with what the database holds instead.
 */
function lostSaves(file: string, saves: Save[]): number {
  const last = new Map<number, string>();
  for (const s of saves) if (s.ok && s.notes) last.set(s.pollId, s.notes);
  let lost = 0;
  for (const [pollId, notes] of last) {
    const row = sqlite<{ version: number; notes: string | null }>(file, 'SELECT version, notes FROM Poll WHERE id = ?', pollId)[0];
    const acknowledged = savedVersion(notes);
    const held = row ? (row.version === acknowledged ? row.notes === notes : row.version > acknowledged) : false;
    if (!held) {
      lost += 1;
      console.log(`      lost: poll ${pollId}: last acknowledged save ${notes}, database has version ${row?.version ?? '–'} with notes ${row?.notes ?? '–'}`);
    }
  }
  const audited = new Set(sqlite<{ after: string }>(file, "SELECT after FROM AuditEvent WHERE entity = 'Poll' AND action = 'update'").map((r) => r.after));
  for (const s of saves) {
    if (s.ok && s.notes && ![...audited].some((a) => a.includes(JSON.stringify(s.notes)))) {
      lost += 1;
      console.log(`      lost: acknowledged save ${s.notes} has no audit row`);
    }
  }
  return lost;
}

async function dumpCsv(file: string): Promise<string> {
  const db = createDbClient(`file:${file}`);
  try {
    return await new Response(dumpBody(db, 'polls', { format: 'csv', databaseUrl: `file:${file}` })).text();
  } finally {
    await db.$disconnect();
  }
}

async function freshDb(dir: string, name: string, polls = 0): Promise<string> {
  const file = path.join(dir, name);
  await deployMigrations({ databaseUrl: `file:${file}` });
  if (polls > 0) buildSyntheticDatabase(file, { polls, questions: QUESTIONS, pollsters: 10 });
  else new Database(file).pragma('journal_mode = WAL');
  return file;
}

// ── 1. load ──
async function loadPart(server: RunningServer, file: string, userId: number): Promise<void> {
  const base = server.url;
  const mix = [
    '/',
    `/questions/${syntheticQuestionSlug(1)}`,
    `/questions/${syntheticQuestionSlug(2)}?method=kalman`,
    '/polls/1',
    '/api/v1/questions',
    `/api/v1/questions/${syntheticQuestionSlug(3)}`,
    '/api/v1/polls?page=2&pageSize=50',
    '/api/v1/polls/5',
    '/api/v1/export/polls.json',
    '/bench-static.txt',
  ];
  const pollIds = Array.from({ length: 50 }, (_, i) => 100 + i);
  // Each route once before the window, so the figures measure a warm server, not its first renders.
  for (const route of mix) await fetch(base + route, { headers: { accept: BROWSER_ACCEPT } }).then((r) => r.arrayBuffer());
  // A busy editor: a save every 100 ms (10 a second). Each save drops from the caches what it
  // touched (its poll, its question, its pollster, the overview) while 20–100 readers keep asking.
  const editor = NO_EDITOR ? null : writer(`file:${file}`, userId, 'load', pollIds, 0, EDITOR_PAUSE_MS);
  await editor?.ready;
  const latencies: number[] = [];
  let requests = 0;
  let errors = 0;
  const errorSamples: string[] = [];
  const deadline = Date.now() + LOAD.seconds * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: LOAD.connections }, async () => {
      while (Date.now() < deadline) {
        const route = mix[n++ % mix.length] ?? '/';
        const t0 = performance.now();
        try {
          // As a browser asks for pages (Accept: text/html), so page loads can come from the page cache.
          const res = await fetch(base + route, { headers: { accept: BROWSER_ACCEPT }, signal: AbortSignal.timeout(60_000) });
          await res.arrayBuffer();
          if (!res.ok) throw new Error(`HTTP ${res.status}`);
        } catch (error) {
          errors += 1;
          if (errorSamples.length < 5) errorSamples.push(`${route}: ${error instanceof Error ? error.message : String(error)}`);
        }
        latencies.push(performance.now() - t0);
        requests += 1;
      }
    }),
  );
  editor?.proc.kill('SIGTERM');
  const saves = editor ? await editor.done : [];
  latencies.sort((a, b) => a - b);
  const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0;
  const ok = saves.filter((s) => s.ok);
  const saveErrors = saves.filter((s) => !s.ok);
  // The editor was stopped with SIGTERM between or during a save: a save without its ack line may or
  // may not be in; every acknowledged one must be.
  const lost = lostSaves(file, ok);
  report(
    'load',
    errors === 0 && saveErrors.length === 0 && lost === 0 && (NO_EDITOR || ok.length > 0),
    `${LOAD.connections} connections × ${LOAD.seconds} s over ${mix.length} routes, ${NO_EDITOR ? 'no editor' : `an editor saving every ${EDITOR_PAUSE_MS} ms`}: ${requests} requests (${(requests / LOAD.seconds).toFixed(1)}/s), ${errors} failures, p50 ${p(0.5).toFixed(0)} ms, p99 ${p(0.99).toFixed(0)} ms; ` +
      `editor saves attempted ${saves.length}, acknowledged ${ok.length}, present ${ok.length - lost}, lost ${lost}, errors ${saveErrors.length}${errorSamples.length ? ` (${errorSamples.join('; ')})` : ''}`,
  );
}

// ── 2. crash safety ──
async function crashImport(dir: string): Promise<void> {
  const src = await freshDb(dir, 'crash-src.db', quick ? 1000 : 5000);
  const csvFile = path.join(dir, 'crash.csv');
  writeFileSync(csvFile, await dumpCsv(src));
  const expected = sqlite<{ n: number }>(src, 'SELECT COUNT(*) AS n FROM Poll')[0]?.n ?? 0;
  const rounds = quick ? 2 : 5;
  let bad = 0;
  const seen: string[] = [];
  for (let r = 0; r < rounds; r += 1) {
    const target = await freshDb(dir, `crash-import-${r}.db`);
    const proc = tsxProcess('scripts/db-import.ts', [csvFile], { DATABASE_URL: `file:${target}` });
    let err = '';
    proc.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<string>((resolve) => proc.once('exit', (code, signal) => resolve(signal ?? String(code))));
    // Kill while the transaction is open: wait for the WAL file to grow (the import is writing).
    const walFile = `${target}-wal`;
    const killAt = Date.now() + 120_000;
    const minWal = 64 * 1024 * (r + 1);
    while (Date.now() < killAt && proc.exitCode === null) {
      if (existsSync(walFile) && readFileSync(walFile).length > minWal) break;
      await new Promise((res) => setTimeout(res, 50));
    }
    proc.kill('SIGKILL');
    const how = await exited;
    const integrity = sqlite<{ integrity_check: string }>(target, 'PRAGMA integrity_check')[0]?.integrity_check;
    const polls = sqlite<{ n: number }>(target, 'SELECT COUNT(*) AS n FROM Poll')[0]?.n ?? -1;
    const results = sqlite<{ n: number }>(target, 'SELECT COUNT(*) AS n FROM Result')[0]?.n ?? -1;
    const allOrNone = (polls === 0 && results === 0) || polls === expected;
    if (integrity !== 'ok' || !allOrNone) bad += 1;
    seen.push(`${how === 'SIGKILL' ? 'killed' : `exited ${how}`}: integrity ${integrity}, ${polls}/${expected} polls`);
  }
  report('crash: kill -9 during db:import', bad === 0, `${rounds} rounds, ${bad} bad (${seen.join('; ')})`);
}

async function crashSave(file: string, userId: number): Promise<void> {
  const rounds = quick ? 3 : 10;
  let bad = 0;
  let acknowledged = 0;
  let lostTotal = 0;
  for (let r = 0; r < rounds; r += 1) {
    const pollId = 300 + r;
    const w = writer(`file:${file}`, userId, `crash${r}`, [pollId], 0);
    await w.ready;
    // Let it acknowledge a save first (a slow machine may take a while), then kill at a random moment
    // of the following saves.
    for (let i = 0; i < 600 && w.saves.filter((s) => s.ok).length < 1 && w.proc.exitCode === null; i += 1) await new Promise((res) => setTimeout(res, 50));
    await new Promise((res) => setTimeout(res, Math.floor(Math.random() * 400)));
    w.proc.kill('SIGKILL');
    const saves = await w.done;
    const ok = saves.filter((s) => s.ok);
    acknowledged += ok.length;
    const integrity = sqlite<{ integrity_check: string }>(file, 'PRAGMA integrity_check')[0]?.integrity_check;
    // All or none: the poll's version, its notes and its audit rows move together.
    const row = sqlite<{ version: number; notes: string | null }>(file, 'SELECT version, notes FROM Poll WHERE id = ?', pollId)[0];
    const audits =
      sqlite<{ n: number }>(file, "SELECT COUNT(*) AS n FROM AuditEvent WHERE entity = 'Poll' AND entityId = ? AND action = 'update'", String(pollId))[0]?.n ??
      -1;
    const consistent = row !== undefined && audits === row.version - 1 && (row.version === 1 || row.notes === `crash${r}:${pollId}:v${row.version}`);
    const lost = lostSaves(file, ok);
    lostTotal += lost;
    if (!consistent)
      console.log(
        `      inconsistent: poll ${pollId}: version ${row?.version ?? '–'}, notes ${row?.notes ?? '–'}, ${audits} update audit rows (expected version − 1)`,
      );
    if (integrity !== 'ok' || !consistent || lost > 0) bad += 1;
  }
  report(
    'crash: kill -9 during poll saves',
    bad === 0,
    `${rounds} writers killed mid-loop: ${acknowledged} saves acknowledged, ${lostTotal} lost, ${bad} inconsistent polls, integrity_check ok`,
  );
}

// ── 3. concurrency ──
async function concurrency(file: string, userId: number): Promise<void> {
  const per = quick ? 15 : 100;
  const ws = [0, 1, 2, 3].map((k) => writer(`file:${file}`, userId, `w${k}`, [400 + k, 410 + k], per));
  await Promise.all(ws.map((w) => w.ready));
  const all = (await Promise.all(ws.map((w) => w.done))).flat();
  const errs = all.filter((s) => !s.ok);
  const lost = lostSaves(file, all);
  report(
    'concurrency: 4 writers, different polls',
    errs.length === 0 && lost === 0 && all.length === 4 * per,
    `writes attempted ${4 * per}, acknowledged ${all.filter((s) => s.ok).length}, lost ${lost}, errors reaching the user ${errs.length}${errs[0] ? ` (${errs[0].error ?? errs[0].reason})` : ''}`,
  );

  // Same poll, same loaded version, released at once: the existing race worker (ready → go).
  const rounds = quick ? 3 : 10;
  let bad = 0;
  for (let r = 0; r < rounds; r += 1) {
    const pollId = 500 + r;
    const version = sqlite<{ version: number }>(file, 'SELECT version FROM Poll WHERE id = ?', pollId)[0]?.version ?? 1;
    const racers = ['a', 'b'].map((who) => {
      const proc = tsxProcess('tests/support/versioned-update-worker.ts', [
        `file:${file}`,
        String(pollId),
        String(version),
        String(userId),
        `race-${who}-${r}`,
      ]);
      let out = '';
      const ready = new Promise<void>((res) => proc.stdout?.on('data', (d: Buffer) => ((out += d.toString()), out.includes('ready') && res())));
      const done = new Promise<{ ok: boolean; reason?: string }>((res) =>
        proc.once('exit', () => res(JSON.parse(out.trim().split('\n').pop() ?? '{}') as { ok: boolean; reason?: string })),
      );
      return { who, proc, ready, done };
    });
    await Promise.all(racers.map((x) => x.ready));
    for (const x of racers) x.proc.stdin?.write('go\n');
    const outcome = await Promise.all(racers.map((x) => x.done));
    const winners = racers.filter((_, i) => outcome[i]?.ok);
    const conflicts = outcome.filter((o) => !o.ok && o.reason === 'conflict').length;
    const notes = sqlite<{ notes: string | null; version: number }>(file, 'SELECT notes, version FROM Poll WHERE id = ?', pollId)[0];
    if (winners.length !== 1 || conflicts !== 1 || notes?.notes !== `race-${winners[0]?.who}-${r}` || notes.version !== version + 1) bad += 1;
  }
  report('concurrency: 2 writers, same poll', bad === 0, `${rounds} races: each exactly 1 save + 1 conflict, winner's notes kept, no lost update (${bad} bad)`);
}

// ── 4. fuzz ──
function fuzzSchemas(): void {
  const schemas: [string, z.ZodType][] = [];
  for (const [file, mod] of [
    ['auth', authSchemas],
    ['user', userSchemas],
    ['views', viewSchemas],
    ['audit', { ZAuditFilter }],
  ] as const) {
    for (const [name, value] of Object.entries(mod)) if (value instanceof z.ZodType) schemas.push([`${file}.${name}`, value]);
  }
  const fieldish = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.integer().map(String),
    fc.constantFrom('', ' ', 'admin', 'kalman', '2024-01-01', '2024-13-45', '=1+1', 'a@b.c', 'x'.repeat(5000)),
  );
  const input = fc.oneof(
    fc.anything(),
    fc.dictionary(
      fc.constantFrom(
        'email',
        'password',
        'confirm',
        'role',
        'name',
        'userId',
        'version',
        'disabled',
        'method',
        'from',
        'to',
        'pollster',
        'option',
        'zoom',
        'page',
        'pageSize',
        'entity',
        'action',
        'user',
        'token',
        'year',
        'question',
        'q',
      ),
      fieldish,
    ),
  );
  let cases = 0;
  let rejections = 0;
  const problems: string[] = [];
  for (const [name, schema] of schemas) {
    fc.check(
      fc.property(input, (value) => {
        cases += 1;
        try {
          schema.parse(value);
        } catch (error) {
          if (!(error instanceof z.ZodError)) {
            problems.push(`${name} threw ${String(error)}`);
            return false;
          }
          rejections += 1;
          if (error.issues.length === 0 || error.issues.some((i) => !i.message.trim())) {
            problems.push(`${name}: rejection without a message`);
            return false;
          }
        }
        return true;
      }),
      { numRuns: FUZZ_RUNS, seed: 20261128, endOnFailure: true },
    );
  }
  report(
    'fuzz: zod schemas',
    problems.length === 0,
    `${schemas.length} schemas, ${cases} inputs, ${rejections} rejections, all ZodError with messages (${problems.length} problems)`,
  );
}

async function fuzzApi(base: string): Promise<void> {
  const routes: [string, z.ZodObject][] = [
    [`/api/v1/questions/${syntheticQuestionSlug(1)}`, viewSchemas.ZQuestionViewInput],
    ['/api/v1/polls', viewSchemas.ZPollListInput],
    ['/api/v1/questions', viewSchemas.ZQuestionListInput],
    ['/api/search', ZPickSearchInput],
    ['/api/v1/polls/1', z.object({})],
    ['/api/v1/indicators', z.object({})],
    ['/api/v1/indicators/not-an-indicator', viewSchemas.ZIndicatorViewInput],
    ['/api/v1/export/polls.json', ZExportQuery],
  ];
  const value = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.integer().map(String),
    fc.double().map(String),
    fc.constantFrom('', '-1', '0', '1e309', 'NaN', '9'.repeat(40), '2024-02-30', '../../etc/passwd', '%00', "' OR 1=1 --"),
  );
  let requests = 0;
  let fiveXx = 0;
  const samples: string[] = [];
  const perRoute = quick ? 40 : Math.floor(FUZZ_RUNS / 3);
  for (const [route, schema] of routes) {
    const keys = [...Object.keys(schema.shape), 'x', 'page[]'];
    const query = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...keys), fc.string()), value), { maxLength: 5 });
    const cases = fc.sample(query, { numRuns: route.includes('export') ? Math.min(perRoute, 30) : perRoute, seed: 1128 + requests });
    for (const pairs of cases) {
      const u = new URL(route, base);
      for (const [k, v] of pairs) u.searchParams.append(k, v);
      requests += 1;
      try {
        const res = await fetch(u);
        await res.arrayBuffer();
        if (res.status >= 500) {
          fiveXx += 1;
          if (samples.length < 5) samples.push(`${res.status} ${u.pathname}${u.search}`);
        }
      } catch (error) {
        fiveXx += 1;
        if (samples.length < 5) samples.push(`${u.pathname}${u.search}: ${String(error)}`);
      }
    }
  }
  report(
    'fuzz: API query parameters over HTTP',
    fiveXx === 0,
    `${routes.length} routes, ${requests} requests, ${fiveXx} 5xx/failed${samples.length ? ` (${samples.join('; ')})` : ''}`,
  );
}

async function fuzzImporter(dir: string): Promise<void> {
  const src = await freshDb(dir, 'fuzz-src.db', 6);
  const csv = await dumpCsv(src);
  const lines = csv.trimEnd().split('\n');
  const header = (lines[0] ?? '').split(',');
  const target = await freshDb(dir, 'fuzz-target.db');
  const db: PrismaClient = createDbClient(`file:${target}`);
  await importPollDumpCsv(db, csv, { source: 'fuzz base' });
  const cell = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.constantFrom('', '"', '""', '"a,b"', "=cmd|' /C calc'!A0", '-1', '1e999', 'NaN', 'null', '\r\n', '2024-02-30', '101', '-5'),
  );
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('cell' as const), row: fc.nat(lines.length - 1), col: fc.nat(header.length - 1), value: cell }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat(csv.length) }),
    fc.record({ kind: fc.constant('drop-column' as const), col: fc.nat(header.length - 1) }),
    fc.record({ kind: fc.constant('garbage' as const), text: fc.string({ maxLength: 200 }) }),
  );
  const runs = quick ? 150 : 1500;
  let accepted = 0;
  let rejected = 0;
  const problems: string[] = [];
  const cases = fc.sample(fc.array(mutation, { minLength: 1, maxLength: 3 }), { numRuns: runs, seed: 2811 });
  for (const muts of cases) {
    let text = csv;
    for (const m of muts) {
      const rows = text.split('\n').map((l) => l.split(','));
      if (m.kind === 'cell') {
        const row = rows[m.row];
        if (row && m.col < row.length)
          row[m.col] = m.value.includes(',') || m.value.includes('"') || m.value.includes('\n') ? `"${m.value.replace(/"/g, '""')}"` : m.value;
        text = rows.map((r) => r.join(',')).join('\n');
      } else if (m.kind === 'truncate') text = text.slice(0, m.at);
      else if (m.kind === 'drop-column') text = rows.map((r) => r.filter((_, i) => i !== m.col).join(',')).join('\n');
      else text = m.text;
    }
    const before = await tableCounts(db);
    try {
      await importPollDumpCsv(db, text, { source: 'fuzz' });
      accepted += 1;
    } catch (error) {
      rejected += 1;
      const after = await tableCounts(db);
      if (!(error instanceof CsvImportError))
        problems.push(`threw ${error instanceof Error ? `${error.name}: ${error.message.slice(0, 200)}` : String(error)}`);
      else if (!error.message.trim()) problems.push('rejection without a message');
      if (JSON.stringify(after) !== JSON.stringify(before)) problems.push('partial write on a rejected file');
    }
  }
  await db.$disconnect();
  report(
    'fuzz: CSV importer (importPollDumpCsv)',
    problems.length === 0,
    `${runs} mutated dumps: ${accepted} accepted, ${rejected} rejected with a message, partial writes ${problems.filter((p) => p.startsWith('partial')).length}${problems.length ? ` — ${[...new Set(problems)].slice(0, 3).join('; ')}` : ''}`,
  );
}

// ── 5. security ──
/**
 * fetch, retried once on a network error: after a long pause a pooled keep-alive socket may already be
 * closed by the server (keepAliveTimeout), which is the client's stale connection, not a refusal.
 */
async function fetchOnce(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch {
    return fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string> | undefined), Connection: 'close' } });
  }
}

async function security(base: string, file: string): Promise<void> {
  const adminPages = ['/admin', '/admin/polls', '/admin/questions', '/admin/pollsters', '/admin/indicators', '/admin/import', '/admin/audit', '/admin/users'];
  let notRedirected = 0;
  for (const p of adminPages) {
    const res = await fetchOnce(base + p, { redirect: 'manual' });
    await res.arrayBuffer();
    const loc = res.headers.get('location') ?? '';
    if (![303, 307, 308].includes(res.status) || !loc.startsWith('/admin/login')) notRedirected += 1;
  }
  report(
    'security: admin pages without a session',
    notRedirected === 0,
    `${adminPages.length} pages, ${adminPages.length - notRedirected} redirected to /admin/login, ${notRedirected} not`,
  );

  const manifest = JSON.parse(readFileSync('.next/server/server-reference-manifest.json', 'utf8')) as {
    node: Record<string, { exportedName?: string; filename?: string }>;
  };
  const publicActions = new Set(['login', 'logout', 'completeSetup']);
  const counts = () =>
    JSON.stringify(
      sqlite<{ t: string; n: number }>(
        file,
        "SELECT 'Poll' AS t, COUNT(*) AS n FROM Poll UNION ALL SELECT 'User', COUNT(*) FROM User UNION ALL SELECT 'AuditEvent', COUNT(*) FROM AuditEvent UNION ALL SELECT 'Session', COUNT(*) FROM Session UNION ALL SELECT 'Question', COUNT(*) FROM Question UNION ALL SELECT 'Pollster', COUNT(*) FROM Pollster",
      ),
    ) + JSON.stringify(sqlite(file, 'SELECT id, version, notes FROM Poll WHERE id IN (1, 2) UNION ALL SELECT id, version, email FROM User'));
  const before = counts();
  let actions = 0;
  let accepted = 0;
  const names: string[] = [];
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (!entry.exportedName || publicActions.has(entry.exportedName)) continue;
    actions += 1;
    names.push(entry.exportedName);
    // React's reply encoding: the form's fields as `_1_<name>`, then the root `0` (last: the decoder
    // resolves `$K1` when the root arrives), so each action really receives the intruder's fields.
    const form = new FormData();
    for (const [k, v] of Object.entries({
      id: '1',
      pollId: '1',
      userId: '1',
      version: '1',
      notes: 'intruder',
      email: 'intruder@example.org',
      role: 'admin',
      password: 'an intruder password',
      disabled: 'true',
    }))
      form.set(`_1_${k}`, v);
    form.set('0', JSON.stringify([{ status: 'idle' }, '$K1']));
    const res = await fetchOnce(`${base}/admin`, {
      method: 'POST',
      headers: { 'Next-Action': id, Accept: 'text/x-component' },
      body: form,
      redirect: 'manual',
    });
    const body = await res.text();
    if (body.includes('"status":"success"')) accepted += 1;
  }
  const unchanged = counts() === before;
  report(
    'security: server actions without a session',
    actions > 0 && accepted === 0 && unchanged,
    `${actions} actions POSTed with Next-Action (${names.join(', ')}): ${accepted} accepted, database ${unchanged ? 'unchanged' : 'CHANGED'}`,
  );

  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/admin/login`);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/admin$/, { timeout: 60_000 });
    const cookie = (await context.cookies()).find((c) => c.name.includes('pollboard_session'));
    const ok = cookie?.httpOnly === true && cookie.sameSite === 'Lax';
    report(
      'security: session cookie flags',
      ok,
      cookie
        ? `${cookie.name}: HttpOnly=${cookie.httpOnly}, SameSite=${cookie.sameSite}, Secure=${cookie.secure} (plain http here; Secure + __Host- name in production over https)`
        : 'no session cookie after login',
    );
  } finally {
    await browser.close();
  }
}

async function formulaRoundTrip(base: string, file: string, dir: string): Promise<void> {
  const payloads = ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1:A2)', '\t=1+1', '\r=1', "=cmd|' /C calc'!A0"];
  const conn = new Database(file);
  // SQL edited by hand while the server runs: the database triggers tell the servers (lib/freshness).
  payloads.forEach((p, i) => conn.prepare('UPDATE Poll SET notes = ? WHERE id = ?').run(p, 600 + i)); // write-path: hand edit on purpose
  conn.close();
  const full = await (await fetch(`${base}/api/v1/export/polls.csv`)).text();
  // Only the rows of the polls carrying the payloads (a poll's rows are self-contained), so the
  // round trip does not re-import the whole database.
  const keys = payloads.map((_, i) => `bench:${600 + i},`);
  const lines = full.split('\n');
  const csv = [lines[0] ?? '', ...lines.slice(1).filter((l) => keys.some((k) => l.includes(k)))].join('\n');
  // A payload reaching a cell start unneutralised (raw or quoted) is what a spreadsheet would run.
  const quote = (p: string) => `"${p.replace(/"/g, '""')}`;
  const rawFormulaCells = payloads.filter((p) => csv.includes(`,${p}`) || csv.includes(`,${quote(p)}`)).length;
  const target = await freshDb(dir, 'formula-target.db');
  const db = createDbClient(`file:${target}`);
  try {
    await importPollDumpCsv(db, csv, { source: 'formula round trip' });
    const back = await db.poll.findMany({
      where: { externalKey: { in: payloads.map((_, i) => `bench:${600 + i}`) } },
      select: { externalKey: true, notes: true },
      orderBy: { id: 'asc' },
    });
    const same = payloads.filter((p, i) => back.find((b) => b.externalKey === `bench:${600 + i}`)?.notes === p).length;
    report(
      'security: formula injection round trip',
      rawFormulaCells === 0 && same === payloads.length,
      `${payloads.length} formula strings: ${rawFormulaCells} unneutralised cells in polls.csv, ${same}/${payloads.length} identical after export → import`,
    );
  } finally {
    await db.$disconnect();
  }
}

// ── 6. attacks of issue #15 (scripts/reliability/attacks.ts) ──
async function attacks(server: RunningServer): Promise<void> {
  const ctx: AttackContext = { base: server.url, pid: server.proc.pid ?? 0, actions: actionIds(), admin: ADMIN, quick };
  const cases: (() => Promise<AttackResult>)[] = [
    () => headersAttack(ctx, `/embed/questions/${syntheticQuestionSlug(1)}/trend`, `/questions/${syntheticQuestionSlug(1)}`),
    () => malformedAttack(ctx),
    () => actionBodyAttack(ctx),
    () => forwardedForAttack(ctx),
    () => loginFloodAttack(ctx, quick ? 10 : 20),
    () => lockoutAttack(ctx),
    // Last: the one that takes longest. The issue's 50,000 in the full run; 20,000 in --quick (CI),
    // still 2.5 times the 8,000 that took the unchanged code from 570 MB to 1.79 GB.
    () => memoryAttack(ctx, Number(process.env.ATTACK_SLUGS ?? (quick ? 20_000 : 50_000))),
  ];
  for (const run of cases) {
    const result = await run();
    report(result.part, result.ok, result.line);
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const dir = mkdtempSync(path.join(tmpdir(), 'pollboard-reliability-'));
  const file = path.join(dir, 'app.db');
  let server: RunningServer | null = null;
  try {
    await ensureBuild();
    await freshDb(dir, 'app.db', POLLS);
    const db = createDbClient(`file:${file}`);
    const admin = await createUserRecord(db, { email: ADMIN.email, password: ADMIN.password, role: 'admin' });
    await db.$disconnect();
    // The attack cases play the reverse proxy: one trusted hop appends each client's address.
    server = await startServer(`file:${file}`, PORT, { TRUSTED_PROXIES: '1' });
    console.log(`reliability${quick ? ' (quick)' : ''}: ${POLLS} polls, server ${server.url}`);
    const parts: [string, () => Promise<void> | void][] = [
      ['load', () => loadPart(server as RunningServer, file, admin.id)],
      ['crash-import', () => crashImport(dir)],
      ['crash-save', () => crashSave(file, admin.id)],
      ['concurrency', () => concurrency(file, admin.id)],
      ['fuzz-schemas', () => fuzzSchemas()],
      ['fuzz-api', () => fuzzApi((server as RunningServer).url)],
      ['fuzz-importer', () => fuzzImporter(dir)],
      ['security', () => security((server as RunningServer).url, file)],
      ['formula', () => formulaRoundTrip((server as RunningServer).url, file, dir)],
      ['attacks', () => attacks(server as RunningServer)],
    ];
    const only = process.argv
      .find((a) => a.startsWith('--only='))
      ?.slice('--only='.length)
      .split(',');
    for (const [name, fn] of parts) {
      if (only && !only.includes(name)) continue;
      const t0 = performance.now();
      try {
        await fn();
      } catch (error) {
        report(name, false, `crashed: ${error instanceof Error ? error.stack : String(error)}`);
      }
      console.log(`      (${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    }
  } finally {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\n${results.length - failures} passed, ${failures} failed in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  process.exitCode = failures > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : String(error));
  process.exitCode = 1;
});
