import { db } from '@/lib/db';
import { deriveFromNumbers, getQuestionView } from '@/lib/data/question-cache';
import { distributionOf, houseEffectsOf, trendOf, wavesOf } from '@/lib/charts/question-charts';
import { questionAtRelease } from '@/lib/data/releases';
import { atRelease } from '@/lib/charts/release';
import { handle, invalidParameter, notFound, parseQuery } from '@/lib/api/handle';
import { ZChartQuestionQuery } from '@/lib/api/schemas';
import { distributionTable, houseEffectsTable, parseChartFile, QUESTION_CHARTS, trendTable, wavesTable } from '@/lib/export/chart-export';
import { chartPrecondition, chartResponse } from '@/lib/export/chart-http';
import { isSlug } from '@/lib/http/route-params';

export const runtime = 'nodejs';

/**
 * GET /api/v1/questions/[slug]/{distribution|trend|waves|house-effects}.{csv|json}
 * ?method=&from=&to=&pollster=&option=&bom=1 — the chart's own data, from the builder the page uses.
 */
export const GET = handle(async (request: Request, ctx: { params: Promise<{ slug: string; chart: string }> }): Promise<Response> => {
  const { slug, chart } = await ctx.params;
  // Before any look-up, and without echoing a string that cannot be a slug (issue #15).
  if (!isSlug(slug)) throw notFound('Question');
  const file = parseChartFile(chart, QUESTION_CHARTS);
  if (!file) throw notFound(`Chart “${chart}” (expected ${QUESTION_CHARTS.map((c) => `${c}.csv or ${c}.json`).join(', ')})`);
  const query = parseQuery(ZChartQuestionQuery, request.url);
  const pre = await chartPrecondition(request, db, 'polls');
  if (pre.notModified) return pre.notModified;
  const { bom, release, ...view } = query;
  const live = await getQuestionView(slug);
  // As of a release: the same builders over the release's frozen rows.
  const question = release ? await questionAtRelease(release, slug, live) : live;
  if (!question) throw notFound(release ? `Question “${slug}” in release ${release}` : `Question “${slug}”`);
  if (view.option && !question.options.some((o) => o.key === view.option)) {
    throw invalidParameter('option', `this question’s options are ${question.options.map((o) => o.key).join(', ')}`, { received: view.option });
  }
  // The CSV of one chart version, kept with the question's model results (the charts show no
  // notes, so a notes-only edit carries it over too: lib/data/question-cache.ts deriveFromNumbers).
  const memoCsv = (build: () => string) => deriveFromNumbers(question, `${file.name}.csv:${JSON.stringify(view)}:${bom}:${release ?? ''}`, build);
  const opts = { subject: question.slug, bom, headers: pre.headers, memoCsv };
  switch (file.name) {
    case 'distribution': {
      const distribution = distributionOf(question);
      if (!distribution) throw notFound(`A poll of question “${slug}”`);
      return chartResponse(request, distributionTable(atRelease(distribution, release ?? null)), file.format, opts);
    }
    case 'trend':
      return chartResponse(request, trendTable(atRelease(trendOf(question, view), release ?? null)), file.format, opts);
    case 'waves':
      return chartResponse(request, wavesTable(atRelease(wavesOf(question, view), release ?? null)), file.format, opts);
    case 'house-effects':
      return chartResponse(request, houseEffectsTable(atRelease(houseEffectsOf(question, view), release ?? null)), file.format, opts);
  }
});
