import { computeTrend } from '../lib/stats';
import { medianTime, syntheticPolls } from './bench/stats-cases';
const polls = syntheticPolls(10_000);
for (const m of ['mean', 'weighted', 'loess', 'kalman'] as const) console.log(m, medianTime(() => void computeTrend(polls, { method: m })).toFixed(1));
