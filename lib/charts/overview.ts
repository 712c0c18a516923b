import type { QuestionView } from '@/lib/data/questions';
import type { IndicatorView } from '@/lib/data/indicators';
import type { ChartBase } from '@/lib/charts/types';
import { buildDistributionChart, type DistributionBar } from '@/lib/charts/distribution';
import { buildTrendChart, type TrendChartData } from '@/lib/charts/trend';
import { buildIndicatorChart } from '@/lib/charts/indicator';
import { downsample } from '@/lib/charts/downsample';
import { formatDate } from '@/lib/format/display';
import type { TOverviewInput } from '@/lib/schemas/views';

/** Points of a sparkline: few, enough to show the shape. */
export const SPARKLINE_POINTS = 60;

/** One question card of the overview: latest result with intervals and a sparkline of the trend. */
export interface QuestionCardData extends ChartBase {
  kind: 'question-card';
  slug: string;
  topic: string | null;
  country: string | null;
  population: string | null;
  pollCount: number;
  /** every wording asked, in every recorded language (the search matches any of them) */
  wordings: string[];
  pollsters: { slug: string; name: string }[];
  lastFieldDate: string | null;
  /** the newest poll across all wordings, with its wording named: the card's headline */
  latest: null | { pollId: number; pollster: string; fieldDates: string; sampleSize: number | null; wording: string; bars: DistributionBar[] };
  /**
   * The trend of the latest poll's wording when it has a line; otherwise the most-polled wording's,
   * flagged `olderWording` with the date of its last poll, so an old series never reads as the news.
   */
  sparkline: null | {
    option: { key: string; label: string };
    points: { t: number; estimate: number }[];
    last: number;
    wording: string;
    olderWording: null | { lastPoll: string };
  };
}

/**
 * `defaultTrend` gives the trend of the question page's default view when the caller has it memoised
 * (lib/charts/question-charts.ts trendOf): the overview then shares one computation with the page,
 * and its warm-up after a write. It is the same chart as buildTrendChart(question, {}).
 */
export function buildQuestionCard(question: QuestionView, defaultTrend?: () => TrendChartData): QuestionCardData {
  const newest = question.polls[0];
  const dist = newest ? buildDistributionChart(question, newest) : null;
  const trend = question.polls.length > 0 ? (defaultTrend ? defaultTrend() : buildTrendChart(question, {})) : null;
  const own = trend?.series.find((s) => s.wordingKey === newest?.wordingKey && s.line.length >= 2);
  const series = own ?? trend?.series[0];
  const line = series?.line ?? [];
  const sparkline =
    trend && series && line.length >= 2
      ? {
          option: trend.option,
          points: downsample(line, SPARKLINE_POINTS).map((p) => ({ t: p.t, estimate: p.estimate })),
          last: line.at(-1)?.estimate ?? 0,
          wording: series.wording,
          olderWording: own ? null : { lastPoll: formatDate(series.polls.at(-1)?.date ?? null, series.polls.at(-1)?.datePrecision ?? 'day') },
        }
      : null;
  const pollsters = new Map(question.polls.map((p) => [p.pollster.slug, p.pollster.name]));
  const lastFieldDate = newest ? formatDate(newest.fieldEnd, newest.datePrecision) : null;
  return {
    kind: 'question-card',
    title: question.title,
    subtitle: question.population ?? '',
    unit: 'percent',
    method: trend?.method ?? { name: 'none', label: 'no polls', parameters: {}, anchor: 'trend' },
    sources: dist?.sources ?? [],
    urlState: { path: `/questions/${question.slug}`, query: {} },
    summary:
      dist && newest
        ? `${question.title}: ${dist.summary} Wording: “${newest.wording}”.` +
          (sparkline
            ? ` Trend of “${sparkline.option.label}”${sparkline.olderWording ? ` for an earlier wording (last polled ${sparkline.olderWording.lastPoll})` : ''}: ${sparkline.last.toFixed(1)}%.`
            : '')
        : `${question.title}: no polls yet.`,
    slug: question.slug,
    wordings: [...new Set([question.wording, ...question.polls.flatMap((p) => [p.wording, ...(p.texts ?? []).map((t) => t.text)])])],
    topic: question.topic,
    country: question.country,
    population: question.population,
    pollCount: question.polls.length,
    pollsters: [...pollsters].map(([slug, name]) => ({ slug, name })),
    lastFieldDate,
    latest:
      dist && newest
        ? {
            pollId: newest.pollId,
            pollster: newest.pollster.name,
            fieldDates: dist.fieldDates,
            sampleSize: dist.sampleSize,
            wording: newest.wording,
            bars: dist.bars,
          }
        : null,
    sparkline,
  };
}

export interface IndicatorCardData {
  slug: string;
  name: string;
  unit: string;
  topic: string | null;
  country: string | null;
  latest: null | { period: string; value: number };
  target: null | { value: number };
  gap: null | number;
  source: string | null;
}

export function buildIndicatorCard(indicator: IndicatorView): IndicatorCardData {
  const chart = buildIndicatorChart(indicator);
  return {
    slug: indicator.slug,
    name: indicator.name,
    unit: indicator.unit,
    topic: indicator.topic,
    country: indicator.country,
    latest: chart.latestActual ? { period: chart.latestActual.period, value: chart.latestActual.value } : null,
    target: chart.target ? { value: chart.target.value } : null,
    gap: chart.gap?.absolute ?? null,
    source: indicator.source,
  };
}

function includesText(haystack: (string | null)[], needle: string): boolean {
  const n = needle.toLowerCase();
  return haystack.some((h) => h !== null && h.toLowerCase().includes(n));
}

/** Overview filters (search text, topic, country, pollster), applied to the cards. */
export function filterCards(cards: QuestionCardData[], f: Partial<TOverviewInput>): QuestionCardData[] {
  return cards.filter(
    (c) =>
      (!f.q || includesText([c.title, c.topic, c.country, c.population, ...c.wordings], f.q)) &&
      (!f.topic || c.topic === f.topic) &&
      (!f.country || (c.country ?? '').split(/,\s*/).includes(f.country)) &&
      (!f.pollster || c.pollsters.some((p) => p.slug === f.pollster)),
  );
}

export function filterIndicatorCards(cards: IndicatorCardData[], f: Partial<TOverviewInput>): IndicatorCardData[] {
  return cards.filter(
    (c) =>
      (!f.q || includesText([c.name, c.topic, c.country], f.q)) &&
      (!f.topic || c.topic === f.topic) &&
      (!f.country || (c.country ?? '').split(/,\s*/).includes(f.country)) &&
      !f.pollster,
  );
}
