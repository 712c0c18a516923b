import 'server-only';
import { db, type DbClient } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import { parseSourceUrls } from '@/lib/data/sources';
import type { WordingTextView } from '@/lib/data/polls';
import { isSlug } from '@/lib/http/route-params';
import { toLatestPollRow, type LatestPollListRow } from '@/lib/data/question-list';

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
  /** language asked in / language of `wording`; null = not recorded */
  askedLanguage?: string | null;
  wordingLanguage?: string | null;
  /** the wording in other languages (the original as asked, translations), each with its source */
  texts?: WordingTextView[];
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

/**
 * The poll columns a QuestionPollView needs. Pages read them with flat selects rather than a nested
 * include: Prisma resolves `include` relation by relation and builds an object per row at each
 * level, which cost 150–300 ms for a question with 500 polls; reading the poll rows and the result
 * rows separately and joining them here takes about a third of that.
 */
const POLL_SELECT = {
  id: true,
  fieldStart: true,
  fieldEnd: true,
  datePrecision: true,
  publishedAt: true,
  sampleSize: true,
  population: true,
  mode: true,
  modeDetail: true,
  reportedMoe: true,
  moeConfidence: true,
  designEffect: true,
  sourceUrls: true,
  notes: true,
  pollster: { select: { name: true, slug: true } },
} as const;

const POLL_QUESTION_SELECT = {
  id: true,
  wording: true,
  wordingKey: true,
  askedLanguage: true,
  wordingLanguage: true,
  poll: { select: POLL_SELECT },
} as const;

type PollQuestionRow = Prisma.PollQuestionGetPayload<{ select: typeof POLL_QUESTION_SELECT }>;

interface RankedResult {
  position: number;
  view: PollResultView;
}

function toPollView(row: PollQuestionRow, results: RankedResult[], texts: WordingTextView[] = []): QuestionPollView {
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
    askedLanguage: row.askedLanguage,
    wordingLanguage: row.wordingLanguage,
    texts,
    sourceUrls: parseSourceUrls(p.sourceUrls),
    notes: p.notes,
    results: [...results].sort((x, y) => x.position - y.position).map((r) => r.view),
  };
}

const NEWEST_FIRST: Prisma.PollQuestionOrderByWithRelationInput[] = [{ poll: { fieldEnd: 'desc' } }, { pollId: 'desc' }];

interface PollRow {
  id: number;
  wording: string;
  wordingKey: string;
  askedLanguage: string | null;
  wordingLanguage: string | null;
  pollId: number;
  fieldStart: Date | null;
  fieldEnd: Date | null;
  datePrecision: string;
  publishedAt: Date | null;
  sampleSize: number | null;
  population: string | null;
  mode: string | null;
  modeDetail: string | null;
  reportedMoe: number | null;
  moeConfidence: number | null;
  designEffect: number | null;
  sourceUrls: string;
  notes: string | null;
  pollsterName: string;
  pollsterSlug: string;
}

/**
 * Every poll of a question, newest first, in one joined query. A question page's first view spends
 * most of its database time here: Prisma's relation select took ~23 ms for 500 polls on a quiet
 * machine, the join ~7 ms. Quoted identifiers and a bound parameter work on SQLite and PostgreSQL
 * alike, and Prisma maps the column types (DateTime → Date) on both. Same order as NEWEST_FIRST.
 */
async function loadPollRows(client: DbClient, questionId: number): Promise<PollQuestionRow[]> {
  const rows = await client.$queryRaw<PollRow[]>`
    SELECT pq."id", pq."wording", pq."wordingKey", pq."askedLanguage", pq."wordingLanguage", p."id" AS "pollId", p."fieldStart", p."fieldEnd", p."datePrecision",
      p."publishedAt", p."sampleSize", p."population", p."mode", p."modeDetail", p."reportedMoe", p."moeConfidence",
      p."designEffect", p."sourceUrls", p."notes", s."name" AS "pollsterName", s."slug" AS "pollsterSlug"
    FROM "PollQuestion" pq
      JOIN "Poll" p ON p."id" = pq."pollId"
      JOIN "Pollster" s ON s."id" = p."pollsterId"
    WHERE pq."questionId" = ${questionId}
    ORDER BY p."fieldEnd" DESC, pq."pollId" DESC`;
  return rows.map(({ id, wording, wordingKey, askedLanguage, wordingLanguage, pollId, pollsterName, pollsterSlug, ...poll }) => ({
    id,
    wording,
    wordingKey,
    askedLanguage,
    wordingLanguage,
    poll: { ...poll, id: pollId, pollster: { name: pollsterName, slug: pollsterSlug } },
  }));
}

