import 'server-only';
import { db, type DbClient } from '@/lib/db';
import { foldedLikePattern } from '@/lib/data/search-fold';
import { Prisma } from '@/lib/generated/prisma/client';
import { loadInChunks } from '@/lib/data/in-list';
import type { OptionView } from '@/lib/data/questions';

/**
 * Pages of tracked questions, filtered and counted in the database. The overview, the read API's
 * list and the admin list used to load every question (and, for the overview, every poll of every
 * question) and filter in JavaScript: with 10,000 questions that is a million polls per page view,
 * and Prisma's relation loading broke outright past ~1,000 questions (P2029, lib/data/in-list.ts).
 * Here one statement counts, one reads the page, and one reads the page's answer options.
 *
 * Plain SQL on purpose: the same text runs on SQLite and PostgreSQL (quoted identifiers, bound
 * parameters, LOWER(...) LIKE for case-insensitive search on both).
 */

export interface QuestionListFilter {
  /** Text in the title, wording, topic, country, population or slug (case-insensitive). */
  q?: string;
  topic?: string;
  /** One country of the question's comma-separated country list. */
  country?: string;
  /** Slug of a pollster that asked the question at least once. */
  pollster?: string;
}

export interface QuestionListRow {
  id: number;
  slug: string;
  title: string;
  wording: string;
  topic: string | null;
  country: string | null;
  population: string | null;
  version: number;
  pollCount: number;
  /** End of fieldwork of the newest poll (ISO), null without dated polls. */
  lastFieldEnd: string | null;
  options: OptionView[];
}

export interface QuestionPage {
  total: number;
  page: number;
  pageSize: number;
  pages: number;
  rows: QuestionListRow[];
}

export const MAX_PAGE_SIZE = 500;

/** `%text%` for LIKE with `\` as the escape character, so `%` and `_` typed by a user match themselves. */
export function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function whereOf(filter: QuestionListFilter): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  const q = filter.q?.trim();
  if (q) {
    const like = likePattern(q);
    // The wording in the language it was asked in (WordingText, a small table) is searched too.
    // SQLite's LOWER() folds ASCII only: QuestionSearch holds every searchable text folded in
    // JavaScript (any case, any script, both databases; kept by the write path). The columns are
    // still searched for rows written around the write path (bulk SQL benchmarks, hand edits).
    const asTyped = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(
      Prisma.sql`(LOWER(q."title") LIKE ${like} ESCAPE '\\' OR LOWER(q."wording") LIKE ${like} ESCAPE '\\' OR LOWER(q."slug") LIKE ${like} ESCAPE '\\'
        OR LOWER(COALESCE(q."topic", '')) LIKE ${like} ESCAPE '\\' OR LOWER(COALESCE(q."country", '')) LIKE ${like} ESCAPE '\\'
        OR LOWER(COALESCE(q."population", '')) LIKE ${like} ESCAPE '\\'
        OR EXISTS (SELECT 1 FROM "WordingText" wt JOIN "PollQuestion" wpq ON wpq."id" = wt."pollQuestionId"
          WHERE wpq."questionId" = q."id" AND (LOWER(wt."text") LIKE ${like} ESCAPE '\\' OR wt."text" LIKE ${asTyped} ESCAPE '\\'))
        OR q."id" IN (SELECT qs."questionId" FROM "QuestionSearch" qs WHERE qs."text" LIKE ${foldedLikePattern(q)} ESCAPE '\\'))`,
    );
  }
  if (filter.topic) parts.push(Prisma.sql`q."topic" = ${filter.topic}`);
  if (filter.country) {
    // The country column may list several ("Russia, Japan"): match one whole entry.
    parts.push(Prisma.sql`LOWER(',' || REPLACE(COALESCE(q."country", ''), ', ', ',') || ',') LIKE ${likePattern(`,${filter.country},`)} ESCAPE '\\'`);
  }
  if (filter.pollster) {
    // From the pollster's polls (index on Poll.pollsterId) to their questions: a per-question EXISTS
    // walked every poll of every question, seconds at a million polls.
    parts.push(Prisma.sql`q."id" IN (SELECT fpq."questionId" FROM "PollQuestion" fpq JOIN "Poll" fp ON fp."id" = fpq."pollId"
      WHERE fp."pollsterId" = (SELECT fs."id" FROM "Pollster" fs WHERE fs."slug" = ${filter.pollster}))`);
  }
  return parts.length > 0 ? Prisma.sql`WHERE ${Prisma.join(parts, ' AND ')}` : Prisma.empty;
}

