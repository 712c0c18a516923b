import { db } from '@/lib/db';
import { getPollById } from '@/lib/data/polls';
import { buildPollDetail } from '@/lib/charts/poll-detail';
import { errorJson, notFoundJson, parseQuery } from '@/lib/api/respond';
import { ZChartFileQuery } from '@/lib/api/schemas';
import { parseChartFile, pollResultsTable } from '@/lib/export/chart-export';
import { chartPrecondition, chartResponse } from '@/lib/export/chart-http';

export const runtime = 'nodejs';

/** GET /api/v1/polls/[id]/results.{csv|json}?bom=1 — every result of the poll with its interval. */
export async function GET(request: Request, ctx: { params: Promise<{ id: string; file: string }> }): Promise<Response> {
  try {
    const { id, file: fileParam } = await ctx.params;
    const file = parseChartFile(fileParam, ['results'] as const);
    if (!file) return notFoundJson(`File “${fileParam}” (expected results.csv or results.json)`);
    if (!/^\d{1,9}$/.test(id)) return errorJson(400, `Invalid path parameter “id” (got “${id}”): must be a positive whole number`, 'id');
    const query = parseQuery(ZChartFileQuery, request.url);
    if (!query.ok) return query.response;
    const pre = await chartPrecondition(request, db, 'polls');
    if (pre.notModified) return pre.notModified;
    const poll = await getPollById(Number(id));
    if (!poll) return notFoundJson(`Poll ${id}`);
    const detail = buildPollDetail(poll);
    return chartResponse(request, pollResultsTable(detail), file.format, { subject: `poll-${id}`, bom: query.value.bom, headers: pre.headers });
  } catch (error) {
    console.error(error);
    return errorJson(500, 'Internal error while building the response');
  }
}
