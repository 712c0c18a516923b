import type { PollDetailView } from '@/lib/data/polls';
import type { ChartBase, PointInterval } from '@/lib/charts/types';
import { titleWith } from '@/lib/charts/types';
import { buildDistributionChart, type DistributionChartData } from '@/lib/charts/distribution';
import { percentInterval, pollPrecision, round, type PollPrecision } from '@/lib/charts/precision';
import { isImpossibleMoe, srsMarginOfError } from '@/lib/stats/proportions';
import { leadInterval } from '@/lib/stats/lead';
import { formatFieldDates } from '@/lib/format/display';
import { disclosureScore, type DisclosureFacts, type DisclosureScore } from '@/lib/stats/disclosure';

const NON_SUBSTANTIVE = /dont_know|no_answer|unsure|undecided|refused/;

export interface LeadData {
  leader: { key: string; label: string; percent: number };
  runnerUp: { key: string; label: string; percent: number };
  /** percentage points */
  lead: number;
  /** 95% margin of error of the lead, percentage points; null when n is not disclosed */
  moe: number | null;
  interval: [number, number] | null;
  /** true when the interval excludes 0 */
  significant: boolean | null;
}

export interface CrosstabRow {
  dimension: string;
  subgroup: string;
  sampleSize: number | null;
  cells: { key: string; label: string; percent: number | null; interval: PointInterval | null }[];
}

/** Crosstabs (Breakdown rows) of one question of a poll: the table and the small multiples. */
export interface CrosstabsChartData extends ChartBase {
  kind: 'crosstabs';
  unit: 'percent';
  options: { key: string; label: string }[];
  rows: CrosstabRow[];
}

export interface PollQuestionData {
  questionSlug: string;
  questionTitle: string;
  wording: string;
  distribution: DistributionChartData;
  lead: LeadData | null;
  crosstabs: CrosstabsChartData;
}

export interface DisclosureItem {
  key: 'sponsor' | 'fieldDates' | 'population' | 'mode' | 'sampleSize' | 'wording' | 'weighting' | 'reportedMoe';
  label: string;
  /** what was disclosed, or null = not disclosed */
  value: string | null;
}

/** Everything the poll page shows, and the API's poll record. */
export interface PollDetailData {
  kind: 'poll';
  pollId: number;
  title: string;
  pollster: { name: string; slug: string };
  fieldDates: string;
  precision: PollPrecision;
  /** the reported MoE is smaller than simple random sampling allows for its n */
  impossibleMoe: null | { reportedMoe: number; srsMoe: number };
  questions: PollQuestionData[];
  disclosure: DisclosureItem[];
  disclosedCount: number;
  /** the AAPOR disclosure score (lib/stats/disclosure): what /methodology#disclosure-score defines */
  disclosureScore: DisclosureScore;
  sources: string[];
  corrections: { id: number; note: string; createdAt: string }[];
}

/** The facts the disclosure score reads, straight from the record: nothing is inferred. */
export function pollDisclosureFacts(poll: PollDetailView): DisclosureFacts {
  return {
    sponsor: poll.sponsor,
    pollster: poll.pollster.name,
    fieldStart: poll.fieldStart,
    fieldEnd: poll.fieldEnd,
    datePrecision: poll.datePrecision,
    population: poll.population,
    samplingFrame: poll.samplingFrame,
    mode: poll.mode ?? poll.modeDetail,
    sampleSize: poll.sampleSize,
    wordingExact: poll.questions.map((q) => q.wordingExact),
    weighting: poll.weighting,
    reportedMoe: poll.reportedMoe,
    designEffect: poll.designEffect,
    sourceUrls: poll.sourceUrls,
  };
}

export function buildLead(bars: { key: string; label: string; percent: number }[], nEff: number | null): LeadData | null {
  const substantive = bars.filter((b) => !NON_SUBSTANTIVE.test(b.key)).sort((a, b) => b.percent - a.percent);
  const [leader, runnerUp] = substantive;
  if (!leader || !runnerUp) return null;
  const lead = round(leader.percent - runnerUp.percent);
  if (nEff === null || leader.percent + runnerUp.percent > 100.5) {
    return { leader, runnerUp, lead, moe: null, interval: null, significant: null };
  }
  const p1 = leader.percent / 100;
  const p2 = Math.min(runnerUp.percent / 100, 1 - p1);
  const li = leadInterval(p1, p2, nEff);
  return { leader, runnerUp, lead, moe: round(li.moe * 100), interval: [round(li.low * 100), round(li.high * 100)], significant: li.significant };
}

