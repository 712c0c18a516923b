import { getPollById } from '@/lib/data/polls';
import { pollAtRelease } from '@/lib/data/releases';
import { pollDetail } from '@/lib/api/payloads';
import { ZPollDetailResponse, ZReleaseQuery } from '@/lib/api/schemas';
import { json, withValidators } from '@/lib/api/respond';
import { handle, invalidParameter, notFound, parseQuery } from '@/lib/api/handle';
import { releaseRef, requireRelease } from '@/lib/api/release';

export const dynamic = 'force-dynamic';

/** GET /api/v1/polls/[id]?release= — a poll with intervals, design effect and its origin, lead and disclosure. */
export const GET = handle(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  if (!/^\d{1,9}$/.test(id)) throw invalidParameter('id', 'must be a positive whole number', { in: 'path', received: id });
  const { release: version } = parseQuery(ZReleaseQuery, request.url);
  return withValidators(request, 'polls', async () => {
    if (version) {
      // As of a release: the poll as its frozen polls dump has it (no corrections notes: not in the dump).
      const release = await requireRelease(version);
      const poll = await pollAtRelease(release.version, Number(id));
      if (!poll) throw notFound(`Poll ${id} in release ${release.version}`);
      return json(ZPollDetailResponse, { release: releaseRef(release), data: pollDetail(poll) });
    }
    const poll = await getPollById(Number(id));
    if (!poll) throw notFound(`Poll ${id}`);
    return json(ZPollDetailResponse, { data: pollDetail(poll) });
  });
});
