import { getIndicatorBySlug } from '@/lib/data/indicators';
import { indicatorDetail } from '@/lib/api/payloads';
import { ZIndicatorDetailResponse } from '@/lib/api/schemas';
import { handle, json, notFoundJson, parseQuery, withValidators } from '@/lib/api/respond';
import { ZIndicatorViewInput } from '@/lib/schemas/views';

export const dynamic = 'force-dynamic';

/** GET /api/v1/indicators/[slug]?by=2030 — series, target and growth figures (required growth by `by`). */
export const GET = handle(async (request: Request, ctx: { params: Promise<{ slug: string }> }) => {
  const query = parseQuery(ZIndicatorViewInput, request.url);
  if (!query.ok) return query.response;
  const { slug } = await ctx.params;
  return withValidators(request, 'indicators', async () => {
    const indicator = await getIndicatorBySlug(slug);
    if (!indicator) return notFoundJson(`Indicator “${slug}”`);
    return json(ZIndicatorDetailResponse, { data: indicatorDetail(indicator, query.value.by) });
  });
});
