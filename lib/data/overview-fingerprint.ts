import 'server-only';
import { createHash } from 'node:crypto';
import { db, type DbClient } from '@/lib/db';
import { listLatestPollsFor, listQuestionFacets, searchQuestions } from '@/lib/data/question-list';
import { getQuestionViews, pageDigest } from '@/lib/data/question-cache';
import type { QuestionView } from '@/lib/data/questions';
import { flattenSearchParams, parseLenient, ZOverviewInput } from '@/lib/schemas/views';

/** Question cards per page of the overview: each card reads its question's polls and draws a sparkline. */
export const OVERVIEW_PAGE_SIZE = 24;

/**
 * What the overview at `url` (path and query) shows: its page of questions (with poll counts and
 * latest dates), the latest polls, the facets, and each card's question as the page shows it
 * (pageDigest: its view without the polls' notes) — or null for the overview as of a release
 * (`?release=`), which also lists what changed since then in any question, so every write drops it.
 *
 * The page cache (lib/http/page-server.ts) uses it to keep the overview under steady writes. Every
 * write changes the overview in principle (a new poll may be the latest, a new question may sort onto
 * the first page), so every write used to re-render it, its most expensive public page, ten times a
 * second under a busy editor. Now a write only makes the cached overview suspect: the next request
 * compares this fingerprint, taken after the write was heard, with the one the cached render named
 * (overviewDigest of its own data), and renders again only when they differ. The card questions come
 * from the question cache, which a render reads next anyway; only those a write dropped load again.
 */
export async function overviewFingerprint(url: string, client: DbClient = db): Promise<string | null> {
  const { searchParams } = new URL(url, 'http://overview.invalid');
  if (searchParams.has('release')) return null;
  const { value } = parseLenient(ZOverviewInput, flattenSearchParams(searchParams));
  const { page, ...filter } = value;
  const [list, latest, facets] = await Promise.all([
    searchQuestions(filter, { page, pageSize: OVERVIEW_PAGE_SIZE }, client),
    listLatestPollsFor(filter, 10, client),
    listQuestionFacets(client),
  ]);
  const cards = await getQuestionViews(
    list.rows.map((r) => r.slug),
    { client },
  );
  return overviewDigest(list, latest, facets, cards);
}

/**
 * The fingerprint of an overview drawn from these lists and card questions: the page names it in
 * its FINGERPRINT_META tag, from the data it rendered, and overviewFingerprint computes it from the
 * data of now.
 */
export function overviewDigest(list: unknown, latest: unknown, facets: unknown, cards: readonly QuestionView[]): string {
  return createHash('sha256')
    .update(JSON.stringify([list, latest, facets, cards.map(pageDigest)]))
    .digest('base64url');
}
