import { db } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { dumpResponse } from '@/lib/export/http';

// Full dump, streamed from the database in batches (lib/export). Not cached by Next.js (GET route
// handlers are dynamic by default since Next.js 15): every request revalidates through the ETag
// (304 when nothing changed).
export const runtime = 'nodejs';

export function GET(request: Request): Promise<Response> {
  return dumpResponse(request, db, 'indicators', 'json', { databaseUrl: getEnv().DATABASE_URL });
}
