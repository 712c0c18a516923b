/**
 * `npm test`: the whole suite, in the order that fails fastest — lint (type-aware ESLint with the
 * layer rule, knip for dead code, Prettier), typecheck, Vitest (unit and jsdom component tests once;
 * integration on real SQLite files and, when the PostgreSQL 15 binaries are present, again on a
 * throwaway PostgreSQL cluster — `npm run test:vitest`), then Playwright in Chromium against
 * `next build && next start` on SQLite and on PostgreSQL (including two app servers on one database).
 *
 * The two Playwright runs share one build and run side by side, each with its own server ports,
 * output folder and report (`TEST_E2E_SERIAL=1` runs them one after the other). Measured on the quiet
 * 2-core machine with one server and one worker per run: 389 s side by side against 303 s + 245 s one
 * after the other. With a server and database per project and two workers per run (playwright.config.ts)
 * the side-by-side runs took two thirds of the old time on the shared machine (531 s and 521 s at a
 * load average of 29, against 787 s and 810 s at 21). Running Vitest beside them as well saved nothing
 * (10.9 min in all, Vitest 550 s instead of 165 s), so it runs first, on its own. Seeding is not worth
 * starting early: scripts/e2e-server.ts seeds one template in about 5 s and copies it per server.
 * Their output lines are prefixed `[sqlite]` / `[pg]`.
 *
 * Every step runs even after a failure, so one run reports everything; the exit code is non-zero
 * when any step failed. Without PostgreSQL binaries the PostgreSQL parts are skipped and the summary
 * says so. `npm test -- lint typecheck` runs chosen steps.
 */
import { spawn } from 'node:child_process';
import { ensureBuild } from './lib/ensure-build';
import { POSTGRES_MISSING_MESSAGE, postgresAvailable } from './lib/postgres-cluster';
import { bin, run } from './lib/run';

interface Step {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  /** Why the step is skipped on this machine, if it is. */
  skip?: string;
}

interface Result {
  name: string;
  status: 'PASS' | 'FAIL' | 'SKIP';
  seconds: number;
  note?: string;
}

const postgres = postgresAvailable() && process.env.SKIP_POSTGRES_TESTS !== '1';
const skipReason = process.env.SKIP_POSTGRES_TESTS === '1' ? 'SKIP_POSTGRES_TESTS=1' : POSTGRES_MISSING_MESSAGE;
const baseEnv: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };

const checks: Step[] = [
  { name: 'lint', command: bin('eslint'), args: ['.', '--max-warnings=0'] },
  { name: 'dead-code', command: bin('knip'), args: [] },
  { name: 'format', command: bin('prettier'), args: ['--check', '.', '--log-level', 'warn'] },
  { name: 'typecheck', command: bin('tsc'), args: ['--noEmit', '-p', '.'] },
  { name: 'vitest', command: bin('vitest'), args: ['run'] },
];

// The SQLite run keeps the default ports (3100, 3102, 3103) and folders; the PostgreSQL run gets its
// own (3200, 3202, 3203), so the two can run at once (its second app server for scale-out.spec is
// E2E_SECOND_PORT, 3302).
const e2e: Step[] = [
  { name: 'playwright', command: bin('playwright'), args: ['test'] },
  {
    name: 'playwright-pg',
    command: process.execPath,
    args: [bin('tsx'), 'scripts/e2e-postgres.ts'],
    env: {
      E2E_PORT: process.env.E2E_PG_PORT ?? '3200',
      E2E_OUTPUT_DIR: 'test-results/e2e-pg',
      E2E_REPORT_DIR: 'playwright-report-pg',
    },
    skip: postgres ? undefined : skipReason,
  },
];

/** Runs a step with its output lines prefixed (for steps that run side by side). */
function runPrefixed(step: Step, prefix: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(step.command, step.args, { env: { ...baseEnv, ...step.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const [stream, out] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ] as const) {
      let pending = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const lines = (pending + chunk).split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) out.write(`${prefix} ${line}\n`);
      });
      stream.on('end', () => {
        if (pending) out.write(`${prefix} ${pending}\n`);
      });
    }
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', (error) => {
      console.error(`${prefix} ${error.message}`);
      resolve(1);
    });
  });
}

