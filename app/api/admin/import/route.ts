import { requireUser, type TSessionUser } from '@/lib/auth/guard';
import { db } from '@/lib/db';
import { isAppError } from '@/lib/errors/app-error';
import { IMPORT_ENCODINGS } from '@/lib/import/encoding';
import { MAX_IMPORT_BYTES, MAX_IMPORT_META_BYTES } from '@/lib/import/limits';
import { runImportInWorker } from '@/lib/import/in-worker';
import { ImportInputError, type TImportEvent } from '@/lib/import/run';
import { ZImportOptions } from '@/lib/import/options';
import { z } from 'zod';

/**
 * CSV import upload (POST). The session is checked BEFORE the body is read, and the declared size
 * before a byte is accepted; the body is then read as a stream with a running byte limit (never a
 * server-action body, whose limit is 1 MB). Body: one line of JSON (file name, encoding, mapping,
 * options, dryRun), a newline, then the file's bytes. The answer is NDJSON: progress events (parse,
 * check, commit in rows), then `done` with the summary or `error` with a message naming rows and
 * columns. Decoding, parsing, checking and the commit run on a worker thread with its own database
 * connection (lib/import/in-worker.ts), so public pages keep being served meanwhile. Every failure
 * is a 4xx or an `error` event, never a 500.
 */
export const dynamic = 'force-dynamic';

const ZMeta = z.object({
  fileName: z.string().trim().min(1).max(255),
  encoding: z.enum([...IMPORT_ENCODINGS, 'auto']),
  mapping: z.union([z.record(z.string(), z.string()), z.string().max(100)]),
  options: ZImportOptions,
  dryRun: z.boolean().default(false),
});

function answer(status: number, message: string): Response {
  return Response.json({ type: 'error', message }, { status, headers: { 'cache-control': 'no-store' } });
}

/** Read the whole body with a running limit; null when it is too large. */
async function readBody(body: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array | null> {
  const reader = body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

export async function POST(request: Request): Promise<Response> {
  let user: TSessionUser;
  try {
    user = await requireUser('editor');
  } catch (e) {
    return answer(isAppError(e) && e.code === 'FORBIDDEN' ? 403 : 401, isAppError(e) ? e.message : 'Log in again.');
  }
  const origin = request.headers.get('origin');
  if (origin && new URL(origin).host !== request.headers.get('host')) return answer(403, 'Uploads are accepted from this site only.');
  const limit = MAX_IMPORT_BYTES + MAX_IMPORT_META_BYTES;
  const declared = Number(request.headers.get('content-length') ?? 'NaN');
  if (Number.isFinite(declared) && declared > limit) return answer(413, `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB; split it.`);
  if (!request.body) return answer(400, 'No file was sent.');
  const body = await readBody(request.body, limit);
  if (!body) return answer(413, `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB; split it.`);
  const newline = body.indexOf(0x0a);
  if (newline < 0 || newline > MAX_IMPORT_META_BYTES) return answer(400, 'The upload has no description line (file name, mapping, options).');
  let meta: z.infer<typeof ZMeta>;
  try {
    const parsed = ZMeta.safeParse(JSON.parse(new TextDecoder().decode(body.subarray(0, newline))));
    if (!parsed.success)
      return answer(400, `The upload's description is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    meta = parsed.data;
  } catch {
    return answer(400, "The upload's description is not JSON.");
  }
  const bytes = body.subarray(newline + 1);
  if (bytes.byteLength === 0) return answer(400, 'The file is empty.');

  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let lastSent = 0;
      const send = (event: unknown) => {
        try {
          controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
        } catch {
          // The browser went away (cancel): the import itself is aborted through request.signal.
        }
      };
      const onEvent = (e: TImportEvent) => {
        if (e.type === 'done') return;
        // Progress at most every 100 ms; everything else at once.
        if (e.type === 'progress' && e.done < e.total && performance.now() - lastSent < 100) return;
        lastSent = performance.now();
        send(e);
      };
      try {
        const result = await runImportInWorker({
          db,
          bytes,
          encoding: meta.encoding,
          mapping: meta.mapping,
          options: meta.options,
          fileName: meta.fileName,
          userId: user.id,
          dryRun: meta.dryRun,
          onEvent,
          signal: request.signal,
          yieldNow: () => new Promise((resolve) => setImmediate(resolve)),
        });
        const { plan, summary } = result;
        send({
          type: 'done',
          refusal: result.refusal,
          encoding: result.encoding,
          mappingSource: result.mappingSource,
          counts: plan.counts,
          facts: plan.facts,
          fileIssues: plan.fileIssues,
          outcomes: [
            ...plan.outcomes.filter((o) => o.status !== 'stored').slice(0, 1_000),
            ...(summary?.alreadyStoredRows ?? []).map((row) => ({ row, status: 'duplicate', errors: [], warnings: [], duplicateOf: 'database' })),
          ],
          summary: summary ? { ...summary, pollIds: undefined } : null,
        });
      } catch (e) {
        const message =
          e instanceof ImportInputError || isAppError(e)
            ? e.message
            : e instanceof Error && e.message === 'cancelled'
              ? 'The import was cancelled; nothing was saved.'
              : 'The import failed; nothing was saved.';
        if (!(e instanceof ImportInputError || isAppError(e))) console.error('CSV import failed', e);
        send({ type: 'error', message });
      } finally {
        try {
          controller.close();
        } catch {
          // already closed by a cancel
        }
      }
    },
  });
  return new Response(stream, { headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' } });
}
