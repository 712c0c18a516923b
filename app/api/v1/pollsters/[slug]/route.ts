import { getPollsterBySlug } from '@/lib/data/polls';
import { getQuestionViews } from '@/lib/data/question-cache';
import { pollsterDetail } from '@/lib/api/payloads';
import { buildPollsterRecord } from '@/lib/charts/pollster';
import { ZPollsterDetailResponse } from '@/lib/api/schemas';
import { errorJson, handle, json, notFoundJson, withValidators } from '@/lib/api/respond';
import { buildPollsterAccuracy, DEFAULT_ACCURACY_WINDOW_DAYS } from '@/lib/charts/accuracy';
import { listOutcomesWithPolls } from '@/lib/data/outcomes';

export const dynamic = 'force-dynamic';

/** GET /api/v1/pollsters/[slug] — disclosure score with its trend, herding check per question, accuracy record. */
export const GET = handle(async (request: Request, ctx: { params: Promise<{ slug: string }> }) => {
  const { slug } = await ctx.params;
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(slug)) return errorJson(400, `Invalid path parameter “slug” (got “${slug}”)`, 'slug');
  const rawWindow = new URL(request.url).searchParams.get('window');
  const windowDays = rawWindow === null || rawWindow === '' ? DEFAULT_ACCURACY_WINDOW_DAYS : Number(rawWindow);
  if (!Number.isInteger(windowDays) || windowDays < 1 || windowDays > 3650) {
    return errorJson(400, `Invalid query parameter “window” (got “${rawWindow ?? ''}”): days before the outcome, a whole number from 1 to 3650`, 'window');
  }
  return withValidators(request, 'polls', async () => {
    const pollster = await getPollsterBySlug(slug);
    if (!pollster) return notFoundJson(`Pollster ${slug}`);
    const record = buildPollsterRecord(pollster);
    const questions = await getQuestionViews(record.questions.map((q) => q.slug));
    const accuracy = buildPollsterAccuracy(await listOutcomesWithPolls({ pollsterSlug: slug, windowDays }), windowDays);
    return json(ZPollsterDetailResponse, { data: pollsterDetail(pollster, questions, accuracy) });
  });
});
