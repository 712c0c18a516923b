import 'server-only';
import { db } from '@/lib/db';
import { parseSourceUrls } from '@/lib/data/sources';
import { loadInChunks } from '@/lib/data/in-list';
import { likePattern, pollsterMatches, searchPollsters, searchQuestions } from '@/lib/data/question-list';
import { foldedLikePattern } from '@/lib/data/search-fold';
import { Prisma } from '@/lib/generated/prisma/client';

/** Queries behind the admin data-entry pages (lists and edit forms), as plain objects. */

export interface TPickOption {
  id: number;
  key: string;
  label: string;
}

export interface TPickQuestion {
  id: number;
  slug: string;
  title: string;
  wording: string;
  options: TPickOption[];
}

export interface TPickPollster {
  id: number;
  name: string;
}

/** Pickers show this many matches per search (lib/data/question-list.ts does the matching). */
export const PICK_LIMIT = 20;

async function pickQuestions(where: { id: { in: number[] } } | undefined, text: string | undefined): Promise<TPickQuestion[]> {
  let ids: number[];
  if (where) ids = where.id.in;
  else ids = (await searchQuestions({ q: text }, { pageSize: PICK_LIMIT })).rows.map((r) => r.id);
  const rows = await loadInChunks(ids, (part) =>
    db.question.findMany({ where: { id: { in: part } }, orderBy: { title: 'asc' }, include: { options: { orderBy: { position: 'asc' } } } }),
  );
  return rows.map((q) => ({
    id: q.id,
    slug: q.slug,
    title: q.title,
    wording: q.wording,
    options: q.options.map((o) => ({ id: o.id, key: o.key, label: o.label })),
  }));
}

/**
 * What the poll form starts with: the pollster and questions the poll already names (none for a new
 * poll). Everything else is found through the pickers' search (searchPollFormChoices), so the form
 * stays small however many pollsters and questions the database holds.
 */
export async function loadPollFormPicks(poll?: Pick<TPollFormValues, 'pollsterId' | 'questions'> | null): Promise<{ pollsters: TPickPollster[]; questions: TPickQuestion[] }> {
  if (!poll) return { pollsters: [], questions: [] };
  const pollsterId = Number(poll.pollsterId);
  const questionIds = [...new Set(poll.questions.map((q) => Number(q.questionId)).filter((id) => Number.isSafeInteger(id) && id > 0))];
  const [pollster, questions] = await Promise.all([
    Number.isSafeInteger(pollsterId) && pollsterId > 0 ? db.pollster.findUnique({ where: { id: pollsterId }, select: { id: true, name: true } }) : null,
    pickQuestions({ id: { in: questionIds } }, undefined),
  ]);
  return { pollsters: pollster ? [pollster] : [], questions };
}

/** The pickers' search: up to PICK_LIMIT pollsters or questions matching `text` (empty: the first by name/title). */
export async function searchPollFormChoices(kind: 'pollster', text: string): Promise<TPickPollster[]>;
export async function searchPollFormChoices(kind: 'question', text: string): Promise<TPickQuestion[]>;
export async function searchPollFormChoices(kind: 'pollster' | 'question', text: string): Promise<TPickPollster[] | TPickQuestion[]> {
  if (kind === 'pollster') return (await searchPollsters(text, PICK_LIMIT)).map((p) => ({ id: p.id, name: p.label }));
  return pickQuestions(undefined, text);
}

export interface TAdminPollRow {
  id: number;
  pollster: string;
  fieldStart: string | null;
  fieldEnd: string | null;
  datePrecision: string;
  sampleSize: number | null;
  questions: { slug: string; title: string }[];
  version: number;
  updatedAt: string;
}

/**
 * A page of polls for the admin list, newest fieldwork first, optionally those whose pollster name (any case, script or accent: PollsterSearch)
 * or a question's title, wording or wording texts contain `q` (case-insensitive, any script: QuestionSearch). Ids in SQL through the indexes (see
 * listPolls), details for the page only.
 */
