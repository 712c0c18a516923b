import 'server-only';
import { db, type DbClient } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { QuestionView } from '@/lib/data/questions';
import type { PollDetailView, PollsterView } from '@/lib/data/polls';
import { getIndicatorBySlug, type IndicatorView } from '@/lib/data/indicators';
import { getQuestionBySlug } from '@/lib/data/questions';
import type { LatestPollListRow, QuestionListFilter } from '@/lib/data/question-list';
import { listOutcomesWithPolls, type OutcomeWithPolls } from '@/lib/data/outcomes';
import { outcomesWithPollsFromRelease, parseFrozenOutcomes, type FrozenOutcome } from '@/lib/releases/outcomes';
import { filterReleaseQuestions, latestPollsOf, pageOf } from '@/lib/releases/overview';
import {
  dumpIndicatorSlugs,
  dumpQuestions,
  indicatorChanges,
  indicatorViewFromDump,
  pollChangeItems,
  questionChanges,
  type ReleaseChange,
  parseDumpJson,
  pollsterPollsFromDump,
  pollViewFromDump,
  questionViewFromDump,
  rowsByQuestion,
  ZReleaseVersion,
  type Changelog,
  type DumpRow,
} from '@/lib/releases/snapshot';

export interface ReleaseSummary {
  version: string;
  title: string;
  notes: string | null;
  publishedAt: string;
  pollsSha256: string;
  pollsRows: number;
  indicatorsSha256: string;
  indicatorsRows: number;
  /** The frozen outcomes' checksum and count; null for a release published before outcomes were frozen. */
  outcomesSha256: string | null;
  outcomesRows: number | null;
  changelog: Changelog;
}

const SUMMARY_SELECT = {
  version: true,
  title: true,
  notes: true,
  publishedAt: true,
  pollsSha256: true,
  pollsRows: true,
  indicatorsSha256: true,
  indicatorsRows: true,
  outcomesSha256: true,
  outcomesRows: true,
  changelog: true,
} as const;

function toSummary(r: Prisma.ReleaseGetPayload<{ select: typeof SUMMARY_SELECT }>): ReleaseSummary {
  return { ...r, publishedAt: r.publishedAt.toISOString(), changelog: JSON.parse(r.changelog) as Changelog };
}

/** Every release, newest first. */
export async function listReleases(client: DbClient = db): Promise<ReleaseSummary[]> {
  const rows = await client.release.findMany({ orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }], select: SUMMARY_SELECT });
  return rows.map(toSummary);
}

export async function getReleaseSummary(version: string, client: DbClient = db): Promise<ReleaseSummary | null> {
  if (!ZReleaseVersion.safeParse(version).success) return null;
  const r = await client.release.findUnique({ where: { version }, select: SUMMARY_SELECT });
  return r ? toSummary(r) : null;
}

export async function latestReleaseSummary(client: DbClient = db): Promise<ReleaseSummary | null> {
  const r = await client.release.findFirst({ orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }], select: SUMMARY_SELECT });
  return r ? toSummary(r) : null;
}

export type DumpFile = 'polls.csv' | 'polls.json' | 'indicators.csv' | 'indicators.json';

/** The frozen bytes of one dump of a release, as served when it was published. */
export async function getReleaseDump(version: string, file: DumpFile, client: DbClient = db): Promise<{ text: string; sha256: string | null; generatedAt: Date } | null> {
  if (!ZReleaseVersion.safeParse(version).success) return null;
  const r = await client.release.findUnique({ where: { version } });
  if (!r) return null;
  const text = { 'polls.csv': r.pollsCsv, 'polls.json': r.pollsJson, 'indicators.csv': r.indicatorsCsv, 'indicators.json': r.indicatorsJson }[file];
  const sha256 = file === 'polls.csv' ? r.pollsSha256 : file === 'indicators.csv' ? r.indicatorsSha256 : null;
  return { text, sha256, generatedAt: r.publishedAt };
}

// A release never changes after publication, so its parsed rows can be kept for the process's life
// (a few releases of a demo-sized database; one entry per version).
const rowsCache = new Map<string, Promise<DumpRow[] | null>>();

