import { db } from '@/lib/db';
import { getQuestionView } from '@/lib/data/question-cache';
import { getIndicatorBySlug } from '@/lib/data/indicators';
import { buildCompareChart } from '@/lib/charts/compare';
import { handle, invalidParameter, notFound, parseQuery } from '@/lib/api/handle';
import { ZChartCompareQuery } from '@/lib/api/schemas';
import { compareTable, type ChartFormat } from '@/lib/export/chart-export';
import { chartPrecondition, chartResponse } from '@/lib/export/chart-http';

/** GET /api/v1/compare.{csv|json}?question=&indicator=&method=&option=&bom=1 — both panels on one time axis. */
export function compareDataResponse(request: Request, format: ChartFormat): Promise<Response> {
  return handle(async (request: Request): Promise<Response> => {
    const { bom, ...input } = parseQuery(ZChartCompareQuery, request.url);
    if (!input.question && !input.indicator) throw invalidParameter('question', 'give a question, an indicator or both');
    const pre = await chartPrecondition(request, db, 'all');
    if (pre.notModified) return pre.notModified;
    const [question, indicator] = await Promise.all([
      input.question ? getQuestionView(input.question) : null,
      input.indicator ? getIndicatorBySlug(input.indicator) : null,
    ]);
    if (input.question && !question) throw notFound(`Question “${input.question}”`);
    if (input.indicator && !indicator) throw notFound(`Indicator “${input.indicator}”`);
    const subject = ['compare', input.question, input.indicator].filter(Boolean).join('-');
    return chartResponse(request, compareTable(buildCompareChart(question, indicator, input)), format, { subject, bom, headers: pre.headers });
  })(request);
}
