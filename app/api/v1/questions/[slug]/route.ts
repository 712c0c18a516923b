import { getQuestionView, memoChart } from '@/lib/data/question-cache';
import { questionDetail } from '@/lib/api/payloads';
import { ZQuestionDetailResponse } from '@/lib/api/schemas';
import { jsonText, serialiseJson, withValidators } from '@/lib/api/respond';
import { handle, invalidParameter, notFound, parseQuery } from '@/lib/api/handle';
import { ZQuestionViewInput } from '@/lib/schemas/views';
import { isSlug } from '@/lib/http/route-params';

export const dynamic = 'force-dynamic';

/** GET /api/v1/questions/[slug]?method=weighted|mean|loess|kalman&from=&to=&pollster=&option= */
export const GET = handle(async (request: Request, ctx: { params: Promise<{ slug: string }> }) => {
  const query = parseQuery(ZQuestionViewInput, request.url);
  const { slug } = await ctx.params;
  // Before any look-up, and without echoing a string that cannot be a slug (issue #15).
  if (!isSlug(slug)) throw notFound('Question');
  return withValidators(request, 'polls', async () => {
    const question = await getQuestionView(slug);
    if (!question) throw notFound(`Question “${slug}”`);
    if (query.option && !question.options.some((o) => o.key === query.option)) {
      throw invalidParameter('option', `this question’s options are ${question.options.map((o) => o.key).join(', ')}`, { received: query.option });
    }
    const body = memoChart(question, 'api', (q, view: typeof query) => serialiseJson(ZQuestionDetailResponse, { data: questionDetail(q, view) }), query);
    return jsonText(body);
  });
});
