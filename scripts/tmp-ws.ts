import { computeTrend } from '../lib/stats';

import { SCENARIOS, scenarioRng, simToTrendPoints } from './bench/coverage-scenarios';
const sc = SCENARIOS.find((s) => s.key === process.argv[2])!;
const si = SCENARIOS.indexOf(sc);
for (const drift of [true, false]) {
  let hit = 0, tot = 0, bound = 0; const qs: number[] = [];
  for (let rep = 0; rep < 200; rep++) {
    const sim = sc.generate(scenarioRng(20261129, si, rep));
    const pts = simToTrendPoints(sim.polls);
    const r = computeTrend(pts, { method: 'kalman', drift });
    if (r.parameters.processVarianceAtBound !== 'no') bound++;
    qs.push(Number(r.parameters.processVariancePerDay));
    for (const p of r.points) { tot++; const t = sim.truth(p.date); if (t >= p.bands[95][0] && t <= p.bands[95][1]) hit++; }
  }
  qs.sort((a, b) => a - b);
  console.log(drift, hit / tot, 'bound', bound, 'median q', qs[100], 'q10', qs[20]);
}
