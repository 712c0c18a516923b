import { describe, expect, it } from 'vitest';
import { fitLocalLevel, prepareSeries, type TrendPoint } from '@/lib/stats/trend/index';
import { houseEffects } from '@/lib/stats/house-effects';
import { rng } from '../../../scripts/bench/rng';
import { gaussian } from '../../../scripts/bench/coverage-scenarios';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

/**
 * Textbook GLS for the same model, independent of the filter: the level as read by a reference
 * pollster (the one with most polls) x_1…x_D, the other pollsters' offsets β from it and a drift
 * δ, with prior x_1 ~ N(y₁, 0.25) and x_j − x_{j−1} − δΔ ~ N(0, qΔ), written as one weighted
 * least-squares problem and solved by normal equations — O((D+P)³), fine for a small case. Then
 * re-expressed with offsets summing to zero: h = β − β̄, level = x + β̄.
 */
function bruteForce(points: TrendPoint[], q: number): { level: number[]; house: Map<string, number> } {
  const s = prepareSeries(points);
  const D = s.dates.length;
  const P = s.pollsterCount;
  const nPar = D + (P - 1) + 1; // levels, P−1 offsets from the reference, drift
  const counts = new Array<number>(P).fill(0);
  for (let i = 0; i < s.size; i++) counts[s.pollster[i] ?? 0] = (counts[s.pollster[i] ?? 0] ?? 0) + 1;
  let ref = 0;
  for (let p = 1; p < P; p++) if ((counts[p] ?? 0) > (counts[ref] ?? 0)) ref = p;
  const col = (p: number): number => (p < ref ? p : p - 1);
  const rows: { z: Float64Array; y: number; w: number }[] = [];
  const row = (): Float64Array => new Float64Array(nPar);
  // prior on x_1
  const r0 = row();
  r0[0] = 1;
  rows.push({ z: r0, y: s.y[0] ?? 0, w: 1 / 0.25 });
  for (let j = 1; j < D; j++) {
    const dt = (s.dates[j] ?? 0) - (s.dates[j - 1] ?? 0);
    const r = row();
    r[j] = 1;
    r[j - 1] = -1;
    r[nPar - 1] = -dt;
    rows.push({ z: r, y: 0, w: 1 / (q * dt) });
  }
  for (let i = 0; i < s.size; i++) {
    const r = row();
    r[s.dateOf[i] ?? 0] = 1;
    const p = s.pollster[i] ?? 0;
    if (p !== ref) r[D + col(p)] = 1;
    rows.push({ z: r, y: s.y[i] ?? 0, w: 1 / (s.v[i] ?? 1) });
  }
  const A = Array.from({ length: nPar }, () => new Float64Array(nPar));
  const b = new Float64Array(nPar);
  for (const { z, y, w } of rows) {
    for (let a = 0; a < nPar; a++) {
      if (z[a] === 0) continue;
      b[a] = (b[a] ?? 0) + w * (z[a] ?? 0) * y;
      for (let c = 0; c < nPar; c++) (A[a] as Float64Array)[c] = ((A[a] as Float64Array)[c] ?? 0) + w * (z[a] ?? 0) * (z[c] ?? 0);
    }
  }
  // Gaussian elimination.
  const x = Array.from(b);
  const M = A.map((r) => Array.from(r));
  for (let c = 0; c < nPar; c++) {
    let piv = c;
    for (let r = c + 1; r < nPar; r++) if (Math.abs(M[r]?.[c] ?? 0) > Math.abs(M[piv]?.[c] ?? 0)) piv = r;
    [M[c], M[piv]] = [M[piv] ?? [], M[c] ?? []];
    [x[c], x[piv]] = [x[piv] ?? 0, x[c] ?? 0];
    for (let r = 0; r < nPar; r++) {
      if (r === c) continue;
      const f = (M[r]?.[c] ?? 0) / (M[c]?.[c] ?? 1);
      for (let k = c; k < nPar; k++) (M[r] as number[])[k] = (M[r]?.[k] ?? 0) - f * (M[c]?.[k] ?? 0);
      x[r] = (x[r] ?? 0) - f * (x[c] ?? 0);
    }
  }
  const sol = x.map((v, i) => v / (M[i]?.[i] ?? 1));
  const offsets = sol.slice(D, D + P - 1);
  const mean = offsets.reduce((a, v) => a + v, 0) / P;
  const house = new Map(s.pollsterNames.map((n, p) => [n, (p === ref ? 0 : (offsets[col(p)] ?? 0)) - mean]));
  return { level: sol.slice(0, D).map((x) => x + mean), house };
}

function simulated(seed: number, pollsters: Record<string, number>, polls = 60): TrendPoint[] {
  const rnd = rng(seed);
  const names = Object.keys(pollsters);
  const out: TrendPoint[] = [];
  for (let i = 0; i < polls; i++) {
    const day = Math.floor(rnd() * 200);
    const name = names[Math.floor(rnd() * names.length)] ?? 'A';
    const truth = 0.4 + 0.0003 * day + (pollsters[name] ?? 0);
    out.push({ date: T0 + day * DAY, value: truth + gaussian(rnd) * 0.016, n: 1000, pollster: name });
  }
  return out;
}

describe('Kalman local level with house effects and drift (augmented filter)', () => {
  it('equals the textbook GLS solution of the same model (levels and offsets)', () => {
    const points = simulated(7, { A: 0.02, B: -0.01, C: 0.0, D: -0.01 });
    const q = 2e-6;
    const fit = fitLocalLevel(prepareSeries(points), q, true);
    const ref = bruteForce(points, q);
    ref.level.forEach((x, j) => expect(fit.level[j] ?? 0).toBeCloseTo(x + 0, 9));
    const names = prepareSeries(points).pollsterNames;
    names.forEach((n, p) => expect(fit.house?.effect[p] ?? 0).toBeCloseTo(ref.house.get(n) ?? 0, 9));
  });
  it('house effects sum to zero and a dominant pollster keeps its whole effect', () => {
    const points: TrendPoint[] = [];
    // A does 70% of the polls and reads 3 points high; B, C, D read 1 point low.
    for (let d = 0; d < 140; d++) points.push({ date: T0 + d * DAY, value: 0.48, n: 1500, pollster: 'A' });
    for (let d = 0; d < 60; d++) points.push({ date: T0 + ((d * 7) % 140) * DAY, value: 0.44, n: 1500, pollster: ['B', 'C', 'D'][d % 3] ?? 'B' });
    const he = houseEffects(points);
    const a = he.pollsters.find((p) => p.pollster === 'A');
    // truth: level 0.45 (average pollster: (0.48 + 3·0.44)/4), A +3 points, others −1
    expect(a?.effect ?? 0).toBeCloseTo(0.03, 6);
    expect(he.pollsters.reduce((acc, p) => acc + p.effect, 0)).toBeCloseTo(0, 12);
    for (const p of he.pollsters.filter((x) => x.pollster !== 'A')) expect(p.effect).toBeCloseTo(-0.01, 6);
  });
});
