import 'server-only';
import { loadInChunks } from '@/lib/data/in-list';
import { db, type DbClient } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { parseSourceUrls } from '@/lib/data/sources';
import { isSlug } from '@/lib/http/route-params';
import type { TAskedWording, TBreakdownGroup, TPollMethod, TWordingText } from '@/lib/data/dto';

export interface BreakdownView extends TBreakdownGroup {
  results: { optionKey: string; optionLabel: string; percent: number }[];
}

export interface PollQuestionDetail extends TAskedWording {
  pollQuestionId: number;
  question: { slug: string; title: string; options: { key: string; label: string }[] };
  /** the wording in other languages: the original as asked and translations, each with its source */
  texts: WordingTextView[];
  results: { optionKey: string; optionLabel: string; percent: number; count: number | null }[];
  breakdowns: BreakdownView[];
}

export interface WordingTextView extends TWordingText {
  role: 'original' | 'translation';
  sourceNote: string | null;
}

/** A poll with everything its page and its API record show. */
export interface PollDetailView extends TPollMethod {
  id: number;
  pollster: { name: string; slug: string };
  sponsor: string | null;
  fieldStart: string | null;
  fieldEnd: string | null;
  publishedAt: string | null;
  questions: PollQuestionDetail[];
  corrections: { id: number; note: string; createdAt: string }[];
  updatedAt: string;
}

const detailInclude = {
  pollster: { select: { name: true, slug: true } },
  sponsor: { select: { name: true } },
  corrections: { orderBy: { createdAt: 'asc' as const } },
  questions: {
    orderBy: { position: 'asc' as const },
    include: {
      question: { include: { options: { orderBy: { position: 'asc' as const } } } },
      results: { include: { option: true } },
      texts: { orderBy: [{ role: 'asc' as const }, { language: 'asc' as const }] },
      breakdowns: {
        orderBy: [{ dimension: 'asc' as const }, { position: 'asc' as const }],
        include: { results: { include: { option: true } } },
      },
    },
  },
};

type PollRow = NonNullable<Awaited<ReturnType<typeof loadPoll>>>;

function loadPoll(client: DbClient, id: number) {
  return client.poll.findUnique({ where: { id }, include: detailInclude });
}

