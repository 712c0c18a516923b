import { buildOpenApiDocument } from '@/lib/api/openapi';
import { handle } from '@/lib/api/handle';

export const runtime = 'nodejs';

/** GET /api/v1/openapi.json — generated from the zod schemas and CSV column definitions. */
export const GET = handle(() =>
  Response.json(buildOpenApiDocument(), { headers: { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'public, max-age=300' } }),
);
