/**
 * `npm run bench -- --only=dump-import [--rows 100000]`: importPollDumpCsv (lib/import/polls-dump.ts, the
 * code of `npm run db:import`) of a synthetic polls dump into a fresh SQLite file, then the same
 * dump again (every poll matched and updated). `npm run bench -- --only=import` times the admin CSV import
 * (lib/import/commit.ts), not this one; `npm run bench` times this one too but only inside its long run.
 *
 * The dump is built like `npm run bench` builds it (scripts/bench/synthetic.ts, ~3.6 rows per poll,
 * 200 questions, 25 pollsters) and read through the code of /api/v1/export/polls.csv. The pure part
 * (parse + validate, planPollImport) is timed on its own as well. Next to each wall-clock time it
 * prints the process's CPU time and the load average: on a shared machine the wall clock mostly
 * measures the other processes. Prints figures; asserts nothing. Environment: BENCH_RUNS (default 1).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createDbClient } from '@/lib/db';
import { dumpBody } from '@/lib/export/http';
import { importPollDumpCsv, planPollImport } from '@/lib/import/polls-dump';
import { deployMigrations } from '@/lib/migrations/deploy';
import { buildSyntheticDatabase } from './bench/synthetic';

function argument(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
}

const ROWS = argument('rows', 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 1);

const rate = (rows: number, ms: number) => `${Math.round((rows / ms) * 1000).toLocaleString('en')} rows/s`;

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; cpu: string }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await work();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { result, ms, cpu: `${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU` };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pollboard-bench-dump-import-'));
  try {
    const source = path.join(dir, 'source.db');
    await deployMigrations({ databaseUrl: `file:${source}` });
    const built = buildSyntheticDatabase(source, { polls: Math.round(ROWS / 3.6), questions: 200, pollsters: 25 });
    const sourceDb = createDbClient(`file:${source}`);
    const text = await new Response(dumpBody(sourceDb, 'polls', { format: 'csv', databaseUrl: `file:${source}` })).text();
    await sourceDb.$disconnect();
    console.log(`dump: ${built.rows.toLocaleString('en')} rows, ${built.polls.toLocaleString('en')} polls, ${(text.length / 1e6).toFixed(1)} MB`);

    for (let run = 1; run <= RUNS; run += 1) {
      const tp = performance.now();
      planPollImport(text);
      const planMs = performance.now() - tp;

      const target = `file:${path.join(dir, `target-${run}.db`)}`;
      await deployMigrations({ databaseUrl: target });
      const db = createDbClient(target);
      try {
        const first = await timed(() => importPollDumpCsv(db, text, { source: 'bench:dump-import' }));
        const again = await timed(() => importPollDumpCsv(db, text, { source: 'bench:dump-import' }));
        console.log(
          `run ${run}: validate ${(planMs / 1000).toFixed(1)} s (${rate(first.result.rows, planMs)}) · ` +
            `import into empty db ${(first.ms / 1000).toFixed(1)} s, ${first.cpu} = ${rate(first.result.rows, first.ms)} (${first.result.pollsCreated} created) · ` +
            `re-import ${(again.ms / 1000).toFixed(1)} s, ${again.cpu} = ${rate(again.result.rows, again.ms)} (${again.result.pollsUpdated} updated) · ` +
            `load average ${loadavg()
              .map((l) => l.toFixed(2))
              .join(' ')}`,
        );
      } finally {
        await db.$disconnect();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
