import { db } from '@/lib/db';
import { getQuestionView } from '@/lib/data/question-cache';
import { getIndicatorBySlug } from '@/lib/data/indicators';
import { indicatorAtRelease, questionAtRelease } from '@/lib/data/releases';
import { atRelease } from '@/lib/charts/release';
import { buildCompareChart } from '@/lib/charts/compare';
import { handle, invalidParameter, notFound, parseQuery } from '@/lib/api/handle';
import { ZChartCompareQuery } from '@/lib/api/schemas';
import { compareTable, type ChartFormat } from '@/lib/export/chart-export';
import { chartPrecondition, chartResponse } from '@/lib/export/chart-http';

/** GET /api/v1/compare.{csv|json}?question=&indicator=&method=&option=&bom=1&release= — both panels on one time axis. */
export function compareDataResponse(request: Request, format: ChartFormat): Promise<Response> {
  return handle(async (request: Request): Promise<Response> => {
    const { bom, release, ...input } = parseQuery(ZChartCompareQuery, request.url);
    if (!input.question && !input.indicator) throw invalidParameter('question', 'give a question, an indicator or both');
    const pre = await chartPrecondition(request, db, 'all');
    if (pre.notModified) return pre.notModified;
    const [liveQuestion, liveIndicator] = await Promise.all([
      input.question ? getQuestionView(input.question) : null,
      input.indicator ? getIndicatorBySlug(input.indicator) : null,
    ]);
    // As of a release: both panels from the release's frozen dumps.
    const [question, indicator] = release
      ? await Promise.all([
          input.question ? questionAtRelease(release, input.question, liveQuestion) : null,
          input.indicator ? indicatorAtRelease(release, input.indicator, liveIndicator) : null,
        ])
      : [liveQuestion, liveIndicator];
    const inRelease = release ? ` in release ${release}` : '';
    if (input.question && !question) throw notFound(`Question “${input.question}”${inRelease}`);
    if (input.indicator && !indicator) throw notFound(`Indicator “${input.indicator}”${inRelease}`);
    const subject = ['compare', input.question, input.indicator].filter(Boolean).join('-');
    return chartResponse(request, compareTable(atRelease(buildCompareChart(question, indicator, input), release ?? null)), format, {
      subject,
      bom,
      headers: pre.headers,
    });
  })(request);
}
