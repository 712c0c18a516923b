import { deriveFrom, listQuestionViews } from '@/lib/data/question-cache';
import { questionListItem } from '@/lib/api/payloads';
import { ZQuestionListResponse } from '@/lib/api/schemas';
import { handle, json, withValidators } from '@/lib/api/respond';

export const dynamic = 'force-dynamic';

/** GET /api/v1/questions — every tracked question. */
export const GET = handle(async (request: Request) =>
  withValidators(request, 'polls', async () => {
    const questions = await listQuestionViews();
    return json(ZQuestionListResponse, { data: questions.map((q) => deriveFrom(q, 'api-list-item', () => questionListItem(q))) });
  }),
);
