import { computeTrend, houseEffects } from '../lib/stats';
import { medianTime, syntheticPolls } from './bench/stats-cases';
const polls = syntheticPolls(10_000);
const out: string[] = [];
for (const m of ['mean', 'weighted', 'loess', 'kalman'] as const) out.push(`${m} ${medianTime(() => void computeTrend(polls, { method: m })).toFixed(1)}`);
out.push(`house ${medianTime(() => void houseEffects(polls)).toFixed(1)}`);
console.log(out.join(' | '));
