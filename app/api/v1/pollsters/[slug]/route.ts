import { getPollsterBySlug } from '@/lib/data/polls';
import { getQuestionViews } from '@/lib/data/question-cache';
import { accuracyInputAtRelease, pollsterAtRelease, questionAtRelease } from '@/lib/data/releases';
import { pollsterDetail } from '@/lib/api/payloads';
import { buildPollsterRecord } from '@/lib/charts/pollster';
import { ZPollsterDetailResponse, ZReleaseQuery } from '@/lib/api/schemas';
import { json, withValidators } from '@/lib/api/respond';
import { handle, invalidParameter, notFound, parseQuery } from '@/lib/api/handle';
import { releaseRef, requireRelease } from '@/lib/api/release';
import { buildPollsterAccuracy, DEFAULT_ACCURACY_WINDOW_DAYS } from '@/lib/charts/accuracy';
import { listOutcomesWithPolls } from '@/lib/data/outcomes';

export const dynamic = 'force-dynamic';

/**
 * GET /api/v1/pollsters/[slug]?window=&release= — disclosure score with its trend, herding check per
 * question, accuracy record. As of a release: its frozen polls (and questions) and, for the accuracy
 * record, its frozen outcomes — or the current ones for a release from before outcomes were frozen
 * (`release.outcomes` says which).
 */
export const GET = handle(async (request: Request, ctx: { params: Promise<{ slug: string }> }) => {
  const { slug } = await ctx.params;
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(slug)) throw invalidParameter('slug', 'lower-case letters, digits, - and _', { in: 'path', received: slug });
  const rawWindow = new URL(request.url).searchParams.get('window');
  const windowDays = rawWindow === null || rawWindow === '' ? DEFAULT_ACCURACY_WINDOW_DAYS : Number(rawWindow);
  if (!Number.isInteger(windowDays) || windowDays < 1 || windowDays > 3650) {
    throw invalidParameter('window', 'days before the outcome, a whole number from 1 to 3650', { received: rawWindow ?? '' });
  }
  const { release: version } = parseQuery(ZReleaseQuery, request.url);
  return withValidators(request, 'polls', async () => {
    const release = version ? await requireRelease(version) : null;
    const live = await getPollsterBySlug(slug);
    if (!live) throw notFound(`Pollster ${slug}`);
    const pollster = release ? await pollsterAtRelease(release.version, live) : live;
    if (!pollster) throw notFound(`Release ${version ?? ''}`);
    const record = buildPollsterRecord(pollster);
    const liveQuestions = await getQuestionViews(record.questions.map((q) => q.slug));
    if (!release) {
      const accuracy = buildPollsterAccuracy(await listOutcomesWithPolls({ pollsterSlug: slug, windowDays }), windowDays);
      return json(ZPollsterDetailResponse, { data: pollsterDetail(pollster, liveQuestions, accuracy) });
    }
    const questions = (await Promise.all(liveQuestions.map((q) => questionAtRelease(release.version, q.slug, q)))).filter((q) => q !== null);
    const input = await accuracyInputAtRelease(release.version, { pollsterSlug: slug, windowDays });
    if (!input) throw notFound(`Release ${release.version}`);
    const accuracy = buildPollsterAccuracy(input.items, windowDays);
    return json(ZPollsterDetailResponse, {
      release: { ...releaseRef(release), outcomes: input.outcomes },
      data: pollsterDetail(pollster, questions, accuracy),
    });
  });
});
