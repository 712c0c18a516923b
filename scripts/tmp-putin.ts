import { readFileSync } from 'node:fs';
import { computeTrend } from '../lib/stats';
const rows = readFileSync('prisma/seed-data/levada_putin_approval_monthly_1999_2020.csv', 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
const pts = rows.map((r) => ({ date: Date.parse(r[0] ?? ''), value: Number(r[1]) / 100, n: 1600, pollster: 'levada' }));
for (const m of ['loess', 'kalman', 'weighted', 'mean'] as const) {
  const t = computeTrend(pts, { method: m });
  const at = (d: string) => t.points.find((p) => p.date >= Date.parse(d));
  let inside = 0;
  pts.forEach((p) => { const e = t.points.find((x) => x.date === p.date); if (e && p.value >= e.bands[95][0] && p.value <= e.bands[95][1]) inside++; });
  console.log(m, JSON.stringify(t.parameters), ['2014-01-01', '2014-02-01', '2014-03-01', '2014-04-01', '2014-06-01'].map((d) => ((at(d)?.estimate ?? 0) * 100).toFixed(1)).join(' '), 'polls in band', inside, '/', pts.length);
}
