import { errorJson } from '@/lib/api/respond';
import { db } from '@/lib/db';
import { liveStream, ZEventsQuery } from '@/lib/freshness/events';
import { readySignal } from '@/lib/freshness/signal';

// A stream per open page: never cached, never prerendered.
export const dynamic = 'force-dynamic';

/**
 * Server-Sent Events: `GET /api/v1/events?page=/questions/kuril-transfer` (or `?question=slug`,
 * `?poll=id`, `?pollster=slug`, `?indicator=slug`; none = every change) sends an `event: change`
 * whenever a committed write touches what that page shows. Open pages use it to show new and
 * corrected polls without a reload (components/live/live-updates.tsx).
 */
export async function GET(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const query = ZEventsQuery.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) {
    const issue = query.error.issues[0];
    const name = String(issue?.path[0] ?? 'query');
    return errorJson(400, `Invalid query parameter “${name}”: ${issue?.message ?? 'invalid'}`, name);
  }
  const signal = await readySignal(db);
  // The signal is down (database out of reach): an empty stream that asks the browser's EventSource
  // to come back in 5 s (a non-200 answer would make it give up for good).
  if (!signal) return new Response('retry: 5000\n\n', { headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform' } });
  return liveStream(signal, query.data, request.signal);
}
