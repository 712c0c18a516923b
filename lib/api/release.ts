import { getReleaseSummary, type ReleaseSummary } from '@/lib/data/releases';
import { notFound } from '@/lib/http/route-errors';

/**
 * `?release=` on a detail route: the published release it names (the version's form was checked by
 * the query schema: a malformed one is a 400 naming `release`), or a 404 "Release … not found" —
 * the same answers the dumps and chart data URLs give.
 */
export async function requireRelease(version: string): Promise<ReleaseSummary> {
  const release = await getReleaseSummary(version);
  if (!release) throw notFound(`Release ${version}`);
  return release;
}

/** The `release` object sent beside `data` in an answer as of a release. */
export function releaseRef(release: ReleaseSummary): { version: string; publishedAt: string; url: string } {
  return { version: release.version, publishedAt: release.publishedAt, url: `/releases/${release.version}` };
}