function buildCrosstabs(poll: PollDetailView, q: PollDetailView['questions'][number], precision: PollPrecision): CrosstabsChartData {
  const deff = precision.designEffect?.value ?? 1;
  const rows: CrosstabRow[] = q.breakdowns.map((b) => {
    const byKey = new Map(b.results.map((r) => [r.optionKey, r.percent]));
    const nEff = b.sampleSize !== null && b.sampleSize > 0 ? b.sampleSize / deff : null;
    return {
      dimension: b.dimension,
      subgroup: b.subgroup,
      sampleSize: b.sampleSize,
      cells: q.question.options.map((o) => {
        const percent = byKey.get(o.key) ?? null;
        const interval = percent !== null && nEff !== null ? percentInterval(percent, nEff) : null;
        return { key: o.key, label: o.label, percent, interval: interval && { ...interval, low: round(interval.low), high: round(interval.high) } };
      }),
    };
  });
  return {
    kind: 'crosstabs',
    title: titleWith(q.question.title, 'by subgroup'),
    subtitle: `${poll.pollster.name} · ${formatFieldDates(poll.fieldStart, poll.fieldEnd, poll.datePrecision)}`,
    unit: 'percent',
    method: {
      name: 'wilson',
      label: 'subgroup shares as published; 95% Wilson intervals on subgroup n / the poll’s design effect where subgroup n is published',
      parameters: { level: 0.95, designEffect: deff },
      anchor: 'wilson',
    },
    sources: [{ label: poll.pollster.name, urls: poll.sourceUrls }],
    urlState: { path: `/polls/${poll.id}`, query: {} },
    summary:
      rows.length === 0
        ? 'No subgroup results were published for this question.'
        : `${rows.length} subgroups across ${new Set(rows.map((r) => r.dimension)).size} breakdowns.`,
    options: q.question.options,
    rows,
  };
}

const MODE_TEXT: Record<string, string> = {
  'face-to-face': 'face-to-face',
  telephone: 'telephone',
  online: 'online',
  mixed: 'mixed mode',
  other: 'other',
};

export function buildPollDetail(poll: PollDetailView): PollDetailData {
  const precision = pollPrecision(poll);
  const fieldDates = formatFieldDates(poll.fieldStart, poll.fieldEnd, poll.datePrecision);
  const questions: PollQuestionData[] = poll.questions.map((q) => {
    const view = {
      pollId: poll.id,
      pollQuestionId: q.pollQuestionId,
      pollster: poll.pollster,
      fieldStart: poll.fieldStart,
      fieldEnd: poll.fieldEnd,
      datePrecision: poll.datePrecision,
      publishedAt: poll.publishedAt,
      sampleSize: poll.sampleSize,
      population: poll.population,
      mode: poll.mode,
      modeDetail: poll.modeDetail,
      reportedMoe: poll.reportedMoe,
      moeConfidence: poll.moeConfidence,
      designEffect: poll.designEffect,
      wording: q.wording,
      wordingKey: q.wordingKey,
      sourceUrls: poll.sourceUrls,
      notes: poll.notes,
      results: q.results.map((r) => ({ optionKey: r.optionKey, optionLabel: r.optionLabel, percent: r.percent })),
    };
    const distribution = buildDistributionChart({ title: q.question.title, options: q.question.options }, view);
    distribution.urlState = { path: `/polls/${poll.id}`, query: {} };
    return {
      questionSlug: q.question.slug,
      questionTitle: q.question.title,
      wording: q.wording,
      distribution,
      lead: buildLead(distribution.bars, precision.effectiveSampleSize),
      crosstabs: buildCrosstabs(poll, q, precision),
    };
  });
  let impossibleMoe: PollDetailData['impossibleMoe'] = null;
  if (poll.reportedMoe !== null && poll.reportedMoe > 0 && poll.sampleSize !== null && poll.sampleSize > 0) {
    const level = poll.moeConfidence ?? 0.95;
    if (isImpossibleMoe(poll.reportedMoe / 100, poll.sampleSize, level)) {
      impossibleMoe = { reportedMoe: poll.reportedMoe, srsMoe: round(srsMarginOfError(0.5, poll.sampleSize, level) * 100) };
    }
  }
  const wordings = [...new Set(poll.questions.map((q) => q.wording))];
  const disclosure: DisclosureItem[] = [
    { key: 'sponsor', label: 'Sponsor', value: poll.sponsor },
    {
      key: 'fieldDates',
      label: 'Field dates',
      value: poll.fieldStart || poll.fieldEnd ? `${fieldDates}${poll.datePrecision !== 'day' ? ` (${poll.datePrecision} only)` : ''}` : null,
    },
    { key: 'population', label: 'Population', value: poll.population },
    { key: 'mode', label: 'Mode', value: poll.modeDetail ?? (poll.mode ? (MODE_TEXT[poll.mode] ?? poll.mode) : null) },
    { key: 'sampleSize', label: 'Sample size (n)', value: poll.sampleSize !== null ? poll.sampleSize.toLocaleString('en-GB') : null },
    { key: 'wording', label: 'Exact wording', value: wordings.length > 0 ? wordings.join(' / ') : null },
    { key: 'weighting', label: 'Weighting', value: poll.weighting },
    {
      key: 'reportedMoe',
      label: 'Reported margin of error',
      value: poll.reportedMoe !== null ? `±${poll.reportedMoe} points${poll.moeConfidence ? ` at ${Math.round(poll.moeConfidence * 100)}%` : ''}` : null,
    },
  ];
  return {
    kind: 'poll',
    pollId: poll.id,
    title: `${poll.pollster.name}, ${fieldDates}`,
    pollster: poll.pollster,
    fieldDates,
    precision,
    impossibleMoe,
    questions,
    disclosure,
    disclosedCount: disclosure.filter((d) => d.value !== null).length,
    disclosureScore: disclosureScore(pollDisclosureFacts(poll)),
    sources: poll.sourceUrls,
    corrections: poll.corrections,
  };
}
