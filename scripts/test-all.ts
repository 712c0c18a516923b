/**
 * `npm test`: the whole suite, in the order that fails fastest — lint, typecheck, Vitest (unit and
 * jsdom component tests once; integration on real SQLite files and, when the PostgreSQL 15 binaries
 * are present, again on a throwaway PostgreSQL cluster — `npm run test:vitest`), then Playwright in Chromium against `next build && next start` on
 * SQLite and then on PostgreSQL (including two app servers on one database). Every step runs even
 * after a failure, so one run reports everything; the exit code is non-zero when any step failed.
 * Without PostgreSQL binaries the PostgreSQL parts are skipped and the summary says so.
 */
import { POSTGRES_MISSING_MESSAGE, postgresAvailable } from './lib/postgres-cluster';
import { bin, run } from './lib/run';

interface Step {
  name: string;
  command: string;
  args: string[];
  /** Why the step is skipped on this machine, if it is. */
  skip?: string;
}

const postgres = postgresAvailable() && process.env.SKIP_POSTGRES_TESTS !== '1';
const skipReason = process.env.SKIP_POSTGRES_TESTS === '1' ? 'SKIP_POSTGRES_TESTS=1' : POSTGRES_MISSING_MESSAGE;

const steps: Step[] = [
  { name: 'lint', command: bin('eslint'), args: ['.', '--max-warnings=0'] },
  { name: 'typecheck', command: bin('tsc'), args: ['--noEmit', '-p', '.'] },
  { name: 'vitest', command: bin('vitest'), args: ['run'] },
  { name: 'playwright', command: bin('playwright'), args: ['test'] },
  {
    name: 'playwright-pg',
    command: process.execPath,
    args: [bin('tsx'), 'scripts/e2e-postgres.ts'],
    skip: postgres ? undefined : skipReason,
  },
];

const only = process.argv.slice(2);
const results: { name: string; status: 'PASS' | 'FAIL' | 'SKIP'; seconds: number; note?: string }[] = [];
if (!postgres) console.log(`\ntest: ${skipReason} — Vitest and Playwright run on SQLite only`);
for (const step of steps) {
  if (only.length > 0 && !only.includes(step.name)) continue;
  if (step.skip) {
    results.push({ name: step.name, status: 'SKIP', seconds: 0, note: step.skip });
    continue;
  }
  console.log(`\n━━ ${step.name} ━━`);
  const started = performance.now();
  const code = await run(step.command, step.args, { ...process.env, NEXT_TELEMETRY_DISABLED: '1' });
  results.push({ name: step.name, status: code === 0 ? 'PASS' : 'FAIL', seconds: (performance.now() - started) / 1000 });
}

console.log('\n━━ summary ━━');
for (const r of results) console.log(`${r.status}  ${r.name.padEnd(14)} ${r.seconds.toFixed(1)} s${r.note ? `  (${r.note})` : ''}`);
const failed = results.filter((r) => r.status === 'FAIL').length;
const skipped = results.filter((r) => r.status === 'SKIP').length;
console.log(`steps: ${results.length - failed - skipped} passed, ${failed} failed, ${skipped} skipped`);
const ranPostgres = results.some((r) => (r.name === 'vitest' || r.name === 'playwright-pg') && r.status !== 'SKIP');
if (!postgres) console.log(`PostgreSQL: skipped PostgreSQL tests (${skipReason})`);
else if (ranPostgres) console.log('PostgreSQL: the PostgreSQL steps ran on a throwaway PostgreSQL 15 cluster');
process.exitCode = failed > 0 ? 1 : 0;
