import { computeTrend } from '../lib/stats';
import { SCENARIOS, scenarioRng, simToTrendPoints } from './bench/coverage-scenarios';
const sc = SCENARIOS.find((s) => s.key === process.argv[2]);
if (!sc) throw new Error('no');
const si = SCENARIOS.indexOf(sc);
const hs: number[] = [];
let hit = 0, tot = 0; const phis: number[] = [];
for (let rep = 0; rep < 100; rep++) {
  const sim = sc.generate(scenarioRng(20261129, si, rep));
  const r = computeTrend(simToTrendPoints(sim.polls), { method: 'loess' });
  hs.push(Number(r.parameters.bandwidthDays)); phis.push(Number(r.parameters.overdispersion));
  for (const p of r.points) { tot++; const t = sim.truth(p.date); if (t >= p.bands[95][0] && t <= p.bands[95][1]) hit++; }
}
hs.sort((a, b) => a - b); phis.sort((a, b) => a - b);
console.log(hit / tot, 'h quartiles', hs[10], hs[25], hs[50], hs[75], hs[90], 'phi', phis[50], phis[90]);
