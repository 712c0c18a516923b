import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Worker as TWorker } from 'node:worker_threads';
import { getEnv } from '@/lib/config/env';
import { ImportInputError, runImport, type TImportEvent, type TRunArgs, type TRunResult } from '@/lib/import/run';
import type { TWorkerInput } from '@/lib/import/worker';

/**
 * Run the import on a worker thread (lib/import/worker.ts) and relay its events; cancelling the
 * signal cancels it (nothing is saved). Where the worker's sources are not on disk (a bundle without
 * lib/), it runs here instead, still in slices.
 */
export function runImportInWorker(args: TRunArgs): Promise<TRunResult> {
  // Node starts the worker from disk: the bundler must neither bundle it nor trace the project for it.
  const entry = path.join(/* turbopackIgnore: true */ process.cwd(), 'lib', 'import', 'worker-entry.mjs');
  if (!existsSync(entry)) return runImport(args);
  const { db: _db, onEvent, signal, yieldNow: _yield, ...rest } = args;
  const input: TWorkerInput = { ...rest, databaseUrl: getEnv().DATABASE_URL };
  return new Promise((resolve, reject) => {
    // Taken from Node at run time: Turbopack resolves `new Worker(path)` as a module to bundle.
    const { Worker } = process.getBuiltinModule('node:worker_threads') as { Worker: typeof TWorker };
    // No inherited loader flags: the entry registers tsx itself (a second loader deadlocks it).
    const worker = new Worker(entry, { workerData: input, execArgv: [] });
    const cancel = () => worker.postMessage('cancel');
    signal?.addEventListener('abort', cancel);
    let settled = false;
    worker.on(
      'message',
      (m: { kind: 'event'; event: TImportEvent } | { kind: 'result'; result: TRunResult } | { kind: 'error'; expected: boolean; message: string }) => {
        if (m.kind === 'event') onEvent?.(m.event);
        else if (m.kind === 'result') {
          settled = true;
          resolve(m.result);
        } else {
          settled = true;
          reject(m.expected ? new ImportInputError(m.message) : new Error(m.message));
        }
      },
    );
    worker.on('error', (e) => {
      settled = true;
      reject(e);
    });
    worker.on('exit', (code) => {
      signal?.removeEventListener('abort', cancel);
      if (!settled) reject(new Error(`the import worker stopped (exit ${code})`));
    });
  });
}