function toDetail(p: PollRow): PollDetailView {
  return {
    id: p.id,
    pollster: p.pollster,
    sponsor: p.sponsor?.name ?? p.sponsorName ?? null,
    fieldStart: p.fieldStart?.toISOString() ?? null,
    fieldEnd: p.fieldEnd?.toISOString() ?? null,
    datePrecision: p.datePrecision,
    publishedAt: p.publishedAt?.toISOString() ?? null,
    publishedPrecision: p.publishedPrecision,
    sampleSize: p.sampleSize,
    population: p.population,
    mode: p.mode,
    modeDetail: p.modeDetail,
    samplingFrame: p.samplingFrame,
    weighting: p.weighting,
    reportedMoe: p.reportedMoe,
    moeConfidence: p.moeConfidence,
    designEffect: p.designEffect,
    sourceUrls: parseSourceUrls(p.sourceUrls),
    notes: p.notes,
    questions: p.questions.map((pq) => ({
      pollQuestionId: pq.id,
      question: {
        slug: pq.question.slug,
        title: pq.question.title,
        options: pq.question.options.map((o) => ({ key: o.key, label: o.label })),
      },
      wording: pq.wording,
      wordingKey: pq.wordingKey,
      askedLanguage: pq.askedLanguage,
      wordingLanguage: pq.wordingLanguage,
      wordingExact: pq.wordingExact,
      texts: pq.texts.map((t) => ({
        language: t.language,
        text: t.text,
        role: t.role === 'original' ? 'original' : 'translation',
        status: t.status,
        sourceUrl: t.sourceUrl,
        sourceNote: t.sourceNote,
      })),
      results: [...pq.results]
        .sort((a, b) => a.option.position - b.option.position)
        .map((r) => ({ optionKey: r.option.key, optionLabel: r.option.label, percent: r.percent, count: r.count })),
      breakdowns: pq.breakdowns.map((b) => ({
        dimension: b.dimension,
        subgroup: b.subgroup,
        sampleSize: b.sampleSize,
        results: [...b.results]
          .sort((x, y) => x.option.position - y.option.position)
          .map((r) => ({ optionKey: r.option.key, optionLabel: r.option.label, percent: r.percent })),
      })),
    })),
    corrections: p.corrections.map((c) => ({ id: c.id, note: c.note, createdAt: c.createdAt.toISOString() })),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export async function getPollById(id: number, client: DbClient = db): Promise<PollDetailView | null> {
  if (!Number.isSafeInteger(id) || id < 1) return null;
  const row = await loadPoll(client, id);
  return row ? toDetail(row) : null;
}

export interface PollListFilter {
  pollster?: string;
  question?: string;
}

/**
 * A page of polls, newest fieldwork first, with the total for pagination. The page's ids come from
 * one SQL statement that reaches the filters through their indexes (PollQuestion by question, Poll
 * by pollster); Prisma's `questions: { some: … }` filter checked every poll in fieldwork order and
 * took half a minute at a million polls. The details are then read for those ids only.
 */
export async function listPolls(
  page: { offset: number; limit: number },
  filter: PollListFilter = {},
  client: DbClient = db,
): Promise<{ total: number; polls: PollDetailView[] }> {
  const conditions: Prisma.Sql[] = [];
  if (filter.pollster) conditions.push(Prisma.sql`p."pollsterId" = (SELECT s."id" FROM "Pollster" s WHERE s."slug" = ${filter.pollster})`);
  // A question's polls are reached from PollQuestion (indexed by question), then sorted: a few
  // hundred rows, where walking every poll in fieldwork order and testing each took seconds.
  const from = filter.question
    ? Prisma.sql`"PollQuestion" fq JOIN "Poll" p ON p."id" = fq."pollId"`
    : Prisma.sql`"Poll" p`;
  if (filter.question) conditions.push(Prisma.sql`fq."questionId" = (SELECT q."id" FROM "Question" q WHERE q."slug" = ${filter.question})`);
  const where = conditions.length > 0 ? Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty;
  const [counted, idRows] = await Promise.all([
    // DISTINCT only through PollQuestion: a poll may ask one question in two wordings.
    client.$queryRaw<{ n: number | bigint }[]>`SELECT COUNT(${filter.question ? Prisma.sql`DISTINCT ` : Prisma.empty}p."id") AS "n" FROM ${from} ${where}`,
    client.$queryRaw<{ id: number | bigint }[]>`SELECT ${filter.question ? Prisma.sql`DISTINCT ` : Prisma.empty}p."id", p."fieldEnd" FROM ${from} ${where} ORDER BY p."fieldEnd" DESC, p."id" DESC LIMIT ${page.limit} OFFSET ${page.offset}`,
  ]);
  const ids = idRows.map((r) => Number(r.id));
  const rows = await loadInChunks(ids, (part) => client.poll.findMany({ where: { id: { in: part } }, include: detailInclude }));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    total: Number(counted[0]?.n ?? 0),
    polls: ids.map((id) => byId.get(id)).filter((r) => r !== undefined).map(toDetail),
  };
}

export interface PollsterView {
  id: number;
  slug: string;
  name: string;
  country: string | null;
  website: string | null;
  notes: string | null;
  aaporMember: boolean | null;
  esomarMember: boolean | null;
  polls: PollDetailView[];
}

export async function getPollsterBySlug(slug: string, client: DbClient = db): Promise<PollsterView | null> {
  // A string that cannot be a slug is not looked up (issue #15: unbounded slugs reached the database).
  if (!isSlug(slug)) return null;
  const p = await client.pollster.findUnique({ where: { slug } });
  if (!p) return null;
  // A large pollster has thousands of polls: read their ids first, then the details in chunks, so
  // no relation load binds more ids than the driver allows (lib/data/in-list.ts).
  const order = [{ fieldEnd: 'desc' as const }, { id: 'desc' as const }];
  const ids = (await client.poll.findMany({ where: { pollsterId: p.id }, select: { id: true }, orderBy: order })).map((r) => r.id);
  const loaded = await loadInChunks(ids, (part) => client.poll.findMany({ where: { id: { in: part } }, include: detailInclude }));
  const byId = new Map(loaded.map((r) => [r.id, r]));
  const rows = ids.map((id) => byId.get(id)).filter((r) => r !== undefined);
  return {
    id: p.id,
    slug: p.slug,
    name: p.name,
    country: p.country,
    website: p.website,
    notes: p.notes,
    aaporMember: p.aaporMember,
    esomarMember: p.esomarMember,
    polls: rows.map(toDetail),
  };
}

export async function listPollsters(client: DbClient = db): Promise<{ slug: string; name: string; polls: number }[]> {
  const rows = await client.pollster.findMany({ orderBy: { name: 'asc' }, include: { _count: { select: { polls: true } } } });
  return rows.map((r) => ({ slug: r.slug, name: r.name, polls: r._count.polls }));
}
