import 'server-only';
import { createHash } from 'node:crypto';
import { db, type DbClient } from '@/lib/db';
import { listLatestPollsFor, listQuestionFacets, searchQuestions } from '@/lib/data/question-list';
import { flattenSearchParams, parseLenient, ZOverviewInput } from '@/lib/schemas/views';

/** Question cards per page of the overview: each card reads its question's polls and draws a sparkline. */
export const OVERVIEW_PAGE_SIZE = 24;

export interface OverviewFingerprint {
  /** Digest of the lists the overview shows for this URL: its page of questions (with poll counts and latest dates), the latest polls, the facets. */
  fingerprint: string;
  /** Questions the overview shows (cards and latest polls): a change to one of them changes the page. */
  shown: ReadonlySet<string>;
}

/**
 * What the overview at `url` (path and query) shows, in three cheap queries — the page cache
 * (lib/http/page-server.ts) uses it to keep the overview under steady writes. Every write changes
 * the overview in principle (a new poll may be the latest, a new question may sort onto the first
 * page), so every write used to re-render it, its most expensive public page, ten times a second
 * under a busy editor. Now a write that touches none of the questions it shows only makes the cached
 * overview suspect: the next request compares this fingerprint, taken after the write, with the one
 * taken before the render, and renders again only when the lists differ. The cards themselves come
 * from the shown questions, whose changes drop the page at once.
 */
export async function overviewFingerprint(url: string, client: DbClient = db): Promise<OverviewFingerprint> {
  const { searchParams } = new URL(url, 'http://overview.invalid');
  const { value } = parseLenient(ZOverviewInput, flattenSearchParams(searchParams));
  const { page, ...filter } = value;
  const [list, latest, facets] = await Promise.all([
    searchQuestions(filter, { page, pageSize: OVERVIEW_PAGE_SIZE }, client),
    listLatestPollsFor(filter, 10, client),
    listQuestionFacets(client),
  ]);
  const shown = new Set([...list.rows.map((r) => r.slug), ...latest.map((p) => p.questionSlug)]);
  const fingerprint = createHash('sha256').update(JSON.stringify([list, latest, facets])).digest('base64url');
  return { fingerprint, shown };
}
