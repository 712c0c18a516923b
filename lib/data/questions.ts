import 'server-only';
import { db, type DbClient } from '@/lib/db';
import { parseSourceUrls } from '@/lib/data/sources';

export interface OptionView {
  id: number;
  key: string;
  label: string;
  position: number;
}

export interface PollResultView {
  optionKey: string;
  optionLabel: string;
  percent: number;
}

/** One poll asking one question, as plain data for pages, charts and exports. */
export interface QuestionPollView {
  pollId: number;
  pollQuestionId: number;
  pollster: { name: string; slug: string };
  fieldStart: string | null;
  fieldEnd: string | null;
  datePrecision: string;
  publishedAt: string | null;
  sampleSize: number | null;
  population: string | null;
  mode: string | null;
  modeDetail: string | null;
  reportedMoe: number | null;
  moeConfidence: number | null;
  designEffect: number | null;
  wording: string;
  wordingKey: string;
  sourceUrls: string[];
  notes: string | null;
  results: PollResultView[];
}

export interface QuestionView {
  id: number;
  slug: string;
  title: string;
  wording: string;
  topic: string | null;
  country: string | null;
  population: string | null;
  notes: string | null;
  options: OptionView[];
  /** Newest first (by end of fieldwork). */
  polls: QuestionPollView[];
}

const pollInclude = {
  poll: { include: { pollster: { select: { name: true, slug: true } } } },
  results: { include: { option: true } },
} as const;

type PollQuestionRow = Awaited<ReturnType<typeof loadPollQuestions>>[number];

function loadPollQuestions(client: DbClient, where: { questionId: number }) {
  return client.pollQuestion.findMany({
    where,
    include: pollInclude,
    orderBy: [{ poll: { fieldEnd: 'desc' } }, { pollId: 'desc' }],
  });
}

function toPollView(row: PollQuestionRow): QuestionPollView {
  const p = row.poll;
  return {
    pollId: p.id,
    pollQuestionId: row.id,
    pollster: p.pollster,
    fieldStart: p.fieldStart?.toISOString() ?? null,
    fieldEnd: p.fieldEnd?.toISOString() ?? null,
    datePrecision: p.datePrecision,
    publishedAt: p.publishedAt?.toISOString() ?? null,
    sampleSize: p.sampleSize,
    population: p.population,
    mode: p.mode,
    modeDetail: p.modeDetail,
    reportedMoe: p.reportedMoe,
    moeConfidence: p.moeConfidence,
    designEffect: p.designEffect,
    wording: row.wording,
    wordingKey: row.wordingKey,
    sourceUrls: parseSourceUrls(p.sourceUrls),
    notes: p.notes,
    results: [...row.results]
      .sort((a, b) => a.option.position - b.option.position)
      .map((r) => ({ optionKey: r.option.key, optionLabel: r.option.label, percent: r.percent })),
  };
}

export async function getQuestionBySlug(slug: string, client: DbClient = db): Promise<QuestionView | null> {
  const question = await client.question.findUnique({
    where: { slug },
    include: { options: { orderBy: { position: 'asc' } } },
  });
  if (!question) return null;
  const rows = await loadPollQuestions(client, { questionId: question.id });
  return {
    id: question.id,
    slug: question.slug,
    title: question.title,
    wording: question.wording,
    topic: question.topic,
    country: question.country,
    population: question.population,
    notes: question.notes,
    options: question.options.map((o) => ({ id: o.id, key: o.key, label: o.label, position: o.position })),
    polls: rows.map(toPollView),
  };
}

/** Every question with all its polls (the overview draws a sparkline per question). */
export async function listQuestions(client: DbClient = db): Promise<QuestionView[]> {
  const slugs = await client.question.findMany({ select: { slug: true }, orderBy: { title: 'asc' } });
  const views = await Promise.all(slugs.map((s) => getQuestionBySlug(s.slug, client)));
  return views.filter((v): v is QuestionView => v !== null);
}

export interface QuestionSummary {
  slug: string;
  title: string;
  topic: string | null;
  country: string | null;
  population: string | null;
  pollCount: number;
  latest: QuestionPollView | null;
}

/** Every tracked question with its newest poll. */
export async function listQuestionSummaries(client: DbClient = db): Promise<QuestionSummary[]> {
  const questions = await client.question.findMany({
    orderBy: { title: 'asc' },
    include: { _count: { select: { asked: true } } },
  });
  return Promise.all(
    questions.map(async (q) => {
      const latest = await client.pollQuestion.findFirst({
        where: { questionId: q.id },
        include: pollInclude,
        orderBy: [{ poll: { fieldEnd: 'desc' } }, { pollId: 'desc' }],
      });
      return {
        slug: q.slug,
        title: q.title,
        topic: q.topic,
        country: q.country,
        population: q.population,
        pollCount: q._count.asked,
        latest: latest ? toPollView(latest) : null,
      };
    }),
  );
}

export interface LatestPollRow {
  pollId: number;
  pollster: string;
  pollsterSlug: string;
  fieldEnd: string | null;
  datePrecision: string;
  sampleSize: number | null;
  questionTitle: string;
  questionSlug: string;
  topic: string | null;
  country: string | null;
}

/** The most recent polls (by end of fieldwork) across all questions. */
export async function listLatestPolls(limit = 10, client: DbClient = db): Promise<LatestPollRow[]> {
  const rows = await client.pollQuestion.findMany({
    take: limit,
    orderBy: [{ poll: { fieldEnd: 'desc' } }, { pollId: 'desc' }],
    include: { poll: { include: { pollster: true } }, question: true },
  });
  return rows.map((r) => ({
    pollId: r.pollId,
    pollster: r.poll.pollster.name,
    pollsterSlug: r.poll.pollster.slug,
    fieldEnd: r.poll.fieldEnd?.toISOString() ?? null,
    datePrecision: r.poll.datePrecision,
    sampleSize: r.poll.sampleSize,
    questionTitle: r.question.title,
    questionSlug: r.question.slug,
    topic: r.question.topic,
    country: r.question.country,
  }));
}
