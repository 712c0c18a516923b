import { getPollById } from '@/lib/data/polls';
import { pollDetail } from '@/lib/api/payloads';
import { ZPollDetailResponse } from '@/lib/api/schemas';
import { json, withValidators } from '@/lib/api/respond';
import { handle, invalidParameter, notFound } from '@/lib/api/handle';

export const dynamic = 'force-dynamic';

/** GET /api/v1/polls/[id] — a poll with intervals, design effect and its origin, lead and disclosure. */
export const GET = handle(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  if (!/^\d{1,9}$/.test(id)) throw invalidParameter('id', 'must be a positive whole number', { in: 'path', received: id });
  return withValidators(request, 'polls', async () => {
    const poll = await getPollById(Number(id));
    if (!poll) throw notFound(`Poll ${id}`);
    return json(ZPollDetailResponse, { data: pollDetail(poll) });
  });
});
