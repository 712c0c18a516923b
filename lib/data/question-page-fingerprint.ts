import 'server-only';
import type { DbClient } from '@/lib/db';
import { getQuestionView, pageDigest } from '@/lib/data/question-cache';
import { isSlug } from '@/lib/http/route-params';

/**
 * What the question page at `url` shows, as a digest of its question's view (from the question
 * cache) — or null for any other page, and for a question page as of a release (`?release=`), whose
 * frozen data no write changes.
 *
 * Why: an editor's save touches its question by name, so it used to drop the cached question page
 * and the next reader re-rendered it (~70 ms of a single-threaded server for a 100-poll question) —
 * even when the save changed nothing the page shows, such as a poll's notes, which only the poll's
 * own page shows. Now such a save makes the cached page suspect; the next request reloads the view
 * (the write dropped it from the question cache) and serves the cached page when this digest is
 * unchanged, or renders it again. The page also reads the latest release, but publishing one
 * touches everything, which drops every cached page outright.
 *
 * The page names the digest of the view it rendered in its FINGERPRINT_META tag (lib/http/page-cache.ts).
 */
export async function questionPageFingerprint(url: string, client?: DbClient): Promise<string | null> {
  const { pathname, searchParams } = new URL(url, 'http://question.invalid');
  const match = /^\/questions\/([^/]+)$/.exec(pathname);
  if (!match?.[1] || searchParams.has('release')) return null;
  let slug: string;
  try {
    slug = decodeURIComponent(match[1]);
  } catch {
    return null;
  }
  if (!isSlug(slug)) return null;
  const view = await getQuestionView(slug, client ? { client } : {});
  if (!view) return null;
  return pageDigest(view);
}
