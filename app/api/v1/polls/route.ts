import { listPolls } from '@/lib/data/polls';
import { pollListItem } from '@/lib/api/payloads';
import { ZPollListResponse } from '@/lib/api/schemas';
import { json, withValidators } from '@/lib/api/respond';
import { handle, parseQuery } from '@/lib/api/handle';
import { ZPollListInput } from '@/lib/schemas/views';

export const dynamic = 'force-dynamic';

/** GET /api/v1/polls?page=1&pageSize=50&pollster=&question= — newest fieldwork first. */
export const GET = handle(async (request: Request) => {
  const { page, pageSize, pollster, question } = parseQuery(ZPollListInput, request.url);
  return withValidators(request, 'polls', async () => {
    const { total, polls } = await listPolls({ offset: (page - 1) * pageSize, limit: pageSize }, { pollster, question });
    const totalPages = Math.max(1, Math.ceil(total / pageSize));
    const link = (p: number) => {
      const u = new URL(request.url);
      u.searchParams.set('page', String(p));
      u.searchParams.set('pageSize', String(pageSize));
      return `${u.pathname}?${u.searchParams.toString()}`;
    };
    return json(ZPollListResponse, {
      data: polls.map(pollListItem),
      pagination: {
        page,
        pageSize,
        total,
        totalPages,
        next: page < totalPages ? link(page + 1) : null,
        prev: page > 1 ? link(Math.min(page - 1, totalPages)) : null,
      },
    });
  });
});