/** SQLite hands back the stored ISO text for a computed column, PostgreSQL a Date. */
function isoOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const d = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

interface RawRow {
  id: number | bigint;
  slug: string;
  title: string;
  wording: string;
  topic: string | null;
  country: string | null;
  population: string | null;
  version: number | bigint;
  pollCount: number | bigint;
  lastFieldEnd: unknown;
}

/** One page of questions by title, with the total that match. `page` is 1-based and clamped. */
export async function searchQuestions(
  filter: QuestionListFilter,
  paging: { page?: number; pageSize: number },
  client: DbClient = db,
): Promise<QuestionPage> {
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(paging.pageSize)));
  const where = whereOf(filter);
  const counted = await client.$queryRaw<{ n: number | bigint }[]>`SELECT COUNT(*) AS "n" FROM "Question" q ${where}`;
  const total = Number(counted[0]?.n ?? 0);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(pages, Math.max(1, Math.floor(paging.page ?? 1)));
  // The page's ids first, then its columns: SQLite computes every selected column of the rows an
  // OFFSET skips, so the per-question subqueries must not sit in the paged statement.
  const raw = await client.$queryRaw<RawRow[]>`
    SELECT q."id", q."slug", q."title", q."wording", q."topic", q."country", q."population", q."version",
      (SELECT COUNT(*) FROM "PollQuestion" cpq WHERE cpq."questionId" = q."id") AS "pollCount",
      (SELECT MAX(lp."fieldEnd") FROM "PollQuestion" lpq JOIN "Poll" lp ON lp."id" = lpq."pollId" WHERE lpq."questionId" = q."id") AS "lastFieldEnd"
    FROM (SELECT q."id" FROM "Question" q ${where} ORDER BY q."title" ASC, q."id" ASC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}) paged
      JOIN "Question" q ON q."id" = paged."id"
    ORDER BY q."title" ASC, q."id" ASC`;
  const ids = raw.map((r) => Number(r.id));
  const options = await loadInChunks(ids, (part) =>
    client.questionOption.findMany({ where: { questionId: { in: part } }, orderBy: [{ questionId: 'asc' }, { position: 'asc' }] }),
  );
  const byQuestion = new Map<number, OptionView[]>();
  for (const o of options) {
    const list = byQuestion.get(o.questionId) ?? [];
    list.push({ id: o.id, key: o.key, label: o.label, position: o.position });
    byQuestion.set(o.questionId, list);
  }
  return {
    total,
    page,
    pageSize,
    pages,
    rows: raw.map((r) => ({
      id: Number(r.id),
      slug: r.slug,
      title: r.title,
      wording: r.wording,
      topic: r.topic,
      country: r.country,
      population: r.population,
      version: Number(r.version),
      pollCount: Number(r.pollCount),
      lastFieldEnd: isoOf(r.lastFieldEnd),
      options: byQuestion.get(Number(r.id)) ?? [],
    })),
  };
}

/** The distinct topics and countries (each entry of a comma-separated list), for filter menus. */
export async function listQuestionFacets(client: DbClient = db): Promise<{ topics: string[]; countries: string[] }> {
  const [topics, countries] = await Promise.all([
    client.$queryRaw<{ v: string }[]>`SELECT DISTINCT "topic" AS "v" FROM "Question" WHERE "topic" IS NOT NULL`,
    client.$queryRaw<{ v: string }[]>`SELECT DISTINCT "country" AS "v" FROM "Question" WHERE "country" IS NOT NULL`,
  ]);
  const split = (rows: { v: string }[]) => [...new Set(rows.flatMap((r) => r.v.split(/,\s*/)).filter(Boolean))].sort();
  return { topics: split(topics), countries: split(countries) };
}

export interface PickItem {
  id: number;
  slug: string;
  label: string;
}

