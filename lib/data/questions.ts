import 'server-only';
import { db, type DbClient } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { chunk } from '@/lib/data/in-list';
import { parseSourceUrls } from '@/lib/data/sources';
import type { WordingTextView } from '@/lib/data/polls';
import { isSlug } from '@/lib/http/route-params';

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
type PollSelect = {
  id: true;
  fieldStart: true;
  fieldEnd: true;
  datePrecision: true;
  publishedAt: true;
  sampleSize: true;
  population: true;
  mode: true;
  modeDetail: true;
  reportedMoe: true;
  moeConfidence: true;
  designEffect: true;
  sourceUrls: true;
  notes: true;
  pollster: { select: { name: true; slug: true } };
};

type PollQuestionSelect = {
  id: true;
  wording: true;
  wordingKey: true;
  askedLanguage: true;
  wordingLanguage: true;
  poll: { select: PollSelect };
};

type PollQuestionRow = Prisma.PollQuestionGetPayload<{ select: PollQuestionSelect }>;

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
 * Every poll of the given questions, newest first, in one joined query. A question page's first
 * view spends most of its database time here: Prisma's relation select took ~23 ms for 500 polls on
 * a quiet machine, the join ~7 ms. Quoted identifiers and bound parameters work on SQLite and
 * PostgreSQL alike, and Prisma maps the column types (DateTime → Date) on both. Same order as
 * NEWEST_FIRST. `questionIds` is short (a page's few questions; callers chunk longer lists).
 */
async function loadPollRows(client: DbClient, questionIds: readonly number[]): Promise<(PollQuestionRow & { questionId: number })[]> {
  const rows = await client.$queryRaw<(PollRow & { questionId: number })[]>`
    SELECT pq."id", pq."questionId", pq."wording", pq."wordingKey", pq."askedLanguage", pq."wordingLanguage", p."id" AS "pollId", p."fieldStart", p."fieldEnd", p."datePrecision",
      p."publishedAt", p."sampleSize", p."population", p."mode", p."modeDetail", p."reportedMoe", p."moeConfidence",
      p."designEffect", p."sourceUrls", p."notes", s."name" AS "pollsterName", s."slug" AS "pollsterSlug"
    FROM "PollQuestion" pq
      JOIN "Poll" p ON p."id" = pq."pollId"
      JOIN "Pollster" s ON s."id" = p."pollsterId"
    WHERE pq."questionId" IN (${Prisma.join(questionIds)})
    ORDER BY p."fieldEnd" DESC, pq."pollId" DESC`;
  return rows.map(({ id, questionId, wording, wordingKey, askedLanguage, wordingLanguage, pollId, pollsterName, pollsterSlug, ...poll }) => ({
    id,
    questionId: Number(questionId),
    wording,
    wordingKey,
    askedLanguage,
    wordingLanguage,
    poll: { ...poll, id: pollId, pollster: { name: pollsterName, slug: pollsterSlug } },
  }));
}

/** Questions loaded together, by slug (the pollster page shows ten): one query per kind of row, not per question. */
const MAX_QUESTIONS_PER_LOAD = 50;

/**
 * Several questions with all their polls, in four queries whatever their number (up to
 * MAX_QUESTIONS_PER_LOAD per round). Slugs that are not slugs or do not exist are absent from the map.
 * Uncached: pages and routes read through lib/data/question-cache.ts (getQuestionView/getQuestionViews).
 */
export async function getQuestionsBySlugs(slugs: readonly string[], client: DbClient = db): Promise<Map<string, QuestionView>> {
  const out = new Map<string, QuestionView>();
  const wanted = [...new Set(slugs.filter(isSlug))];
  for (const part of chunk(wanted, MAX_QUESTIONS_PER_LOAD)) {
    const questions = await client.question.findMany({ where: { slug: { in: part } }, include: { options: { orderBy: { position: 'asc' } } } });
    if (questions.length === 0) continue;
    const ids = questions.map((q) => q.id);
    const [rows, results, texts] = await Promise.all([
      loadPollRows(client, ids),
      client.$queryRaw<{ pollQuestionId: number; optionId: number; percent: number }[]>`
        SELECT r."pollQuestionId", r."optionId", r."percent"
        FROM "Result" r JOIN "PollQuestion" pq ON pq."id" = r."pollQuestionId"
        WHERE pq."questionId" IN (${Prisma.join(ids)})`,
      client.wordingText.findMany({ where: { pollQuestion: { questionId: { in: ids } } }, orderBy: [{ role: 'asc' }, { language: 'asc' }] }),
    ]);
    const textsByPq = new Map<number, WordingTextView[]>();
    for (const t of texts) {
      const list = textsByPq.get(t.pollQuestionId) ?? [];
      list.push({ language: t.language, text: t.text, role: t.role === 'original' ? 'original' : 'translation', status: t.status, sourceUrl: t.sourceUrl, sourceNote: t.sourceNote });
      textsByPq.set(t.pollQuestionId, list);
    }
    // Option ids are unique across questions, so one map serves them all.
    const options = new Map(questions.flatMap((q) => q.options.map((o) => [o.id, o] as const)));
    const byPollQuestion = new Map<number, RankedResult[]>();
    for (const r of results) {
      const option = options.get(r.optionId);
      // A result always points at an option of its own question; skip rather than crash if not.
      if (!option) continue;
      const list = byPollQuestion.get(r.pollQuestionId) ?? [];
      list.push({ position: option.position, view: { optionKey: option.key, optionLabel: option.label, percent: r.percent } });
      byPollQuestion.set(r.pollQuestionId, list);
    }
    const rowsByQuestion = new Map<number, PollQuestionRow[]>();
    for (const row of rows) {
      const list = rowsByQuestion.get(row.questionId) ?? [];
      list.push(row);
      rowsByQuestion.set(row.questionId, list);
    }
    for (const question of questions) {
      out.set(question.slug, {
        id: question.id,
        slug: question.slug,
        title: question.title,
        wording: question.wording,
        topic: question.topic,
        country: question.country,
        population: question.population,
        notes: question.notes,
        options: question.options.map((o) => ({ id: o.id, key: o.key, label: o.label, position: o.position })),
        polls: (rowsByQuestion.get(question.id) ?? []).map((row) => toPollView(row, byPollQuestion.get(row.id) ?? [], textsByPq.get(row.id) ?? [])),
      });
    }
  }
  return out;
}

/** One question with all its polls, uncached (pages and routes use getQuestionView of lib/data/question-cache.ts). */
export async function getQuestionBySlug(slug: string, client: DbClient = db): Promise<QuestionView | null> {
  // A string that cannot be a slug is not looked up (issue #15: unbounded slugs reached the database).
  if (!isSlug(slug)) return null;
  return (await getQuestionsBySlugs([slug], client)).get(slug) ?? null;
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
    orderBy: NEWEST_FIRST,
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
