import { getQuestionView, memoChart } from '@/lib/data/question-cache';
import { questionDetail } from '@/lib/api/payloads';
import { ZQuestionDetailResponse } from '@/lib/api/schemas';
import { errorJson, handle, jsonText, notFoundJson, parseQuery, serialiseJson, withValidators } from '@/lib/api/respond';
import { ZQuestionViewInput } from '@/lib/schemas/views';
import { isSlug } from '@/lib/http/route-params';

export const dynamic = 'force-dynamic';

/** GET /api/v1/questions/[slug]?method=weighted|mean|loess|kalman&from=&to=&pollster=&option= */
export const GET = handle(async (request: Request, ctx: { params: Promise<{ slug: string }> }) => {
  const query = parseQuery(ZQuestionViewInput, request.url);
  if (!query.ok) return query.response;
  const { slug } = await ctx.params;
  // Before any look-up, and without echoing a string that cannot be a slug (issue #15).
  if (!isSlug(slug)) return notFoundJson('Question');
  return withValidators(request, 'polls', async () => {
    const question = await getQuestionView(slug);
    if (!question) return notFoundJson(`Question “${slug}”`);
    if (query.value.option && !question.options.some((o) => o.key === query.value.option)) {
      return errorJson(400, `Invalid query parameter “option”: this question’s options are ${question.options.map((o) => o.key).join(', ')}`, 'option');
    }
    const body = memoChart(question, 'api', (q, view: typeof query.value) => serialiseJson(ZQuestionDetailResponse, { data: questionDetail(q, view) }), query.value);
    return jsonText(body);
  });
});
