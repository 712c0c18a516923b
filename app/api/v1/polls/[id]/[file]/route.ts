import { db } from '@/lib/db';
import { getPollById } from '@/lib/data/polls';
import { buildPollDetail } from '@/lib/charts/poll-detail';
import { handle, invalidParameter, notFound, parseQuery } from '@/lib/api/handle';
import { ZChartFileQuery } from '@/lib/api/schemas';
import { parseChartFile, pollResultsTable } from '@/lib/export/chart-export';
import { chartPrecondition, chartResponse } from '@/lib/export/chart-http';

export const runtime = 'nodejs';

/** GET /api/v1/polls/[id]/results.{csv|json}?bom=1 — every result of the poll with its interval. */
export const GET = handle(async (request: Request, ctx: { params: Promise<{ id: string; file: string }> }): Promise<Response> => {
  const { id, file: fileParam } = await ctx.params;
  const file = parseChartFile(fileParam, ['results'] as const);
  if (!file) throw notFound(`File “${fileParam}” (expected results.csv or results.json)`);
  if (!/^\d{1,9}$/.test(id)) throw invalidParameter('id', 'must be a positive whole number', { in: 'path', received: id });
  const query = parseQuery(ZChartFileQuery, request.url);
  const pre = await chartPrecondition(request, db, 'polls');
  if (pre.notModified) return pre.notModified;
  const poll = await getPollById(Number(id));
  if (!poll) throw notFound(`Poll ${id}`);
  const detail = buildPollDetail(poll);
  return chartResponse(request, pollResultsTable(detail), file.format, { subject: `poll-${id}`, bom: query.bom, headers: pre.headers });
});
