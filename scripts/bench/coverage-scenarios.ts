/**
 * Simulated poll series with a known true level, for `npm run bench -- --only=coverage` and the coverage
 * tests. Each scenario draws a fresh series from a seeded PRNG: polls are binomial draws of
 * n respondents around truth(t) + the pollster's house effect. House effects are centred to sum to
 * zero over the pollsters, because that is what the trend estimates (the level an average
 * pollster would read): a common offset of every pollster cannot be told apart from the level.
 */
import type { TrendPoint } from '../../lib/stats/trend/types';
import { resolveSampleSizes } from '../../lib/stats/sample-size';
import { rng } from './rng';

export const DAY = 86_400_000;
export const ORIGIN = Date.UTC(2020, 0, 1);

/** One simulated poll as a user would enter it: n may be missing, with or without a stated MoE. */
export interface SimPoll {
  date: number;
  value: number;
  /** stated sample size, null when not disclosed */
  n: number | null;
  /** stated 95% margin of error (proportion, rounded to 0.1 point as published), null when not stated */
  moe: number | null;
  pollster: string;
}

export interface SimSeries {
  polls: SimPoll[];
  /** true level at a time (ms) */
  truth: (ms: number) => number;
  /** true house effects (proportion, centred), by pollster */
  house: Map<string, number>;
}

export interface Scenario {
  key: string;
  label: string;
  generate: (rnd: () => number) => SimSeries;
}

