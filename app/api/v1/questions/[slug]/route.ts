import { getQuestionView, memoChart } from '@/lib/data/question-cache';
import { questionAtRelease } from '@/lib/data/releases';
import { questionDetail } from '@/lib/api/payloads';
import { ZQuestionDetailQuery, ZQuestionDetailResponse } from '@/lib/api/schemas';
import { json, jsonText, serialiseJson, withValidators } from '@/lib/api/respond';
import { handle, invalidParameter, notFound, parseQuery } from '@/lib/api/handle';
import { releaseRef, requireRelease } from '@/lib/api/release';
import { isSlug } from '@/lib/http/route-params';

export const dynamic = 'force-dynamic';

/** GET /api/v1/questions/[slug]?method=weighted|mean|loess|kalman&from=&to=&pollster=&option=&release= */
export const GET = handle(async (request: Request, ctx: { params: Promise<{ slug: string }> }) => {
  const { release: version, ...query } = parseQuery(ZQuestionDetailQuery, request.url);
  const { slug } = await ctx.params;
  // Before any look-up, and without echoing a string that cannot be a slug (issue #15).
  if (!isSlug(slug)) throw notFound('Question');
  return withValidators(request, 'polls', async () => {
    const release = version ? await requireRelease(version) : null;
    const live = await getQuestionView(slug);
    // As of a release: the question rebuilt from its frozen polls dump, through the same payload.
    const question = release ? await questionAtRelease(release.version, slug, live) : live;
    if (!question) throw notFound(release ? `Question “${slug}” in release ${release.version}` : `Question “${slug}”`);
    if (query.option && !question.options.some((o) => o.key === query.option)) {
      throw invalidParameter('option', `this question’s options are ${question.options.map((o) => o.key).join(', ')}`, { received: query.option });
    }
    if (release) return json(ZQuestionDetailResponse, { release: releaseRef(release), data: questionDetail(question, query) });
    // Checked and serialised once per question version and view. (Compressing it once too would
    // need a Content-Encoding header, which Next drops from a route handler's answer.)
    const body = memoChart(question, 'api', (q, view: typeof query) => serialiseJson(ZQuestionDetailResponse, { data: questionDetail(q, view) }), query);
    return jsonText(body);
  });
});
