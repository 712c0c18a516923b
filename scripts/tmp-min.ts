import { performance } from 'node:perf_hooks';
import { computeTrend } from '../lib/stats';
import { syntheticPolls } from './bench/stats-cases';
const polls = syntheticPolls(10_000);
for (const m of ['mean', 'weighted', 'loess', 'kalman'] as const) { const ts: number[] = []; for (let r = 0; r < 25; r++) { const t0 = performance.now(); computeTrend(polls, { method: m }); ts.push(performance.now() - t0); } ts.sort((a, b) => a - b); console.log(m, (ts[0] ?? 0).toFixed(1)); }
