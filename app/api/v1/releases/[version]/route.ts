import { frozenOutcomesOf, getReleaseSummary } from '@/lib/data/releases';
import { ZReleaseDetailResponse } from '@/lib/api/schemas';
import { json } from '@/lib/api/respond';
import { handle, invalidParameter, notFound } from '@/lib/api/handle';
import { ZReleaseVersion } from '@/lib/releases/snapshot';
import { citationsOf, releaseDumpLinks } from '@/lib/releases/present';

export const dynamic = 'force-dynamic';

/** GET /api/v1/releases/[version] — checksums, row counts, changelog and citation text of a release. */
export const GET = handle(async (_request: Request, ctx: { params: Promise<{ version: string }> }) => {
  const { version } = await ctx.params;
  if (!ZReleaseVersion.safeParse(version).success) throw invalidParameter('version', 'a release version such as 2026.12.1', { in: 'path', received: version });
  const r = await getReleaseSummary(version);
  if (!r) throw notFound(`Release ${version}`);
  const frozen = await frozenOutcomesOf(version);
  return json(ZReleaseDetailResponse, {
    data: {
      version: r.version,
      title: r.title,
      notes: r.notes,
      publishedAt: r.publishedAt,
      pollsSha256: r.pollsSha256,
      pollsRows: r.pollsRows,
      indicatorsSha256: r.indicatorsSha256,
      indicatorsRows: r.indicatorsRows,
      changelog: r.changelog,
      outcomes: { frozen: r.outcomesSha256 !== null, sha256: r.outcomesSha256, rows: r.outcomesRows, items: frozen?.outcomes ?? null },
      citation: citationsOf(r),
      dumps: releaseDumpLinks(r.version),
      url: `/releases/${r.version}`,
    },
  });
});
