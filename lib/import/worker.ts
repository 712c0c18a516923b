import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { createDbClient } from '@/lib/db';
import { isAppError } from '@/lib/errors/app-error';
import { ImportInputError, runImport, type TRunArgs } from '@/lib/import/run';

/**
 * The CSV import on its own thread (started by lib/import/in-worker.ts): decoding, parsing, checking
 * and the bulk commit never run on the thread that serves pages, and the commit's transaction holds
 * its own database connection, so public pages keep being read meanwhile (SQLite in WAL mode lets
 * readers go on while one writer writes).
 */
export type TWorkerInput = Omit<TRunArgs, 'db' | 'onEvent' | 'signal' | 'yieldNow'> & { databaseUrl: string };

/**
 * Nice value of this thread. Linux keeps nice values per thread, so this lowers the import's thread
 * only: when both want a core, the thread that serves pages wins it, and the import (which has no
 * one waiting on each row) takes what is left. Moderate, so the import still moves on a busy machine.
 */
const IMPORT_NICE = 5;
try {
  setPriority(IMPORT_NICE);
} catch {
  // Not permitted or not supported (some containers): the import runs at normal priority.
}

const input = workerData as TWorkerInput;
const controller = new AbortController();
parentPort?.on('message', (m: unknown) => {
  if (m === 'cancel') controller.abort();
});

const db = createDbClient(input.databaseUrl);
try {
  const result = await runImport({
    ...input,
    db,
    signal: controller.signal,
    onEvent: (event) => parentPort?.postMessage({ kind: 'event', event }),
    yieldNow: () => new Promise((resolve) => setImmediate(resolve)),
  });
  // Only what the route shows crosses back: 100,000 planned polls would cost the page thread a long
  // structured-clone pause.
  const { plan, summary } = result;
  parentPort?.postMessage({
    kind: 'result',
    result: {
      ...result,
      plan: { ...plan, records: [], outcomes: plan.outcomes.filter((o) => o.status !== 'stored').slice(0, 1_000) },
      summary: summary ? { ...summary, pollIds: [] } : null,
    },
  });
} catch (e) {
  const known = e instanceof ImportInputError || isAppError(e);
  const cancelled = e instanceof Error && e.message === 'cancelled';
  parentPort?.postMessage({
    kind: 'error',
    expected: known || cancelled,
    message: known
      ? e.message
      : cancelled
        ? 'The import was cancelled; nothing was saved.'
        : `The import failed; nothing was saved. (${e instanceof Error ? e.message : String(e)})`,
  });
} finally {
  await db.$disconnect();
}
