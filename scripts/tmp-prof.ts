import { performance } from 'node:perf_hooks';
import { prepareSeries, fitLocalLevel } from '../lib/stats/trend/index';
import { syntheticPolls } from './bench/stats-cases';
const polls = syntheticPolls(10_000);
const one = polls.map((p) => ({ ...p, pollster: 'A' }));
const s = prepareSeries(polls);
const s1 = prepareSeries(one);
for (let r = 0; r < 6; r++) {
  const t1 = performance.now();
  fitLocalLevel(s, 1e-6, false);
  const t2 = performance.now();
  fitLocalLevel(s1, 1e-6, false);
  const t3 = performance.now();
  fitLocalLevel(s1, 'estimate', true);
  const t4 = performance.now();
  console.log((t2 - t1).toFixed(1), (t3 - t2).toFixed(1), (t4 - t3).toFixed(1));
}
