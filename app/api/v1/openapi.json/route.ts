import { buildOpenApiDocument } from '@/lib/api/openapi';

export const runtime = 'nodejs';

/** GET /api/v1/openapi.json — generated from the zod schemas and CSV column definitions. */
export function GET(): Response {
  return Response.json(buildOpenApiDocument(), { headers: { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'public, max-age=300' } });
}
