import { getIndicatorBySlug } from '@/lib/data/indicators';
import { indicatorDetail } from '@/lib/api/payloads';
import { ZIndicatorDetailResponse } from '@/lib/api/schemas';
import { json, withValidators } from '@/lib/api/respond';
import { handle, notFound, parseQuery } from '@/lib/api/handle';
import { ZIndicatorViewInput } from '@/lib/schemas/views';
import { isSlug } from '@/lib/http/route-params';

export const dynamic = 'force-dynamic';

/** GET /api/v1/indicators/[slug]?by=2030 — series, target and growth figures (required growth by `by`). */
export const GET = handle(async (request: Request, ctx: { params: Promise<{ slug: string }> }) => {
  const query = parseQuery(ZIndicatorViewInput, request.url);
  const { slug } = await ctx.params;
  // Before any look-up, and without echoing a string that cannot be a slug (issue #15).
  if (!isSlug(slug)) throw notFound('Indicator');
  return withValidators(request, 'indicators', async () => {
    const indicator = await getIndicatorBySlug(slug);
    if (!indicator) throw notFound(`Indicator “${slug}”`);
    return json(ZIndicatorDetailResponse, { data: indicatorDetail(indicator, query.by) });
  });
});