export async function listPollsForAdmin(opts: { page: number; pageSize?: number; q?: string }): Promise<{ rows: TAdminPollRow[]; total: number }> {
  const pageSize = opts.pageSize ?? 50;
  const text = opts.q?.trim();
  const like = text ? likePattern(text) : null;
  const where = like
    ? // One IN set from both indexes (a pollster's polls, a question's polls): an OR of the two made
      // SQLite test every poll.
      Prisma.sql`WHERE p."id" IN (
        SELECT bp."id" FROM "Poll" bp WHERE bp."pollsterId" IN (SELECT s."id" FROM "Pollster" s WHERE ${pollsterMatches(text ?? '')})
        UNION SELECT pq."pollId" FROM "PollQuestion" pq WHERE pq."questionId" IN (SELECT q."id" FROM "Question" q WHERE LOWER(q."title") LIKE ${like} ESCAPE '\\'
          UNION SELECT qs."questionId" FROM "QuestionSearch" qs WHERE qs."text" LIKE ${foldedLikePattern(text ?? '')} ESCAPE '\\'))`
    : Prisma.empty;
  const [counted, idRows] = await Promise.all([
    db.$queryRaw<{ n: number | bigint }[]>`SELECT COUNT(*) AS "n" FROM "Poll" p ${where}`,
    db.$queryRaw<{ id: number | bigint }[]>`SELECT p."id" FROM "Poll" p ${where} ORDER BY p."fieldEnd" DESC, p."id" DESC LIMIT ${pageSize} OFFSET ${(Math.max(1, opts.page) - 1) * pageSize}`,
  ]);
  const ids = idRows.map((r) => Number(r.id));
  const polls = await loadInChunks(ids, (part) =>
    db.poll.findMany({
      where: { id: { in: part } },
      include: { pollster: { select: { name: true } }, questions: { include: { question: { select: { slug: true, title: true } } } } },
    }),
  );
  const byId = new Map(polls.map((p) => [p.id, p]));
  return {
    total: Number(counted[0]?.n ?? 0),
    rows: ids
      .map((id) => byId.get(id))
      .filter((p) => p !== undefined)
      .map((p) => ({
        id: p.id,
        pollster: p.pollster.name,
        fieldStart: p.fieldStart?.toISOString() ?? null,
        fieldEnd: p.fieldEnd?.toISOString() ?? null,
        datePrecision: p.datePrecision,
        sampleSize: p.sampleSize,
        questions: p.questions.map((q) => q.question),
        version: p.version,
        updatedAt: p.updatedAt.toISOString(),
      })),
  };
}

/** The poll form's fields as strings, the way the form holds them. */
export interface TPollFormValues {
  id: number;
  version: number;
  datePrecision: string;
  pollsterId: string;
  newPollsterName: string;
  sponsorName: string;
  fieldStart: string;
  fieldEnd: string;
  publishedAt: string;
  population: string;
  mode: string;
  modeDetail: string;
  sampleSize: string;
  sampleSizeUndisclosed: boolean;
  reportedMoe: string;
  moeConfidence: string;
  designEffect: string;
  samplingFrame: string;
  weighting: string;
  sourceUrls: string;
  notes: string;
  questions: {
    questionId: string;
    wording: string;
    results: { optionId: string; percent: string }[];
    breakdowns: { dimension: string; subgroup: string; sampleSize: string; results: { optionId: string; percent: string }[] }[];
  }[];
  corrections: { note: string; createdAt: string }[];
}

function dayOf(d: Date | null): string {
  return d ? d.toISOString().slice(0, 10) : '';
}

function str(v: number | string | null): string {
  return v === null ? '' : String(v);
}

export async function loadPollForEdit(id: number): Promise<TPollFormValues | null> {
  const p = await db.poll.findUnique({
    where: { id },
    include: {
      corrections: { orderBy: { createdAt: 'asc' } },
      questions: {
        orderBy: { position: 'asc' },
        include: {
          results: { orderBy: { option: { position: 'asc' } } },
          breakdowns: { orderBy: { position: 'asc' }, include: { results: { orderBy: { option: { position: 'asc' } } } } },
        },
      },
    },
  });
  if (!p) return null;
  return {
    id: p.id,
    version: p.version,
    datePrecision: p.datePrecision,
    pollsterId: String(p.pollsterId),
    newPollsterName: '',
    sponsorName: p.sponsorName ?? '',
    fieldStart: dayOf(p.fieldStart),
    fieldEnd: dayOf(p.fieldEnd),
    publishedAt: dayOf(p.publishedAt),
    population: p.population ?? '',
    mode: p.mode ?? '',
    modeDetail: p.modeDetail ?? '',
    sampleSize: str(p.sampleSize),
    sampleSizeUndisclosed: p.sampleSize === null,
    reportedMoe: str(p.reportedMoe),
    moeConfidence: p.moeConfidence === null ? '' : String(Math.round(p.moeConfidence * 10000) / 100),
    designEffect: str(p.designEffect),
    samplingFrame: p.samplingFrame ?? '',
    weighting: p.weighting ?? '',
    sourceUrls: parseSourceUrls(p.sourceUrls).join('\n'),
    notes: p.notes ?? '',
    questions: p.questions.map((q) => ({
      questionId: String(q.questionId),
      wording: q.wording,
      results: q.results.map((r) => ({ optionId: String(r.optionId), percent: String(r.percent) })),
      breakdowns: q.breakdowns.map((b) => ({
        dimension: b.dimension,
        subgroup: b.subgroup,
        sampleSize: str(b.sampleSize),
        results: b.results.map((r) => ({ optionId: String(r.optionId), percent: String(r.percent) })),
      })),
    })),
    corrections: p.corrections.map((c) => ({ note: c.note, createdAt: c.createdAt.toISOString() })),
  };
}

