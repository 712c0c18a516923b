import 'server-only';
import { db, type DbClient } from '@/lib/db';
import type { QuestionView } from '@/lib/data/questions';
import type { PollDetailView } from '@/lib/data/polls';
import { parseDumpJson, pollViewFromDump, questionViewFromDump, ZReleaseVersion, type Changelog, type DumpRow } from '@/lib/releases/snapshot';

export interface ReleaseSummary {
  version: string;
  title: string;
  notes: string | null;
  publishedAt: string;
  pollsSha256: string;
  pollsRows: number;
  indicatorsSha256: string;
  indicatorsRows: number;
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
  changelog: true,
} as const;

function toSummary(r: { version: string; title: string; notes: string | null; publishedAt: Date; pollsSha256: string; pollsRows: number; indicatorsSha256: string; indicatorsRows: number; changelog: string }): ReleaseSummary {
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

async function releaseRows(version: string, client: DbClient): Promise<DumpRow[] | null> {
  if (!ZReleaseVersion.safeParse(version).success) return null;
  const key = version;
  let hit = rowsCache.get(key);
  if (!hit) {
    hit = client.release.findUnique({ where: { version }, select: { pollsJson: true } }).then((r) => (r ? parseDumpJson(r.pollsJson).rows : null));
    rowsCache.set(key, hit);
    // A miss (no such release yet) is not remembered: it may be published later.
    void hit.then((rows) => {
      if (rows === null) rowsCache.delete(key);
    });
  }
  return hit;
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
