/**
 * The trend-benchmark inputs shared by `npm run bench -- --only=stats` and `npm run bench`: synthetic polls
 * from a fixed seed (a smooth true series over five years, 40 pollsters with house effects of ±3
 * points, n between 500 and 3,000, binomial-like noise) and a median-of-runs timer.
 */
import { performance } from 'node:perf_hooks';
import type { TrendOptions, TrendPoint } from '../../lib/stats';
import { rng } from './rng';

export const TREND_METHODS: TrendOptions[] = [{ method: 'mean' }, { method: 'weighted' }, { method: 'loess' }, { method: 'kalman' }];

export function syntheticPolls(count: number, seed = 20240601): TrendPoint[] {
  const rnd = rng(seed);
  const gauss = (): number => {
    const u = Math.max(rnd(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd());
  };
  const pollsters = Array.from({ length: 40 }, (_, i) => ({ name: `Pollster ${i + 1}`, house: (rnd() - 0.5) * 0.06 }));
  const start = Date.UTC(2021, 0, 1);
  const days = 5 * 365;
  const polls: TrendPoint[] = [];
  for (let i = 0; i < count; i++) {
    const day = Math.floor(rnd() * days);
    const truth = 0.42 + 0.05 * Math.sin(day / 120) + 0.02 * Math.sin(day / 23);
    const p = pollsters[Math.floor(rnd() * pollsters.length)] ?? { name: 'Pollster 1', house: 0 };
    const n = 500 + Math.floor(rnd() * 2500);
    const mean = truth + p.house;
    const value = Math.min(1, Math.max(0, mean + gauss() * Math.sqrt((mean * (1 - mean)) / n)));
    polls.push({ date: start + day * 86_400_000, value, n, pollster: p.name });
  }
  return polls;
}

export function medianTime(fn: () => void, runs = 7, warmups = 3): number {
  for (let w = 0; w < warmups; w++) fn();
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}
