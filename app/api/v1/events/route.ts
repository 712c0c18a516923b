import { handle, parseQuery } from '@/lib/api/handle';
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
export const GET = handle(async (request: Request): Promise<Response> => {
  const query = parseQuery(ZEventsQuery, request.url);
  const signal = await readySignal(db);
  // The signal is down (database out of reach): an empty stream that asks the browser's EventSource
  // to come back in 5 s (a non-200 answer would make it give up for good).
  if (!signal)
    return new Response('retry: 5000\n\n', { headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform' } });
  return liveStream(signal, query, request.signal);
});