async function releaseRows(version: string, client: DbClient, dump: 'polls' | 'indicators' = 'polls'): Promise<DumpRow[] | null> {
  if (!ZReleaseVersion.safeParse(version).success) return null;
  const key = `${dump}:${version}`;
  let hit = rowsCache.get(key);
  if (!hit) {
    hit = client.release
      .findUnique({ where: { version }, select: { pollsJson: true, indicatorsJson: true } })
      .then((r) => (r ? parseDumpJson(dump === 'polls' ? r.pollsJson : r.indicatorsJson).rows : null));
    rowsCache.set(key, hit);
    // A miss (no such release yet) is not remembered: it may be published later.
    void hit.then((rows) => {
      if (rows === null) rowsCache.delete(key);
    });
  }
  return hit;
}

// Frozen outcomes per version, kept like the rows above; null inside = the release froze none.
const outcomesCache = new Map<string, Promise<{ outcomes: FrozenOutcome[] | null } | null>>();

function releaseOutcomes(version: string, client: DbClient): Promise<{ outcomes: FrozenOutcome[] | null } | null> {
  let hit = outcomesCache.get(version);
  if (!hit) {
    hit = client.release
      .findUnique({ where: { version }, select: { outcomesJson: true } })
      .then((r) => (r ? { outcomes: r.outcomesJson === null ? null : parseFrozenOutcomes(r.outcomesJson) } : null));
    outcomesCache.set(version, hit);
    void hit.then((v) => {
      if (v === null) outcomesCache.delete(version);
    });
  }
  return hit;
}

/** The outcomes a release froze (null inside: published before outcomes were frozen); null when there is no such release. */
export async function frozenOutcomesOf(version: string, client: DbClient = db): Promise<{ outcomes: FrozenOutcome[] | null } | null> {
  return ZReleaseVersion.safeParse(version).success ? releaseOutcomes(version, client) : null;
}

/**
 * What a pollster's accuracy record is scored on as of a release: the release's frozen outcomes
 * with its frozen polls (`outcomes: 'release'`). A release published before outcomes were frozen
 * has neither, so the record is scored on the current outcomes and polls (`outcomes: 'current'`)
 * and the page and API say so. Null when there is no such release.
 */
export async function accuracyInputAtRelease(
  version: string,
  options: { pollsterSlug: string; windowDays: number },
  client: DbClient = db,
): Promise<{ outcomes: 'release' | 'current'; items: OutcomeWithPolls[] } | null> {
  if (!ZReleaseVersion.safeParse(version).success) return null;
  const frozen = await releaseOutcomes(version, client);
  if (!frozen) return null;
  if (frozen.outcomes === null) return { outcomes: 'current', items: await listOutcomesWithPolls(options, client) };
  const rows = await releaseRows(version, client);
  if (!rows) return null;
  return { outcomes: 'release', items: outcomesWithPollsFromRelease(rows, frozen.outcomes, options) };
}

/** A question as of a release; `live` supplies the fields the dump does not carry (topic, notes). */
export async function questionAtRelease(version: string, slug: string, live: QuestionView | null, client: DbClient = db): Promise<QuestionView | null> {
  const rows = await releaseRows(version, client);
  return rows ? questionViewFromDump(rows, slug, live) : null;
}

export async function pollAtRelease(version: string, pollId: number, client: DbClient = db): Promise<PollDetailView | null> {
  const rows = await releaseRows(version, client);
  return rows ? pollViewFromDump(rows, pollId) : null;
}

type QuestionMeta = Parameters<typeof questionViewFromDump>[2];

/**
 * Every question of a release, as frozen, in dump order. `metaOf` supplies what the dump does not
 * carry (topic, country, population, notes: the live question's), or null for a question deleted since.
 */
export async function questionsAtRelease(version: string, metaOf: (slug: string) => QuestionMeta | Promise<QuestionMeta>, client: DbClient = db): Promise<QuestionView[] | null> {
  const rows = await releaseRows(version, client);
  if (!rows) return null;
  const grouped = rowsByQuestion(rows);
  const views = await Promise.all(dumpQuestions(rows).map(async ({ slug }) => questionViewFromDump(grouped.get(slug) ?? [], slug, await metaOf(slug))));
  return views.filter((v): v is QuestionView => v !== null);
}

