import { searchQuestions } from '@/lib/data/question-list';
import { questionListRowItem } from '@/lib/api/payloads';
import { ZQuestionListResponse } from '@/lib/api/schemas';
import { json, withValidators } from '@/lib/api/respond';
import { handle, parseQuery } from '@/lib/api/handle';
import { ZQuestionListInput } from '@/lib/schemas/views';

export const dynamic = 'force-dynamic';

/** GET /api/v1/questions?q=&topic=&country=&pollster=&page=1&pageSize=100 — tracked questions by title. */
export const GET = handle(async (request: Request) => {
  const query = parseQuery(ZQuestionListInput, request.url);
  const { page: _page, pageSize, ...filter } = query;
  return withValidators(request, 'polls', async () => {
    const result = await searchQuestions(filter, { page: query.page, pageSize });
    const link = (p: number) => {
      const u = new URL(request.url);
      u.searchParams.set('page', String(p));
      u.searchParams.set('pageSize', String(pageSize));
      return `${u.pathname}?${u.searchParams.toString()}`;
    };
    // A page past the end answers with the last page, like the polls list: its number says so.
    const { page, pages } = result;
    return json(ZQuestionListResponse, {
      data: result.rows.map(questionListRowItem),
      pagination: {
        page,
        pageSize,
        total: result.total,
        totalPages: pages,
        next: page < pages ? link(page + 1) : null,
        prev: page > 1 ? link(page - 1) : null,
      },
    });
  });
});
