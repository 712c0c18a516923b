/**
 * `npm test`: the whole suite, in the order that fails fastest — lint, typecheck, Vitest (unit +
 * integration on real SQLite files), then Playwright in Chromium against `next build && next start`.
 * Every step runs even after a failure, so one run reports everything; the exit code is non-zero
 * when any step failed.
 */
import { bin, run } from './lib/run';

interface Step {
  name: string;
  command: string;
  args: string[];
}

const steps: Step[] = [
  { name: 'lint', command: bin('eslint'), args: ['.', '--max-warnings=0'] },
  { name: 'typecheck', command: bin('tsc'), args: ['--noEmit', '-p', '.'] },
  { name: 'vitest', command: bin('vitest'), args: ['run'] },
  { name: 'playwright', command: bin('playwright'), args: ['test'] },
];

const only = process.argv.slice(2);
const results: { name: string; ok: boolean; seconds: number }[] = [];
for (const step of steps) {
  if (only.length > 0 && !only.includes(step.name)) continue;
  console.log(`\n━━ ${step.name} ━━`);
  const started = performance.now();
  const code = await run(step.command, step.args, { ...process.env, NEXT_TELEMETRY_DISABLED: '1' });
  results.push({ name: step.name, ok: code === 0, seconds: (performance.now() - started) / 1000 });
}

console.log('\n━━ summary ━━');
for (const r of results) console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name.padEnd(11)} ${r.seconds.toFixed(1)} s`);
const failed = results.filter((r) => !r.ok).length;
console.log(`steps: ${results.length - failed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
