import { db } from '@/lib/db';
import { getIndicatorBySlug } from '@/lib/data/indicators';
import { indicatorAtRelease } from '@/lib/data/releases';
import { atRelease } from '@/lib/charts/release';
import { buildIndicatorChart, buildYoyChart } from '@/lib/charts/indicator';
import { handle, notFound, parseQuery } from '@/lib/api/handle';
import { ZChartIndicatorQuery } from '@/lib/api/schemas';
import { indicatorTable, parseChartFile, yoyTable } from '@/lib/export/chart-export';
import { chartPrecondition, chartResponse } from '@/lib/export/chart-http';
import { isSlug } from '@/lib/http/route-params';

export const runtime = 'nodejs';

/** GET /api/v1/indicators/[slug]/{series|yoy}.{csv|json}?by=&bom=1&release= — every observation the chart and its table show / the year-on-year bars. */
export const GET = handle(async (request: Request, ctx: { params: Promise<{ slug: string; file: string }> }): Promise<Response> => {
  const { slug, file: fileParam } = await ctx.params;
  // Before any look-up, and without echoing a string that cannot be a slug (issue #15).
  if (!isSlug(slug)) throw notFound('Indicator');
  const file = parseChartFile(fileParam, ['series', 'yoy'] as const);
  if (!file) throw notFound(`File “${fileParam}” (expected series.csv, series.json, yoy.csv or yoy.json)`);
  const query = parseQuery(ZChartIndicatorQuery, request.url);
  const pre = await chartPrecondition(request, db, 'indicators');
  if (pre.notModified) return pre.notModified;
  const { bom, release, ...view } = query;
  const live = await getIndicatorBySlug(slug);
  // As of a release: the same builder over the release's frozen observations.
  const indicator = release ? await indicatorAtRelease(release, slug, live) : live;
  if (!indicator) throw notFound(release ? `Indicator “${slug}” in release ${release}` : `Indicator “${slug}”`);
  const chart = atRelease(buildIndicatorChart(indicator, view), release ?? null);
  const opts = { subject: slug, bom, headers: pre.headers };
  return file.name === 'yoy'
    ? chartResponse(request, yoyTable(buildYoyChart(chart)), file.format, opts)
    : chartResponse(request, indicatorTable(chart), file.format, opts);
});