async function timed(name: string, work: () => Promise<number>): Promise<Result> {
  const started = performance.now();
  const code = await work();
  return { name, status: code === 0 ? 'PASS' : 'FAIL', seconds: (performance.now() - started) / 1000 };
}

async function main(): Promise<Result[]> {
  const only = process.argv.slice(2);
  const wanted = (step: Step) => only.length === 0 || only.includes(step.name);
  const results: Result[] = [];
  if (!postgres) console.log(`\ntest: ${skipReason} — Vitest and Playwright run on SQLite only`);

  // The four static checks are single-threaded and independent: side by side they keep both cores
  // busy (about 25 s saved on the 2-core machine). Vitest then runs alone (it uses both cores itself).
  const statics = checks.filter((step) => step.name !== 'vitest' && wanted(step));
  const vitest = checks.find((step) => step.name === 'vitest');
  if (statics.length > 0) {
    console.log(`\n━━ ${statics.map((s) => s.name).join(' + ')} (side by side) ━━`);
    results.push(...(await Promise.all(statics.map((step) => timed(step.name, () => runPrefixed(step, `[${step.name}]`))))));
  }
  if (vitest && wanted(vitest)) {
    console.log(`\n━━ ${vitest.name} ━━`);
    results.push(await timed(vitest.name, () => run(vitest.command, vitest.args, { ...baseEnv, ...vitest.env })));
  }

  const browser = e2e.filter(wanted);
  for (const step of browser) if (step.skip) results.push({ name: step.name, status: 'SKIP', seconds: 0, note: step.skip });
  const running = browser.filter((step) => !step.skip);
  if (running.length === 0) return results;

  console.log(`\n━━ build ━━`);
  const build = await timed('build', async () => {
    try {
      await ensureBuild();
      return 0;
    } catch (error) {
      console.error(error instanceof Error ? error.message : String(error));
      return 1;
    }
  });
  results.push(build);
  if (build.status === 'FAIL') return results;

  if (process.env.TEST_E2E_SERIAL === '1' || running.length === 1) {
    for (const step of running) {
      console.log(`\n━━ ${step.name} ━━`);
      results.push(await timed(step.name, () => run(step.command, step.args, { ...baseEnv, ...step.env })));
    }
  } else {
    console.log(`\n━━ ${running.map((s) => s.name).join(' + ')} (side by side) ━━`);
    const prefixes: Record<string, string> = { playwright: '[sqlite]', 'playwright-pg': '[pg]' };
    results.push(...(await Promise.all(running.map((step) => timed(step.name, () => runPrefixed(step, prefixes[step.name] ?? `[${step.name}]`))))));
  }
  return results;
}

const started = performance.now();
const results = await main();
console.log('\n━━ summary ━━');
for (const r of results) console.log(`${r.status}  ${r.name.padEnd(14)} ${r.seconds.toFixed(1)} s${r.note ? `  (${r.note})` : ''}`);
const failed = results.filter((r) => r.status === 'FAIL').length;
const skipped = results.filter((r) => r.status === 'SKIP').length;
console.log(
  `steps: ${results.length - failed - skipped} passed, ${failed} failed, ${skipped} skipped; ${((performance.now() - started) / 60_000).toFixed(1)} min in all`,
);
const ranPostgres = results.some((r) => (r.name === 'vitest' || r.name === 'playwright-pg') && r.status !== 'SKIP');
if (!postgres) console.log(`PostgreSQL: skipped PostgreSQL tests (${skipReason})`);
else if (ranPostgres) console.log('PostgreSQL: the PostgreSQL steps ran on a throwaway PostgreSQL 15 cluster');
process.exitCode = failed > 0 ? 1 : 0;
