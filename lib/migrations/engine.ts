import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

import type { ErrorRegistry } from '@prisma/driver-adapter-utils';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import type * as SchemaEngineBg from '@prisma/schema-engine-wasm/schema_engine_bg';

import type { ResolvedDatabaseUrl } from '@/lib/db/url';

import { createAdapterFactory } from './adapter';

type SchemaEngineGlue = typeof SchemaEngineBg;

interface WasmPanicRegistry {
  message: string;
  get(): string;
  set_message(value: string): void;
}

declare global {
  // Read by the wasm-bindgen glue when the engine panics (`global.PRISMA_WASM_PANIC_REGISTRY`).
  var PRISMA_WASM_PANIC_REGISTRY: WasmPanicRegistry | undefined;
}

let gluePromise: Promise<SchemaEngineGlue> | undefined;

/**
 * Instantiate `schema_engine_bg.wasm` by hand instead of importing the package entry point, whose
 * `import * as wasm from "./schema_engine_bg.wasm"` needs `--experimental-wasm-modules` on Node 20.
 * This is exactly what the entry point does: hand the exports to the glue, then run the start function.
 * Done once per process; every engine instance shares the module.
 */
export function loadSchemaEngineWasm(): Promise<SchemaEngineGlue> {
  gluePromise ??= (async () => {
    const existing = globalThis.PRISMA_WASM_PANIC_REGISTRY as Partial<WasmPanicRegistry> | undefined;
    if (!existing) {
      globalThis.PRISMA_WASM_PANIC_REGISTRY = {
        message: '',
        get() {
          return this.message;
        },
        set_message(value: string) {
          this.message = `RuntimeError: ${value}`;
        },
      };
    } else if (typeof existing.get !== 'function') {
      // The Prisma client installs its own registry with only `set_message` (it throws a
      // PrismaClientRustPanicError). The schema-engine glue also calls `get()` after a panic, so a
      // process that loaded the client first (admin:create, db:copy) would fail with "get is not a
      // function" and hide the real error. Add the missing reader without replacing the client's.
      existing.message ??= '';
      existing.get = function get(this: Partial<WasmPanicRegistry>) {
        return this.message || 'RuntimeError: the schema engine panicked';
      };
    }
    const require = createRequire(import.meta.url);
    const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const glue: SchemaEngineGlue = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = await readFile(path.join(path.dirname(gluePath), 'schema_engine_bg.wasm'));
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': glue });
    glue.__wbg_set_wasm(instance.exports);
    const start = instance.exports.__wbindgen_start;
    if (typeof start === 'function') start();
    return glue;
  })().catch((error: unknown) => {
    gluePromise = undefined;
    throw error;
  });
  return gluePromise;
}

export interface SchemaEngineHandle {
  engine: SchemaEngine;
  provider: ResolvedDatabaseUrl['provider'];
  /** Holds the JS errors the engine only reports as `External error id#N`. */
  errorRegistry: ErrorRegistry;
  /** Free the engine and close every connection it opened (main and shadow database). */
  close(): Promise<void>;
}

export interface OpenSchemaEngineOptions {
  /** Schema files `[path, content]` handed to the engine as its initial datamodels. */
  datamodels?: [string, string][];
  /** Receives the engine's debug/log lines (JSON strings). */
  log?: (line: string) => void;
}

/** Start a wasm schema engine connected to `db` through a Prisma driver adapter. */
export async function openSchemaEngine(db: ResolvedDatabaseUrl, options: OpenSchemaEngineOptions = {}): Promise<SchemaEngineHandle> {
  const glue = await loadSchemaEngineWasm();
  const tracked = await createAdapterFactory(db);
  const log = options.log;
  const bound = bindMigrationAwareSqlAdapterFactory(tracked.factory);
  let engine: SchemaEngine;
  try {
    engine = await glue.SchemaEngine.new({ datamodels: options.datamodels }, (line: string) => log?.(line), bound);
  } catch (error) {
    await tracked.disposeAll();
    throw error;
  }
  let closed = false;
  return {
    engine,
    provider: db.provider,
    errorRegistry: bound.errorRegistry,
    close: async () => {
      if (closed) return;
      closed = true;
      engine.free();
      await tracked.disposeAll();
    },
  };
}
