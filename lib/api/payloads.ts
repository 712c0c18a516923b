import type { z } from 'zod';
import type { QuestionListRow } from '@/lib/data/question-list';
import type { QuestionView } from '@/lib/data/questions';
import type { PollDetailView, PollsterView } from '@/lib/data/polls';
import { buildPollsterRecord } from '@/lib/charts/pollster';
import { buildPollsterHerding } from '@/lib/charts/herding';
import type { PollsterAccuracyData } from '@/lib/charts/accuracy';
import type { IndicatorView } from '@/lib/data/indicators';
import { houseEffectsOf, trendOf, wavesOf } from '@/lib/charts/question-charts';
import { buildPollDetail } from '@/lib/charts/poll-detail';
import { buildIndicatorChart } from '@/lib/charts/indicator';
import { buildIndicatorCard } from '@/lib/charts/overview';
import type {
  ZIndicatorDetailResponse,
  ZIndicatorListItem,
  ZPollDetail,
  ZPollShort,
  ZPollsterDetailResponse,
  ZQuestionDetailResponse,
  ZQuestionListItem,
} from '@/lib/api/schemas';
import { DEFAULT_TREND_METHOD, type TQuestionViewInput } from '@/lib/schemas/views';

/**
 * API payloads, built from the same lib/charts functions as the pages — so a number in the API is
 * the number on the page for the same URL state.
 */

/** A row of the question list (lib/data/question-list.ts) as the API shows it. */
export function questionListRowItem(q: QuestionListRow): z.input<typeof ZQuestionListItem> {
  return {
    slug: q.slug,
    title: q.title,
    wording: q.wording,
    topic: q.topic,
    country: q.country,
    population: q.population,
    options: q.options.map((o) => ({ key: o.key, label: o.label })),
    pollCount: q.pollCount,
    lastFieldEnd: q.lastFieldEnd,
    url: `/questions/${q.slug}`,
    apiUrl: `/api/v1/questions/${q.slug}`,
  };
}

export function questionListItem(q: QuestionView): z.input<typeof ZQuestionListItem> {
  return {
    slug: q.slug,
    title: q.title,
    wording: q.wording,
    topic: q.topic,
    country: q.country,
    population: q.population,
    options: q.options.map((o) => ({ key: o.key, label: o.label })),
    pollCount: q.polls.length,
    lastFieldEnd: q.polls[0]?.fieldEnd ?? null,
    url: `/questions/${q.slug}`,
    apiUrl: `/api/v1/questions/${q.slug}`,
  };
}

function pollShort(q: QuestionView['polls'][number]): z.input<typeof ZPollShort> {
  return {
    id: q.pollId,
    pollster: { slug: q.pollster.slug, name: q.pollster.name },
    fieldStart: q.fieldStart,
    fieldEnd: q.fieldEnd,
    datePrecision: q.datePrecision,
    sampleSize: q.sampleSize,
    wording: q.wording,
    wordingKey: q.wordingKey,
    askedLanguage: q.askedLanguage ?? null,
    wordingLanguage: q.wordingLanguage ?? null,
    texts: q.texts ?? [],
    results: q.results.map((r) => ({ option: r.optionKey, percent: r.percent })),
    url: `/polls/${q.pollId}`,
  };
}

/**
 * The question record with the trend of every option (or only `view.option`), house effects and
 * wave-to-wave changes. The trend's `points` are the main wording's; other wordings are listed in
 * `series` and their points carry their own wordingKey.
 */
export function questionDetail(q: QuestionView, view: Partial<TQuestionViewInput>): z.input<typeof ZQuestionDetailResponse>['data'] {
  const optionKeys = view.option ? [view.option] : q.options.map((o) => o.key);
  const points: z.input<typeof ZQuestionDetailResponse>['data']['trend']['points'] = [];
  const series: z.input<typeof ZQuestionDetailResponse>['data']['trend']['series'] = [];
  const houseRows: z.input<typeof ZQuestionDetailResponse>['data']['houseEffects']['rows'] = [];
  const notShown: { option: string; reason: string }[] = [];
  const changes: z.input<typeof ZQuestionDetailResponse>['data']['changes'] = [];
  let parameters: Record<string, number | string | boolean> = {};
  let method = view.method ?? DEFAULT_TREND_METHOD;
  for (const option of optionKeys) {
    const optionView = { ...view, option };
    // Memoised with the question (and carried over writes that change only notes), like the page's
    // charts: the API's detail used to fit every option's models again on every request after a write.
    const trend = trendOf(q, optionView);
    method = trend.trendMethod;
    if (trend.option.key !== option) continue; // unknown option for this question
    if (Object.keys(parameters).length === 0) parameters = trend.method.parameters;
    for (const s of trend.series) {
      series.push({
        option,
        wordingKey: s.wordingKey,
        wording: s.wording,
        isMain: s.isMain,
        pollCount: s.pollCount,
        parameters: s.parameters,
        lineNote: s.lineNote,
      });
      for (const p of s.line) points.push({ date: p.date, option, wordingKey: s.wordingKey, estimate: p.estimate, bands: p.bands });
    }
    const house = houseEffectsOf(q, optionView);
    if (house.notShownReason) notShown.push({ option, reason: house.notShownReason });
    for (const r of house.rows) houseRows.push({ option, ...r });
    for (const r of wavesOf(q, optionView).rows) {
      if (!r.change) continue;
      changes.push({
        option,
        pollId: r.pollId,
        previousPollId: r.change.previousPollId,
        pollster: r.pollsterSlug,
        wordingKey: r.wordingKey,
        date: r.date,
        percent: r.percent,
        previousPercent: r.change.previousPercent,
        change: r.change.points,
        pValue: r.change.pValue,
        qValue: r.change.qValue,
        z: r.change.z,
        verdict: r.change.verdict,
        usesImputedN: r.change.usesImputedN,
        interval: r.change.interval,
      });
    }
  }
  const { pollCount: _pc, lastFieldEnd: _lf, ...question } = questionListItem(q);
  return {
    question: { ...question, notes: q.notes },
    view: { method, from: view.from ?? null, to: view.to ?? null, pollster: view.pollster ?? null, options: optionKeys },
    polls: q.polls.map(pollShort),
    trend: { method, parameters, unit: 'percent', points, series },
    houseEffects: { rows: houseRows, notShown },
    changes,
  };
}

