import type { QuestionPollView } from '@/lib/data/questions';
import type { ChartBase, PointInterval } from '@/lib/charts/types';
import type { DesignEffectOrigin } from '@/lib/stats/proportions';
import { formatFieldDates, formatSampleSize } from '@/lib/format/display';
import { ASSUMED_DEFF, describeDesignEffect, percentInterval, pollPrecision } from '@/lib/charts/precision';

export { ASSUMED_DEFF, describeDesignEffect };

export interface DistributionBar {
  key: string;
  label: string;
  /** Share as published, in percent. */
  percent: number;
  /** 95% Wilson interval on the effective sample size, in percent; null when n is not disclosed. */
  interval: PointInterval | null;
}

/** Everything the latest-distribution chart draws, and exactly what its exports contain. */
export interface DistributionChartData extends ChartBase {
  kind: 'distribution';
  unit: 'percent';
  pollId: number;
  pollster: string;
  fieldDates: string;
  wording: string;
  sampleSize: number | null;
  designEffect: { value: number; origin: DesignEffectOrigin } | null;
  effectiveSampleSize: number | null;
  level: number;
  bars: DistributionBar[];
}

export function buildDistributionChart(
  question: { title: string; slug?: string; options: { key: string; label: string }[] },
  poll: QuestionPollView,
  level = 0.95,
): DistributionChartData {
  const { sampleSize: n, designEffect: deff, effectiveSampleSize: nEff } = pollPrecision(poll);
  const byKey = new Map(poll.results.map((r) => [r.optionKey, r]));
  const bars: DistributionBar[] = question.options
    .filter((o) => byKey.has(o.key))
    .map((o) => {
      const percent = byKey.get(o.key)?.percent ?? 0;
      return { key: o.key, label: o.label, percent, interval: nEff !== null ? percentInterval(percent, nEff, level) : null };
    });
  const fieldDates = formatFieldDates(poll.fieldStart, poll.fieldEnd, poll.datePrecision);
  const summary =
    `${poll.pollster.name}, ${fieldDates}: ` +
    bars
      .map((b) =>
        b.interval ? `${b.label} ${b.percent}% (95% interval ${b.interval.low.toFixed(1)} to ${b.interval.high.toFixed(1)})` : `${b.label} ${b.percent}%`,
      )
      .join('; ') +
    `; n = ${formatSampleSize(n)}.`;
  return {
    kind: 'distribution',
    title: question.title,
    subtitle: `${poll.pollster.name} · ${fieldDates}`,
    unit: 'percent',
    method: {
      name: 'wilson',
      label: `${Math.round(level * 100)}% Wilson score intervals on the effective sample size n / design effect`,
      parameters: { level, assumedDesignEffect: ASSUMED_DEFF },
      anchor: 'wilson',
    },
    sources: [{ label: poll.pollster.name, urls: poll.sourceUrls }],
    urlState: { path: question.slug ? `/questions/${question.slug}` : `/polls/${poll.pollId}`, query: {} },
    pollId: poll.pollId,
    pollster: poll.pollster.name,
    fieldDates,
    wording: poll.wording,
    sampleSize: n,
    designEffect: deff,
    effectiveSampleSize: nEff,
    level,
    bars,
    summary,
  };
}
