import { computeTrend } from '../lib/stats';
import { syntheticPolls } from './bench/stats-cases';
const polls = syntheticPolls(10_000);
for (let r = 0; r < 5; r++) computeTrend(polls, { method: (process.argv[2] ?? 'kalman') as 'kalman' });
