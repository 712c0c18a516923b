/**
 * Benchmark of the trend methods and house effects in lib/stats.
 * Run: npm run bench -- --only=stats
 *
 * Synthetic polls from a fixed-seed PRNG (mulberry32): a smooth true series over
 * five years, 40 pollsters with house effects of ±3 points, n between 500 and
 * 3,000, binomial-like noise. Each case: 3 warm-up runs (JIT), then the median of 7 runs.
 * Target: < 50 ms per method at 10,000 polls.
 */
import { computeTrend, houseEffects } from '../lib/stats';
import { medianTime, syntheticPolls, TREND_METHODS } from './bench/stats-cases';

const SIZES = [1_000, 10_000, 100_000];
const METHODS = TREND_METHODS;
const TARGET_MS = 50;

const rows: string[][] = [];
let failures = 0;
for (const size of SIZES) {
  const polls = syntheticPolls(size);
  const row = [size.toLocaleString('en-US')];
  for (const options of METHODS) {
    const ms = medianTime(() => {
      computeTrend(polls, options);
    });
    if (size === 10_000 && ms >= TARGET_MS) failures++;
    row.push(ms.toFixed(1));
  }
  const heMs = medianTime(() => {
    houseEffects(polls);
  });
  if (size === 10_000 && heMs >= TARGET_MS) failures++;
  row.push(heMs.toFixed(1));
  rows.push(row);
}

const header = ['polls', 'mean (ms)', 'weighted (ms)', 'loess (ms)', 'kalman (ms)', 'house effects (ms)'];
const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---:').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
console.log(`Median of 7 runs after 3 warm-up runs; synthetic polls over 5 years, 40 pollsters (Node ${process.version}).\n`);
console.log(lines.join('\n'));
console.log(`\nTarget < ${TARGET_MS} ms per method at 10,000 polls: ${failures === 0 ? 'met' : `missed in ${failures} case(s)`}.`);