/** A pollster as of a release: its live profile, with the polls the release froze. */
export async function pollsterAtRelease(version: string, live: PollsterView, client: DbClient = db): Promise<PollsterView | null> {
  const rows = await releaseRows(version, client);
  return rows ? { ...live, polls: pollsterPollsFromDump(rows, live.slug) } : null;
}

type IndicatorMeta = Parameters<typeof indicatorViewFromDump>[2];

/** An indicator as of a release; `live` supplies the fields the dump does not carry. */
export async function indicatorAtRelease(version: string, slug: string, live: IndicatorMeta, client: DbClient = db): Promise<IndicatorView | null> {
  const rows = await releaseRows(version, client, 'indicators');
  return rows ? indicatorViewFromDump(rows, slug, live) : null;
}

/** Every indicator of a release, as frozen (by slug); null when there is no such release. */
export async function indicatorsAtRelease(version: string, metaOf: (slug: string) => IndicatorMeta, client: DbClient = db): Promise<IndicatorView[] | null> {
  const rows = await releaseRows(version, client, 'indicators');
  if (!rows) return null;
  return dumpIndicatorSlugs(rows)
    .map((slug) => indicatorViewFromDump(rows, slug, metaOf(slug)))
    .filter((v): v is IndicatorView => v !== null);
}

export interface OverviewAtRelease {
  questions: { rows: QuestionView[]; total: number; page: number; pages: number };
  latestPolls: LatestPollListRow[];
  indicators: IndicatorView[];
  /** What differs between the release and now, for the questions and indicators on this page. */
  changes: ReleaseChange[];
}

/**
 * The overview's data as of a release: questions, polls and indicators as frozen; topic, country,
 * population and notes (not in the dumps) from the live tables. `liveOf` reads a current question
 * (the page passes its cache) to list what changed since on the visible cards.
 */
export async function overviewAtRelease(
  version: string,
  filter: QuestionListFilter,
  paging: { page: number; pageSize: number; latest: number },
  liveOf: (slug: string) => Promise<QuestionView | null> = (slug) => getQuestionBySlug(slug, client),
  client: DbClient = db,
): Promise<OverviewAtRelease | null> {
  const [metaRows, indicatorMeta] = await Promise.all([
    client.question.findMany({ select: { id: true, slug: true, topic: true, country: true, population: true, notes: true } }),
    client.indicator.findMany({ select: { id: true, slug: true, description: true, country: true, topic: true } }),
  ]);
  const meta = new Map(metaRows.map((m) => [m.slug, m]));
  const imeta = new Map(indicatorMeta.map((m) => [m.slug, m]));
  const all = await questionsAtRelease(version, (slug) => meta.get(slug) ?? null, client);
  const indicators = await indicatorsAtRelease(version, (slug) => imeta.get(slug) ?? null, client);
  if (!all || !indicators) return null;
  const matching = filterReleaseQuestions(all, filter).sort((a, b) => a.title.localeCompare(b.title) || a.slug.localeCompare(b.slug));
  const questions = pageOf(matching, paging.page, paging.pageSize);
  const shownIndicators = indicators.filter((i) => !filter.pollster && (!filter.topic || i.topic === filter.topic));
  const [liveQuestions, liveIndicators] = await Promise.all([
    Promise.all(questions.rows.map((q) => liveOf(q.slug))),
    Promise.all(shownIndicators.map((i) => getIndicatorBySlug(i.slug, client))),
  ]);
  const changes = [
    ...questions.rows.flatMap((q, i) => pollChangeItems(questionChanges(q, liveQuestions[i] ?? null))),
    ...shownIndicators.flatMap((ind, i) => indicatorChanges(ind, liveIndicators[i] ?? null).map((c) => ({ ...c, label: `${ind.name}: ${c.label}`, href: `/indicators/${ind.slug}` }))),
  ];
  // The same poll can change on several cards (a poll asks several questions): list it once.
  const unique = [...new Map(changes.map((c) => [`${c.key}-${c.kind}`, c])).values()];
  return { questions, latestPolls: latestPollsOf(matching, filter.pollster, paging.latest), indicators: shownIndicators, changes: unique };
}
