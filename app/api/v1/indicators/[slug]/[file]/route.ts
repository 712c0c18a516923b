import { db } from '@/lib/db';
import { getIndicatorBySlug } from '@/lib/data/indicators';
import { buildIndicatorChart } from '@/lib/charts/indicator';
import { errorJson, notFoundJson, parseQuery } from '@/lib/api/respond';
import { ZChartIndicatorQuery } from '@/lib/api/schemas';
import { indicatorTable, parseChartFile } from '@/lib/export/chart-export';
import { chartPrecondition, chartResponse } from '@/lib/export/chart-http';

export const runtime = 'nodejs';

/** GET /api/v1/indicators/[slug]/series.{csv|json}?by=&bom=1 — every observation the chart and its table show. */
export async function GET(request: Request, ctx: { params: Promise<{ slug: string; file: string }> }): Promise<Response> {
  try {
    const { slug, file: fileParam } = await ctx.params;
    const file = parseChartFile(fileParam, ['series'] as const);
    if (!file) return notFoundJson(`File “${fileParam}” (expected series.csv or series.json)`);
    const query = parseQuery(ZChartIndicatorQuery, request.url);
    if (!query.ok) return query.response;
    const pre = await chartPrecondition(request, db, 'indicators');
    if (pre.notModified) return pre.notModified;
    const indicator = await getIndicatorBySlug(slug);
    if (!indicator) return notFoundJson(`Indicator “${slug}”`);
    const { bom, ...view } = query.value;
    return chartResponse(request, indicatorTable(buildIndicatorChart(indicator, view)), file.format, { subject: slug, bom, headers: pre.headers });
  } catch (error) {
    console.error(error);
    return errorJson(500, 'Internal error while building the response');
  }
}
