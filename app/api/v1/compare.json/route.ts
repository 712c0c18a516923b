import { compareRoute } from '@/lib/export/compare-route';

export const runtime = 'nodejs';

/** GET /api/v1/compare.json — see lib/export/compare-route.ts. */
export const GET = compareRoute('json');
