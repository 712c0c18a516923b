import { listQuestions } from '@/lib/data/questions';
import { questionListItem } from '@/lib/api/payloads';
import { ZQuestionListResponse } from '@/lib/api/schemas';
import { handle, json, withValidators } from '@/lib/api/respond';

export const dynamic = 'force-dynamic';

/** GET /api/v1/questions — every tracked question. */
export const GET = handle(async (request: Request) =>
  withValidators(request, 'polls', async () => {
    const questions = await listQuestions();
    return json(ZQuestionListResponse, { data: questions.map(questionListItem) });
  }),
);
