import { db } from '@/lib/db';
import { getQuestionView } from '@/lib/data/question-cache';
import { getIndicatorBySlug } from '@/lib/data/indicators';
import { buildCompareChart } from '@/lib/charts/compare';
import { errorJson, notFoundJson, parseQuery } from '@/lib/api/respond';
import { ZChartCompareQuery } from '@/lib/api/schemas';
import { compareTable, type ChartFormat } from '@/lib/export/chart-export';
import { chartPrecondition, chartResponse } from '@/lib/export/chart-http';

/** GET /api/v1/compare.{csv|json}?question=&indicator=&method=&option=&bom=1 — both panels on one time axis. */
export async function compareDataResponse(request: Request, format: ChartFormat): Promise<Response> {
  try {
    const query = parseQuery(ZChartCompareQuery, request.url);
    if (!query.ok) return query.response;
    const { bom, ...input } = query.value;
    if (!input.question && !input.indicator) return errorJson(400, 'Invalid query parameter “question”: give a question, an indicator or both', 'question');
    const pre = await chartPrecondition(request, db, 'all');
    if (pre.notModified) return pre.notModified;
    const [question, indicator] = await Promise.all([
      input.question ? getQuestionView(input.question) : null,
      input.indicator ? getIndicatorBySlug(input.indicator) : null,
    ]);
    if (input.question && !question) return notFoundJson(`Question “${input.question}”`);
    if (input.indicator && !indicator) return notFoundJson(`Indicator “${input.indicator}”`);
    const subject = ['compare', input.question, input.indicator].filter(Boolean).join('-');
    return chartResponse(request, compareTable(buildCompareChart(question, indicator, input)), format, { subject, bom, headers: pre.headers });
  } catch (error) {
    console.error(error);
    return errorJson(500, 'Internal error while building the response');
  }
}