export async function getQuestionBySlug(slug: string, client: DbClient = db): Promise<QuestionView | null> {
  // A string that cannot be a slug is not looked up (issue #15: unbounded slugs reached the database).
  if (!isSlug(slug)) return null;
  const question = await client.question.findUnique({
    where: { slug },
    include: { options: { orderBy: { position: 'asc' } } },
  });
  if (!question) return null;
  const [rows, results, texts] = await Promise.all([
    loadPollRows(client, question.id),
    client.$queryRaw<{ pollQuestionId: number; optionId: number; percent: number }[]>`
      SELECT r."pollQuestionId", r."optionId", r."percent"
      FROM "Result" r JOIN "PollQuestion" pq ON pq."id" = r."pollQuestionId"
      WHERE pq."questionId" = ${question.id}`,
    client.wordingText.findMany({ where: { pollQuestion: { questionId: question.id } }, orderBy: [{ role: 'asc' }, { language: 'asc' }] }),
  ]);
  const textsByPq = new Map<number, WordingTextView[]>();
  for (const t of texts) {
    const list = textsByPq.get(t.pollQuestionId) ?? [];
    list.push({ language: t.language, text: t.text, role: t.role === 'original' ? 'original' : 'translation', status: t.status, sourceUrl: t.sourceUrl, sourceNote: t.sourceNote });
    textsByPq.set(t.pollQuestionId, list);
  }
  const options = new Map(question.options.map((o) => [o.id, o]));
  const byPollQuestion = new Map<number, RankedResult[]>();
  for (const r of results) {
    const option = options.get(r.optionId);
    // A result always points at an option of its own question; skip rather than crash if not.
    if (!option) continue;
    const list = byPollQuestion.get(r.pollQuestionId) ?? [];
    list.push({ position: option.position, view: { optionKey: option.key, optionLabel: option.label, percent: r.percent } });
    byPollQuestion.set(r.pollQuestionId, list);
  }
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
    polls: rows.map((row) => toPollView(row, byPollQuestion.get(row.id) ?? [], textsByPq.get(row.id) ?? [])),
  };
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
        select: { ...POLL_QUESTION_SELECT, results: { select: { percent: true, option: { select: { key: true, label: true, position: true } } } } },
        orderBy: NEWEST_FIRST,
      });
      return {
        slug: q.slug,
        title: q.title,
        topic: q.topic,
        country: q.country,
        population: q.population,
        pollCount: q._count.asked,
        latest: latest ? toPollView(latest, latest.results.map((r) => ({ position: r.option.position, view: { optionKey: r.option.key, optionLabel: r.option.label, percent: r.percent } }))) : null,
      };
    }),
  );
}

export interface LatestPollRow extends LatestPollListRow {
  topic: string | null;
  country: string | null;
}

/** The most recent polls (by end of fieldwork) across all questions. */
export async function listLatestPolls(limit = 10, client: DbClient = db): Promise<LatestPollRow[]> {
  const rows = await client.pollQuestion.findMany({
    take: limit,
    orderBy: NEWEST_FIRST,
    include: { poll: { include: { pollster: true } }, question: true },
  });
  return rows.map((r) => ({
    ...toLatestPollRow({ ...r.poll, pollId: r.pollId, pollster: r.poll.pollster.name, pollsterSlug: r.poll.pollster.slug, questionTitle: r.question.title, questionSlug: r.question.slug }),
    topic: r.question.topic,
    country: r.question.country,
  }));
}