/** Admin lists show this many rows per page. */
export const ADMIN_PAGE_SIZE = 50;

export async function listQuestionsForAdmin(opts: { page?: number; q?: string } = {}) {
  const result = await searchQuestions({ q: opts.q }, { page: opts.page, pageSize: ADMIN_PAGE_SIZE });
  return {
    total: result.total,
    page: result.page,
    pages: result.pages,
    rows: result.rows.map((q) => ({
      id: q.id,
      slug: q.slug,
      title: q.title,
      topic: q.topic,
      country: q.country,
      options: q.options.map((o) => o.label),
      polls: q.pollCount,
      version: q.version,
    })),
  };
}

export async function loadQuestionForEdit(id: number) {
  const q = await db.question.findUnique({ where: { id }, include: { options: { orderBy: { position: 'asc' } } } });
  if (!q) return null;
  return {
    id: q.id,
    version: q.version,
    slug: q.slug,
    title: q.title,
    wording: q.wording,
    topic: q.topic ?? '',
    country: q.country ?? '',
    population: q.population ?? '',
    language: q.language ?? '',
    notes: q.notes ?? '',
    options: q.options.map((o) => ({ key: o.key, label: o.label })),
  };
}

export async function listPollstersForAdmin(opts: { page?: number; q?: string } = {}) {
  const text = opts.q?.trim();
  const where = text ? Prisma.sql`WHERE ${pollsterMatches(text)}` : Prisma.empty;
  const counted = await db.$queryRaw<{ n: number | bigint }[]>`SELECT COUNT(*) AS "n" FROM "Pollster" s ${where}`;
  const total = Number(counted[0]?.n ?? 0);
  const pages = Math.max(1, Math.ceil(total / ADMIN_PAGE_SIZE));
  const page = Math.min(pages, Math.max(1, Math.floor(opts.page ?? 1)));
  const rows = await db.$queryRaw<{ id: number | bigint; slug: string; name: string; country: string | null; website: string | null; version: number | bigint; polls: number | bigint }[]>`
    SELECT s."id", s."slug", s."name", s."country", s."website", s."version", (SELECT COUNT(*) FROM "Poll" p WHERE p."pollsterId" = s."id") AS "polls"
    FROM "Pollster" s ${where}
    ORDER BY s."name" ASC, s."id" ASC LIMIT ${ADMIN_PAGE_SIZE} OFFSET ${(page - 1) * ADMIN_PAGE_SIZE}`;
  return {
    total,
    page,
    pages,
    rows: rows.map((p) => ({ id: Number(p.id), slug: p.slug, name: p.name, country: p.country, website: p.website, polls: Number(p.polls), version: Number(p.version) })),
  };
}

export async function loadPollsterForEdit(id: number) {
  const p = await db.pollster.findUnique({ where: { id } });
  if (!p) return null;
  const tri = (v: boolean | null) => (v === null ? '' : v ? 'yes' : 'no');
  return {
    id: p.id,
    version: p.version,
    name: p.name,
    slug: p.slug,
    country: p.country ?? '',
    website: p.website ?? '',
    notes: p.notes ?? '',
    aaporMember: tri(p.aaporMember),
    esomarMember: tri(p.esomarMember),
  };
}

export async function listIndicatorsForAdmin() {
  const rows = await db.indicator.findMany({ orderBy: { name: 'asc' }, include: { _count: { select: { observations: true } } } });
  return rows.map((i) => ({ id: i.id, slug: i.slug, name: i.name, unit: i.unit, observations: i._count.observations, version: i.version }));
}

export async function loadIndicatorForEdit(id: number) {
  const i = await db.indicator.findUnique({ where: { id }, include: { observations: { orderBy: [{ periodStart: 'asc' }, { id: 'asc' }] } } });
  if (!i) return null;
  return {
    id: i.id,
    version: i.version,
    slug: i.slug,
    name: i.name,
    description: i.description ?? '',
    unit: i.unit,
    currency: i.currency ?? '',
    source: i.source ?? '',
    country: i.country ?? '',
    topic: i.topic ?? '',
    observations: i.observations.map((o) => ({
      id: o.id,
      version: o.version,
      period: o.period,
      value: o.value,
      kind: o.kind,
      basis: o.basis ?? '',
      sourceUrl: o.sourceUrl ?? '',
      sourceName: o.sourceName ?? '',
      notes: o.notes ?? '',
      isPrimary: o.isPrimary,
    })),
  };
}
