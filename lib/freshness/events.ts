import { z } from 'zod';
import { pageAffected } from '@/lib/freshness/pages';
import type { FreshnessSignal } from '@/lib/freshness/signal';
import { hasKey, mergeTouched, touchedToJson, type Touched } from '@/lib/freshness/touched';

/**
 * The live-update stream behind /api/v1/events: one Server-Sent Events connection per open page,
 * fed by the freshness signal, sending `event: change` when a write touched what the page shows.
 */

const slug = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'a slug: lower-case letters, digits and hyphens');

export const ZEventsQuery = z
  .object({
    /** The page's own URL (path and query), e.g. `/questions/kuril-transfer?method=loess`. */
    page: z
      .string()
      .max(2_000)
      .regex(/^\/(?!\/)/, 'a path starting with one /')
      .optional(),
    question: slug.optional(),
    poll: z.coerce.number().int().positive().max(2_147_483_647).optional(),
    pollster: slug.optional(),
    indicator: slug.optional(),
  })
  .strict();
export type TEventsQuery = z.infer<typeof ZEventsQuery>;

/** Does a change concern the subscriber? No filter at all: every change. */
export function concerns(query: TEventsQuery, touched: Touched): boolean {
  const filters: boolean[] = [];
  if (query.page !== undefined) filters.push(pageAffected(query.page, touched));
  if (query.question !== undefined) filters.push(touched.all || hasKey(touched.questions, query.question));
  if (query.poll !== undefined) filters.push(touched.all || hasKey(touched.polls, query.poll));
  if (query.pollster !== undefined) filters.push(touched.all || hasKey(touched.pollsters, query.pollster));
  if (query.indicator !== undefined) filters.push(touched.all || hasKey(touched.indicators, query.indicator));
  return filters.length === 0 || filters.some(Boolean);
}

/** Changes closer together than this go out as one event (an editor saving every 100 ms). */
const COALESCE_MS = 250;
/** A comment line now and then keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 25_000;

export function liveStream(signal: FreshnessSignal, query: TEventsQuery, abort: AbortSignal): Response {
  const encoder = new TextEncoder();
  let stop = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const send = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop();
        }
      };
      let pending: { touched: Touched; at: Date; seq: number } | null = null;
      let timer: NodeJS.Timeout | null = null;
      const flush = () => {
        timer = null;
        if (!pending) return;
        const { touched, at, seq } = pending;
        pending = null;
        send(`event: change\nid: ${seq}\ndata: ${JSON.stringify({ at: at.toISOString(), touched: touchedToJson(touched) })}\n\n`);
      };
      const unsubscribe = signal.subscribe((change) => {
        if (!concerns(query, change.touched)) return;
        pending = pending
          ? { touched: mergeTouched(pending.touched, change.touched), at: change.at, seq: change.seq }
          : { touched: change.touched, at: change.at, seq: change.seq };
        timer ??= setTimeout(flush, COALESCE_MS);
      });
      const heartbeat = setInterval(() => send(': keep-alive\n\n'), HEARTBEAT_MS);
      stop = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        clearInterval(heartbeat);
        if (timer) clearTimeout(timer);
        try {
          controller.close();
        } catch {
          // Already closed by the client going away.
        }
      };
      abort.addEventListener('abort', stop, { once: true });
      // `retry`: how long the browser waits before reconnecting after a dropped connection.
      send('retry: 3000\n: connected\n\n');
    },
    cancel() {
      stop();
    },
  });
  return new Response(stream, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      // no-transform: Next's gzip must not buffer the stream.
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
    },
  });
}