/**
 * SQL condition on `s` (a "Pollster" alias): its name or slug contains `text` in any case, script or
 * accent (PollsterSearch, folded by searchFold and kept by the write path). The columns themselves
 * are searched too (ASCII case), for pollsters written around the write path until the backfill.
 */
export function pollsterMatches(text: string): Prisma.Sql {
  const like = likePattern(text.trim());
  return Prisma.sql`(LOWER(s."name") LIKE ${like} ESCAPE '\\' OR LOWER(s."slug") LIKE ${like} ESCAPE '\\'
    OR s."id" IN (SELECT ps."pollsterId" FROM "PollsterSearch" ps WHERE ps."text" LIKE ${foldedLikePattern(text)} ESCAPE '\\'))`;
}

/** Up to `limit` pollsters whose name or slug contains `text` (any case, script or accent), by name (pickers and filters). */
export async function searchPollsters(text: string, limit = 20, client: DbClient = db): Promise<PickItem[]> {
  const rows = await client.$queryRaw<{ id: number | bigint; slug: string; name: string }[]>`
    SELECT s."id", s."slug", s."name" FROM "Pollster" s
    WHERE ${pollsterMatches(text)}
    ORDER BY s."name" ASC, s."id" ASC LIMIT ${Math.min(100, Math.max(1, limit))}`;
  return rows.map((r) => ({ id: Number(r.id), slug: r.slug, label: r.name }));
}

export interface LatestPollListRow {
  pollId: number;
  pollster: string;
  pollsterSlug: string;
  fieldEnd: string | null;
  datePrecision: string;
  sampleSize: number | null;
  questionTitle: string;
  questionSlug: string;
}

/**
 * The newest polls (by end of fieldwork) of the questions that match `filter`, asked by
 * `filter.pollster` when given. Undated polls are not "latest".
 */
export async function listLatestPollsFor(filter: QuestionListFilter, limit = 10, client: DbClient = db): Promise<LatestPollListRow[]> {
  const where = whereOf(filter);
  const pollster = filter.pollster ? Prisma.sql`AND s."slug" = ${filter.pollster}` : Prisma.empty;
  const rows = await client.$queryRaw<
    { pollId: number | bigint; pollster: string; pollsterSlug: string; fieldEnd: unknown; datePrecision: string; sampleSize: number | bigint | null; questionTitle: string; questionSlug: string }[]
  >`
    SELECT p."id" AS "pollId", s."name" AS "pollster", s."slug" AS "pollsterSlug", p."fieldEnd", p."datePrecision", p."sampleSize",
      q."title" AS "questionTitle", q."slug" AS "questionSlug"
    FROM "Poll" p
      JOIN "PollQuestion" pq ON pq."pollId" = p."id"
      JOIN "Question" q ON q."id" = pq."questionId"
      JOIN "Pollster" s ON s."id" = p."pollsterId"
    ${where === Prisma.empty ? Prisma.sql`WHERE TRUE` : where} AND p."fieldEnd" IS NOT NULL ${pollster}
    ORDER BY p."fieldEnd" DESC, p."id" DESC, q."id" ASC
    LIMIT ${Math.min(100, Math.max(1, limit))}`;
  return rows.map(toLatestPollRow);
}

/**
 * One "latest poll" row from what a reader loaded: a raw SQL row (numbers may be bigint, dates text
 * or Date) or fields picked from a Prisma result. Both latest-poll readers map through here.
 */
export function toLatestPollRow(r: {
  pollId: number | bigint;
  pollster: string;
  pollsterSlug: string;
  fieldEnd: unknown;
  datePrecision: string;
  sampleSize: number | bigint | null;
  questionTitle: string;
  questionSlug: string;
}): LatestPollListRow {
  return {
    pollId: Number(r.pollId),
    pollster: r.pollster,
    pollsterSlug: r.pollsterSlug,
    fieldEnd: isoOf(r.fieldEnd),
    datePrecision: r.datePrecision,
    sampleSize: r.sampleSize === null ? null : Number(r.sampleSize),
    questionTitle: r.questionTitle,
    questionSlug: r.questionSlug,
  };
}
