import type { PrismaClient } from '@/lib/generated/prisma/client';
import { CONTENT_TYPES, SCHEMA_VERSION_HEADER } from '@/lib/export/http';
import { chartCsv, chartFileName, chartJson, CHART_EXPORT_SCHEMA_VERSION, type ChartFormat, type ChartTable } from '@/lib/export/chart-export';
import { cacheHeaders, getDataVersion, isNotModified, notModified, validatorsFor, type DataScope } from '@/lib/http/cache';

/**
 * Conditional GET for a chart data URL, checked before the chart is built: the ETag depends on the
 * data version, the path and the query (another filter = another representation).
 */
export async function chartPrecondition(
  request: Request,
  db: PrismaClient,
  scope: DataScope,
): Promise<{ notModified: Response | null; headers: Record<string, string> }> {
  const url = new URL(request.url);
  const version = await getDataVersion(db, scope);
  const validators = validatorsFor(version, 'chart', CHART_EXPORT_SCHEMA_VERSION, url.pathname, url.searchParams.toString());
  const headers = cacheHeaders(validators);
  if (isNotModified(request, validators)) return { notModified: notModified(validators), headers };
  return { notModified: null, headers };
}

/** The 200 response of a chart data URL: CSV (long table) or JSON (metadata + table + ChartData). */
export function chartResponse<Row>(
  request: Request,
  table: ChartTable<Row>,
  format: ChartFormat,
  options: {
    subject: string;
    bom: boolean;
    headers: Record<string, string>;
    now?: Date;
    /**
     * Keeps the CSV body of one chart version (the route memoises it on the cached question:
     * a chart data URL polled by many clients is written out once per version, not per request).
     * The JSON names the time it was made, so it is written per request.
     */
    memoCsv?: (build: () => string) => string;
  },
): Response {
  const url = new URL(request.url);
  const now = options.now ?? new Date();
  const csv = () => chartCsv(table, { bom: options.bom });
  const body =
    format === 'csv'
      ? options.memoCsv
        ? options.memoCsv(csv)
        : csv()
      : JSON.stringify(chartJson(table, { origin: url.origin, dataPath: url.pathname + url.search, now }));
  return new Response(request.method === 'HEAD' ? null : body, {
    status: 200,
    headers: {
      ...options.headers,
      'Content-Type': CONTENT_TYPES[format],
      'Content-Disposition': `${format === 'csv' ? 'attachment' : 'inline'}; filename="${chartFileName(options.subject, table.name, format, now)}"`,
      [SCHEMA_VERSION_HEADER]: String(CHART_EXPORT_SCHEMA_VERSION),
      'Access-Control-Allow-Origin': '*',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