export function gaussian(rnd: () => number): number {
  const u = Math.max(rnd(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd());
}

/** Binomial(n, p)/n: exact Bernoulli sum where np or n(1 − p) is small, normal approximation elsewhere. */
export function binomialShare(rnd: () => number, n: number, p: number): number {
  const q = Math.min(1, Math.max(0, p));
  if (n * q < 40 || n * (1 - q) < 40) {
    let k = 0;
    for (let i = 0; i < n; i++) if (rnd() < q) k++;
    return k / n;
  }
  const k = Math.round(n * q + gaussian(rnd) * Math.sqrt(n * q * (1 - q)));
  return Math.min(n, Math.max(0, k)) / n;
}

interface Layout {
  /** days since ORIGIN of each poll, ascending */
  days: number[];
  pollsters: string[];
}

function evenDays(rnd: () => number, count: number, spanDays: number): number[] {
  const days = Array.from({ length: count }, () => Math.floor(rnd() * spanDays));
  days.sort((a, b) => a - b);
  return days;
}

function layout(rnd: () => number, count: number, spanDays: number, pollsterCount = 4, dominantShare = 0): Layout {
  const days = evenDays(rnd, count, spanDays);
  const pollsters = days.map(() => {
    if (dominantShare > 0 && rnd() < dominantShare) return 'P1';
    const others = dominantShare > 0 ? pollsterCount - 1 : pollsterCount;
    const k = Math.floor(rnd() * others);
    return `P${dominantShare > 0 ? k + 2 : k + 1}`;
  });
  return { days, pollsters };
}

function drawHouse(rnd: () => number, names: string[], sd: number): Map<string, number> {
  const raw = names.map(() => gaussian(rnd) * sd);
  const mean = raw.reduce((a, b) => a + b, 0) / Math.max(1, raw.length);
  return new Map(names.map((name, i) => [name, (raw[i] ?? 0) - mean]));
}

function draw(
  rnd: () => number,
  l: Layout,
  truth: (ms: number) => number,
  house: Map<string, number>,
  sampleSize: (i: number) => number = () => 1000,
  disclosure: (i: number) => 'n' | 'moe' | 'none' = () => 'n',
): SimSeries {
  const polls: SimPoll[] = l.days.map((day, i) => {
    const date = ORIGIN + day * DAY;
    const pollster = l.pollsters[i] ?? 'P1';
    const n = sampleSize(i);
    const value = binomialShare(rnd, n, truth(date) + (house.get(pollster) ?? 0));
    const kind = disclosure(i);
    const moe = kind === 'moe' ? Math.round(1000 * 1.959963984540054 * Math.sqrt(0.25 / n)) / 1000 : null;
    return { date, value, n: kind === 'n' ? n : null, moe, pollster };
  });
  return { polls, truth, house };
}

const daysOf = (ms: number): number => (ms - ORIGIN) / DAY;
const MONTH = 365.25 / 12;
const noHouse = (names: string[]): Map<string, number> => new Map(names.map((n) => [n, 0]));
const names = (l: Layout): string[] => [...new Set(l.pollsters)].sort();

/** Random-walk truth on a daily grid, linearly interpolated. */
function randomWalk(rnd: () => number, start: number, spanDays: number, sdPerMonth: number): (ms: number) => number {
  const sdDay = sdPerMonth / Math.sqrt(MONTH);
  const path = new Float64Array(spanDays + 2);
  path[0] = start;
  for (let d = 1; d < path.length; d++) path[d] = Math.min(0.9, Math.max(0.1, (path[d - 1] ?? start) + gaussian(rnd) * sdDay));
  return (ms: number) => {
    const x = Math.min(spanDays, Math.max(0, daysOf(ms)));
    const i = Math.floor(x);
    const f = x - i;
    return (path[i] ?? start) * (1 - f) + (path[i + 1] ?? start) * f;
  };
}

export const SCENARIOS: Scenario[] = [
  {
    key: 'flat',
    label: 'flat, 4 pollsters, no house effects (40 polls / 180 days)',
    generate: (rnd) => {
      const l = layout(rnd, 40, 180);
      return draw(rnd, l, () => 0.45, noHouse(names(l)));
    },
  },
  {
    key: 'drift-0.67',
    label: 'linear drift 0.67 points a month (40 polls / 180 days)',
    generate: (rnd) => {
      const l = layout(rnd, 40, 180);
      return draw(rnd, l, (ms) => 0.4 + (0.0067 * daysOf(ms)) / MONTH, noHouse(names(l)));
    },
  },
  {
    key: 'drift-2',
    label: 'linear drift 2 points a month (40 polls / 180 days)',
    generate: (rnd) => {
      const l = layout(rnd, 40, 180);
      return draw(rnd, l, (ms) => 0.35 + (0.02 * daysOf(ms)) / MONTH, noHouse(names(l)));
    },
  },
  {
    key: 'walk-slow',
    label: 'random walk, SD 0.5 points a month (250 polls / 3 years)',
    generate: (rnd) => {
      const l = layout(rnd, 250, 1095);
      return draw(rnd, l, randomWalk(rnd, 0.45, 1095, 0.005), noHouse(names(l)));
    },
  },
  {
    key: 'walk-fast',
    label: 'random walk, SD 2 points a month (250 polls / 3 years)',
    generate: (rnd) => {
      const l = layout(rnd, 250, 1095);
      return draw(rnd, l, randomWalk(rnd, 0.45, 1095, 0.02), noHouse(names(l)));
    },
  },
  {
    key: 'step',
    label: '10-point step at day 90 (40 polls / 180 days)',
    generate: (rnd) => {
      const l = layout(rnd, 40, 180);
      return draw(rnd, l, (ms) => (daysOf(ms) < 90 ? 0.4 : 0.5), noHouse(names(l)));
    },
  },
  {
    key: 'house',
    label: 'flat, house effects SD 2 points, 5 pollsters, one with 60% of polls (40 polls / 180 days)',
    generate: (rnd) => {
      const l = layout(rnd, 40, 180, 5, 0.6);
      return draw(rnd, l, () => 0.45, drawHouse(rnd, ['P1', 'P2', 'P3', 'P4', 'P5'], 0.02));
    },
  },
  {
    key: 'house-drift',
    label: 'drift 1 point a month + house effects SD 2 points, one pollster 60% (80 polls / 1 year)',
    generate: (rnd) => {
      const l = layout(rnd, 80, 365, 5, 0.6);
      return draw(rnd, l, (ms) => 0.4 + (0.01 * daysOf(ms)) / MONTH, drawHouse(rnd, ['P1', 'P2', 'P3', 'P4', 'P5'], 0.02));
    },
  },
  {
    key: 'sparse',
    label: 'sparse with gaps: 14 polls in 3 bursts over 2 years, drift 0.5 points a month',
    generate: (rnd) => {
      const days = [...evenDays(rnd, 5, 30), ...evenDays(rnd, 5, 30).map((d) => d + 330), ...evenDays(rnd, 4, 30).map((d) => d + 700)];
      const l: Layout = { days, pollsters: days.map((_, i) => `P${(i % 2) + 1}`) };
      return draw(rnd, l, (ms) => 0.5 - (0.005 * daysOf(ms)) / MONTH, noHouse(names(l)));
    },
  },
  {
    key: 'mixed-n',
    label: 'mixed n (300–3,000), 20% with only a stated MoE, 10% with nothing (40 polls / 180 days)',
    generate: (rnd) => {
      const l = layout(rnd, 40, 180);
      const ns = l.days.map(() => Math.round(300 * 10 ** rnd()));
      const disclosure = l.days.map(() => {
        const u = rnd();
        return u < 0.2 ? ('moe' as const) : u < 0.3 ? ('none' as const) : ('n' as const);
      });
      return draw(
        rnd,
        l,
        (ms) => 0.42 + (0.005 * daysOf(ms)) / MONTH,
        noHouse(names(l)),
        (i) => ns[i] ?? 1000,
        (i) => disclosure[i] ?? 'n',
      );
    },
  },
  {
    key: 'near-0',
    label: 'share near 0%: 2%, rising 0.2 points a month (40 polls / 180 days)',
    generate: (rnd) => {
      const l = layout(rnd, 40, 180);
      return draw(rnd, l, (ms) => 0.02 + (0.002 * daysOf(ms)) / MONTH, noHouse(names(l)));
    },
  },
  {
    key: 'near-100',
    label: 'share near 100%: 97%, flat (40 polls / 180 days)',
    generate: (rnd) => {
      const l = layout(rnd, 40, 180);
      return draw(rnd, l, () => 0.97, noHouse(names(l)));
    },
  },
];

export function scenarioRng(seed: number, scenarioIndex: number, rep: number): () => number {
  return rng((seed ^ Math.imul(scenarioIndex + 1, 0x9e3779b1) ^ Math.imul(rep + 1, 0x85ebca77)) >>> 0);
}

/** The product's own input step: n from the poll, else implied by its MoE, else imputed. */
export function simToTrendPoints(polls: readonly SimPoll[]): TrendPoint[] {
  const resolved = resolveSampleSizes(polls.map((p) => ({ pollster: p.pollster, question: 'q', n: p.n, moe: p.moe, moeLevel: 0.95 })));
  return polls.map((p, i) => {
    const r = resolved[i];
    return { date: p.date, value: p.value, n: r?.n ?? 1000, pollster: p.pollster, imputed: r?.imputed ?? false };
  });
}
