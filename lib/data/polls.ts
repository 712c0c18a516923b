import 'server-only';
import { db, type DbClient } from '@/lib/db';
import { parseSourceUrls } from '@/lib/data/sources';
import { isSlug } from '@/lib/http/route-params';

export interface BreakdownView {
  dimension: string;
  subgroup: string;
  sampleSize: number | null;
  results: { optionKey: string; optionLabel: string; percent: number }[];
}

export interface PollQuestionDetail {
  pollQuestionId: number;
  question: { slug: string; title: string; options: { key: string; label: string }[] };
  wording: string;
  wordingKey: string;
  results: { optionKey: string; optionLabel: string; percent: number; count: number | null }[];
  breakdowns: BreakdownView[];
}

/** A poll with everything its page and its API record show. */
export interface PollDetailView {
  id: number;
  pollster: { name: string; slug: string };
  sponsor: string | null;
  fieldStart: string | null;
  fieldEnd: string | null;
  datePrecision: string;
  publishedAt: string | null;
  publishedPrecision: string;
  sampleSize: number | null;
  population: string | null;
  mode: string | null;
  modeDetail: string | null;
  samplingFrame: string | null;
  weighting: string | null;
  reportedMoe: number | null;
  moeConfidence: number | null;
  designEffect: number | null;
  sourceUrls: string[];
  notes: string | null;
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

/** A page of polls, newest fieldwork first, with the total for pagination. */
export async function listPolls(
  page: { offset: number; limit: number },
  filter: PollListFilter = {},
  client: DbClient = db,
): Promise<{ total: number; polls: PollDetailView[] }> {
  const where = {
    ...(filter.pollster ? { pollster: { slug: filter.pollster } } : {}),
    ...(filter.question ? { questions: { some: { question: { slug: filter.question } } } } : {}),
  };
  const [total, rows] = await Promise.all([
    client.poll.count({ where }),
    client.poll.findMany({
      where,
      include: detailInclude,
      orderBy: [{ fieldEnd: 'desc' }, { id: 'desc' }],
      skip: page.offset,
      take: page.limit,
    }),
  ]);
  return { total, polls: rows.map(toDetail) };
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
  const rows = await client.poll.findMany({
    where: { pollsterId: p.id },
    include: detailInclude,
    orderBy: [{ fieldEnd: 'desc' }, { id: 'desc' }],
  });
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