export function pollDetail(poll: PollDetailView): z.input<typeof ZPollDetail> {
  const d = buildPollDetail(poll);
  return {
    id: poll.id,
    pollster: poll.pollster,
    sponsor: poll.sponsor,
    fieldStart: poll.fieldStart,
    fieldEnd: poll.fieldEnd,
    datePrecision: poll.datePrecision,
    publishedAt: poll.publishedAt,
    population: poll.population,
    mode: poll.mode,
    modeDetail: poll.modeDetail,
    samplingFrame: poll.samplingFrame,
    weighting: poll.weighting,
    reportedMoe: poll.reportedMoe,
    moeConfidence: poll.moeConfidence,
    sampleSize: d.precision.sampleSize,
    designEffect: d.precision.designEffect,
    effectiveSampleSize: d.precision.effectiveSampleSize,
    impossibleMoe: d.impossibleMoe,
    questions: d.questions.map((q, i) => ({
      question: { slug: q.questionSlug, title: q.questionTitle },
      wording: q.wording,
      wordingKey: poll.questions[i]?.wordingKey ?? '',
      askedLanguage: poll.questions[i]?.askedLanguage ?? null,
      wordingLanguage: poll.questions[i]?.wordingLanguage ?? null,
      wordingExact: poll.questions[i]?.wordingExact ?? null,
      texts: poll.questions[i]?.texts ?? [],
      results: q.distribution.bars.map((b) => ({ option: b.key, label: b.label, percent: b.percent, interval: b.interval })),
      lead: q.lead
        ? {
            leader: q.lead.leader.key,
            runnerUp: q.lead.runnerUp.key,
            lead: q.lead.lead,
            moe: q.lead.moe,
            interval: q.lead.interval,
            significant: q.lead.significant,
          }
        : null,
      breakdowns: q.crosstabs.rows.map((r) => ({
        dimension: r.dimension,
        subgroup: r.subgroup,
        sampleSize: r.sampleSize,
        results: r.cells.map((c) => ({ option: c.key, percent: c.percent, interval: c.interval })),
      })),
    })),
    disclosure: d.disclosure.map((x) => ({ item: x.key, label: x.label, disclosed: x.value !== null, value: x.value })),
    disclosureScore: d.disclosureScore,
    sourceUrls: poll.sourceUrls,
    corrections: poll.corrections,
    url: `/polls/${poll.id}`,
  };
}

export function pollListItem(poll: PollDetailView) {
  return {
    id: poll.id,
    pollster: poll.pollster,
    fieldStart: poll.fieldStart,
    fieldEnd: poll.fieldEnd,
    datePrecision: poll.datePrecision,
    sampleSize: poll.sampleSize,
    questions: poll.questions.map((q) => q.question.slug),
    url: `/polls/${poll.id}`,
    apiUrl: `/api/v1/polls/${poll.id}`,
  };
}

export function indicatorListItem(i: IndicatorView): z.input<typeof ZIndicatorListItem> {
  const c = buildIndicatorCard(i);
  return {
    slug: c.slug,
    name: c.name,
    unit: c.unit,
    topic: c.topic,
    country: c.country,
    latest: c.latest,
    target: c.target,
    gap: c.gap,
    url: `/indicators/${i.slug}`,
    apiUrl: `/api/v1/indicators/${i.slug}`,
  };
}

export function indicatorDetail(i: IndicatorView, by?: number): z.input<typeof ZIndicatorDetailResponse>['data'] {
  const c = buildIndicatorChart(i, { by });
  return {
    slug: i.slug,
    name: i.name,
    description: i.description,
    unit: i.unit,
    source: i.source,
    observations: c.points.map(({ id: _id, ...p }) => p),
    target: c.target,
    latestActual: c.latestActual,
    gap: c.gap,
    requiredGrowth: c.requiredGrowth,
    cagr: c.cagr,
    ols: c.ols,
    yoy: c.yoy,
    url: `/indicators/${i.slug}`,
  };
}

/** The pollster record: disclosure score with its trend and the herding check per question. */
export function pollsterDetail(
  p: PollsterView,
  questions: readonly QuestionView[],
  accuracy: PollsterAccuracyData,
): z.input<typeof ZPollsterDetailResponse>['data'] {
  const record = buildPollsterRecord(p);
  return {
    slug: p.slug,
    name: p.name,
    country: p.country,
    website: p.website,
    aaporMember: p.aaporMember,
    esomarMember: p.esomarMember,
    pollCount: record.pollCount,
    disclosureScore: record.disclosureScore,
    herding: questions.map((q) => {
      const h = buildPollsterHerding(q, p.slug);
      return { question: h.questionSlug, option: h.option.key, trendMethod: h.trendMethod, pooled: h.pooled, bySeries: h.bySeries };
    }),
    accuracy: {
      windowDays: accuracy.windowDays,
      outcomes: accuracy.outcomes,
      record: accuracy.record,
      method: accuracy.method,
      polls: accuracy.polls,
      reason: accuracy.reason,
    },
    url: `/pollsters/${p.slug}`,
  };
}
