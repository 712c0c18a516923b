import { effectiveSampleSize, resolveDesignEffect, wilsonInterval } from '@/lib/stats/proportions';
import type { DesignEffectOrigin } from '@/lib/stats/proportions';
import type { PointInterval } from '@/lib/charts/types';

/**
 * The design effect assumed when a poll states neither a design effect nor a margin of error:
 * 1 (simple random sampling), as ARCHITECTURE §4 says; pages say it was assumed. Passed explicitly
 * because lib/stats' own default differs.
 */
export const ASSUMED_DEFF = 1;

export interface PollPrecision {
  sampleSize: number | null;
  designEffect: { value: number; origin: DesignEffectOrigin } | null;
  effectiveSampleSize: number | null;
}

/** n, the design effect (with where it came from) and n_eff = n / deff; all null when n is not disclosed. */
export function pollPrecision(poll: {
  sampleSize: number | null;
  designEffect: number | null;
  reportedMoe: number | null;
  moeConfidence: number | null;
}): PollPrecision {
  const n = poll.sampleSize;
  if (n === null || !(n > 0)) return { sampleSize: n, designEffect: null, effectiveSampleSize: null };
  const deff = resolveDesignEffect(
    {
      sampleSize: n,
      designEffect: poll.designEffect,
      reportedMoe: poll.reportedMoe === null ? null : poll.reportedMoe / 100,
      moeLevel: poll.moeConfidence,
    },
    ASSUMED_DEFF,
  );
  return { sampleSize: n, designEffect: deff, effectiveSampleSize: effectiveSampleSize(n, deff.value) };
}

/** Wilson interval of a share given in percent, on n_eff, returned in percent. */
export function percentInterval(percent: number, nEff: number, level = 0.95): PointInterval {
  const w = wilsonInterval(Math.min(1, Math.max(0, percent / 100)), nEff, level);
  return { low: w.low * 100, high: w.high * 100, level: w.level, method: 'wilson' };
}

const DEFF_ORIGIN_TEXT: Record<DesignEffectOrigin, string> = {
  reported: 'as reported by the pollster',
  'reported-below-1': 'the pollster reported a design effect below 1, which no weighted sample achieves; floored at 1',
  'derived-from-moe': 'derived from the stated margin of error',
  assumed: 'assumed: neither a design effect nor a margin of error was published',
};

export function describeDesignEffect(d: { value: number; origin: DesignEffectOrigin }): string {
  return `design effect ${d.value.toFixed(2)} (${DEFF_ORIGIN_TEXT[d.origin]})`;
}

/** Round to a fixed number of decimals for payloads (keeps JSON short; exports carry the same numbers). */
export function round(value: number, decimals = 2): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}
