import { listIndicators } from '@/lib/data/indicators';
import { indicatorListItem } from '@/lib/api/payloads';
import { ZIndicatorListResponse } from '@/lib/api/schemas';
import { json, withValidators } from '@/lib/api/respond';
import { handle } from '@/lib/api/handle';

export const dynamic = 'force-dynamic';

/** GET /api/v1/indicators — every indicator with its latest actual value and gap to target. */
export const GET = handle(async (request: Request) =>
  withValidators(request, 'indicators', async () => {
    const indicators = await listIndicators();
    return json(ZIndicatorListResponse, { data: indicators.map(indicatorListItem) });
  }),
);
