import { db } from '@/lib/db';
import { dumpResponse } from '@/lib/export/http';

// Full dump, streamed from the database in batches (lib/export). Not cached by Next.js: every
// request revalidates through the ETag (304 when nothing changed).
export const runtime = 'nodejs';

export function GET(request: Request): Promise<Response> {
  return dumpResponse(request, db, 'indicators', 'csv');
}
