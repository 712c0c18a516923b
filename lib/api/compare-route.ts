import { db } from '@/lib/db';
import { getQuestionView } from '@/lib/data/question-cache';
import { getIndicatorBySlug } from '@/lib/data/indicators';
import { indicatorAtRelease, questionAtRelease } from '@/lib/data/releases';
import { atRelease } from '@/lib/charts/release';
import { buildCompareChart } from '@/lib/charts/compare';
import { errorJson, notFoundJson, parseQuery } from '@/lib/api/respond';
import { ZChartCompareQuery } from '@/lib/api/schemas';
import { compareTable, type ChartFormat } from '@/lib/export/chart-export';
import { chartPrecondition, chartResponse } from '@/lib/export/chart-http';

/** GET /api/v1/compare.{csv|json}?question=&indicator=&method=&option=&bom=1&release= — both panels on one time axis. */
export async function compareDataResponse(request: Request, format: ChartFormat): Promise<Response> {
  try {
    const query = parseQuery(ZChartCompareQuery, request.url);
    if (!query.ok) return query.response;
    const { bom, release, ...input } = query.value;
    if (!input.question && !input.indicator) return errorJson(400, 'Invalid query parameter “question”: give a question, an indicator or both', 'question');
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
    if (input.question && !question) return notFoundJson(`Question “${input.question}”${inRelease}`);
    if (input.indicator && !indicator) return notFoundJson(`Indicator “${input.indicator}”${inRelease}`);
    const subject = ['compare', input.question, input.indicator].filter(Boolean).join('-');
    return chartResponse(request, compareTable(atRelease(buildCompareChart(question, indicator, input), release ?? null)), format, { subject, bom, headers: pre.headers });
  } catch (error) {
    console.error(error);
    return errorJson(500, 'Internal error while building the response');
  }
}
