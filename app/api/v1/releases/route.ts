import { listReleases } from '@/lib/data/releases';
import { ZReleaseListResponse } from '@/lib/api/schemas';
import { json } from '@/lib/api/respond';
import { handle } from '@/lib/api/handle';
import { releaseDumpLinks } from '@/lib/releases/present';

export const dynamic = 'force-dynamic';

/** GET /api/v1/releases — every published release, newest first. */
export const GET = handle(async () => {
  const releases = await listReleases();
  return json(ZReleaseListResponse, {
    data: releases.map((r) => ({
      version: r.version,
      title: r.title,
      publishedAt: r.publishedAt,
      pollsSha256: r.pollsSha256,
      pollsRows: r.pollsRows,
      indicatorsSha256: r.indicatorsSha256,
      indicatorsRows: r.indicatorsRows,
      counts: { added: r.changelog.added.length, corrected: r.changelog.corrected.length, removed: r.changelog.removed.length },
      dumps: releaseDumpLinks(r.version),
      url: `/releases/${r.version}`,
      apiUrl: `/api/v1/releases/${r.version}`,
    })),
  });
});
