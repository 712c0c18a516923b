import { db } from '@/lib/db';
import { getEnv } from '@/lib/config/env';
import { dumpResponse } from '@/lib/export/http';
import { releaseDumpResponse } from '@/lib/export/release-dump';

// Full dump, streamed from the database in batches (lib/export). Not cached by Next.js (GET route
// handlers are dynamic by default since Next.js 15): every request revalidates through the ETag
// (304 when nothing changed).
export const runtime = 'nodejs';

export async function GET(request: Request): Promise<Response> {
  // ?release=…: the frozen bytes of a published release instead of the live data
  return (await releaseDumpResponse(request, 'polls.json')) ?? dumpResponse(request, db, 'polls', 'json', { databaseUrl: getEnv().DATABASE_URL });
}
