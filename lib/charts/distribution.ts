import type { QuestionPollView } from '@/lib/data/questions';
import type { ChartSource, PointInterval } from '@/lib/charts/types';
import { effectiveSampleSize, resolveDesignEffect, wilsonInterval } from '@/lib/stats/proportions';
import type { DesignEffectOrigin } from '@/lib/stats/proportions';
import { formatFieldDates, formatSampleSize } from '@/lib/format';

export interface DistributionBar {
  key: string;
  label: string;
  /** Share as published, in percent. */
  percent: number;
  /** 95% Wilson interval on the effective sample size, in percent; null when n is not disclosed. */
  interval: PointInterval | null;
}

/** Everything the latest-distribution chart draws, and exactly what its exports contain. */
export interface DistributionChartData {
  kind: 'distribution';
  title: string;
  subtitle: string;
  unit: 'percent';
  pollId: number;
  pollster: string;
  fieldDates: string;
  wording: string;
  sampleSize: number | null;
  designEffect: { value: number; origin: DesignEffectOrigin } | null;
  effectiveSampleSize: number | null;
  level: number;
  method: 'wilson';
  bars: DistributionBar[];
  source: ChartSource;
  /** One sentence for screen readers. */
  summary: string;
}

/** The design effect assumed when a poll states neither a design effect nor a margin of error. */
export const ASSUMED_DEFF = 1;

const DEFF_ORIGIN_TEXT: Record<DesignEffectOrigin, string> = {
  reported: 'as reported by the pollster',
  'derived-from-moe': 'derived from the stated margin of error',
  assumed: 'assumed: neither a design effect nor a margin of error was published',
};

export function describeDesignEffect(d: { value: number; origin: DesignEffectOrigin }): string {
  return `design effect ${d.value.toFixed(2)} (${DEFF_ORIGIN_TEXT[d.origin]})`;
}

export function buildDistributionChart(
  question: { title: string; options: { key: string; label: string }[] },
  poll: QuestionPollView,
  level = 0.95,
): DistributionChartData {
  const n = poll.sampleSize;
  const deff =
    n === null
      ? null
      : resolveDesignEffect(
          {
            sampleSize: n,
            designEffect: poll.designEffect,
            reportedMoe: poll.reportedMoe === null ? null : poll.reportedMoe / 100,
            moeLevel: poll.moeConfidence,
          },
          ASSUMED_DEFF,
        );
  const nEff = n !== null && deff ? effectiveSampleSize(n, deff.value) : null;
  const byKey = new Map(poll.results.map((r) => [r.optionKey, r]));
  const bars: DistributionBar[] = question.options
    .filter((o) => byKey.has(o.key))
    .map((o) => {
      const percent = byKey.get(o.key)?.percent ?? 0;
      let interval: PointInterval | null = null;
      if (nEff !== null) {
        const w = wilsonInterval(percent / 100, nEff, level);
        interval = { low: w.low * 100, high: w.high * 100, level: w.level, method: 'wilson' };
      }
      return { key: o.key, label: o.label, percent, interval };
    });
  const fieldDates = formatFieldDates(poll.fieldStart, poll.fieldEnd, poll.datePrecision);
  const summary =
    `${poll.pollster.name}, ${fieldDates}: ` +
    bars
      .map((b) =>
        b.interval
          ? `${b.label} ${b.percent}% (95% interval ${b.interval.low.toFixed(1)} to ${b.interval.high.toFixed(1)})`
          : `${b.label} ${b.percent}%`,
      )
      .join('; ') +
    `; n = ${formatSampleSize(n)}.`;
  return {
    kind: 'distribution',
    title: question.title,
    subtitle: `${poll.pollster.name} · ${fieldDates}`,
    unit: 'percent',
    pollId: poll.pollId,
    pollster: poll.pollster.name,
    fieldDates,
    wording: poll.wording,
    sampleSize: n,
    designEffect: deff,
    effectiveSampleSize: nEff,
    level,
    method: 'wilson',
    bars,
    source: { label: poll.pollster.name, urls: poll.sourceUrls },
    summary,
  };
}
