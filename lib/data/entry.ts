import 'server-only';
import { db } from '@/lib/db';
import { parseSourceUrls } from '@/lib/data/sources';

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

/** What the poll form needs to offer: every pollster and question with its options. */
export async function loadPollFormChoices(): Promise<{ pollsters: TPickPollster[]; questions: TPickQuestion[] }> {
  const [pollsters, questions] = await Promise.all([
    db.pollster.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } }),
    db.question.findMany({ orderBy: { title: 'asc' }, include: { options: { orderBy: { position: 'asc' } } } }),
  ]);
  return {
    pollsters,
    questions: questions.map((q) => ({
      id: q.id,
      slug: q.slug,
      title: q.title,
      wording: q.wording,
      options: q.options.map((o) => ({ id: o.id, key: o.key, label: o.label })),
    })),
  };
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

export async function listPollsForAdmin(opts: { page: number; pageSize?: number; q?: string }): Promise<{ rows: TAdminPollRow[]; total: number }> {
  const pageSize = opts.pageSize ?? 50;
  const where = opts.q
    ? { OR: [{ pollster: { name: { contains: opts.q } } }, { questions: { some: { question: { title: { contains: opts.q } } } } }] }
    : {};
  const [total, polls] = await Promise.all([
    db.poll.count({ where }),
    db.poll.findMany({
      where,
      orderBy: [{ fieldEnd: 'desc' }, { id: 'desc' }],
      skip: (opts.page - 1) * pageSize,
      take: pageSize,
      include: { pollster: { select: { name: true } }, questions: { include: { question: { select: { slug: true, title: true } } } } },
    }),
  ]);
  return {
    total,
    rows: polls.map((p) => ({
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

export async function listQuestionsForAdmin() {
  const rows = await db.question.findMany({
    orderBy: { title: 'asc' },
    include: { options: { orderBy: { position: 'asc' } }, _count: { select: { asked: true } } },
  });
  return rows.map((q) => ({
    id: q.id,
    slug: q.slug,
    title: q.title,
    topic: q.topic,
    country: q.country,
    options: q.options.map((o) => o.label),
    polls: q._count.asked,
    version: q.version,
  }));
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

export async function listPollstersForAdmin() {
  const rows = await db.pollster.findMany({ orderBy: { name: 'asc' }, include: { _count: { select: { polls: true } } } });
  return rows.map((p) => ({ id: p.id, slug: p.slug, name: p.name, country: p.country, website: p.website, polls: p._count.polls, version: p.version }));
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

export async function listQuestionSlugs(): Promise<{ slug: string; title: string }[]> {
  return db.question.findMany({ orderBy: { title: 'asc' }, select: { slug: true, title: true } });
}
