import type { ErrorRegistry } from '@prisma/driver-adapter-utils';

/** The engine appends a Rust span trace (`   0: schema_engine_wasm::…`) to its messages; drop it. */
function stripSpanTrace(message: string): string {
  return message.split(/\n\s+\d+: \S+::/)[0]?.trim() ?? message;
}

/**
 * Turn whatever the wasm engine or a driver adapter rejected with into a readable message. Errors
 * thrown by the JS driver reach the engine as `External error id#N`; with the adapter factory's
 * `registry` they are replaced by the driver's own message (e.g. the SQLite error).
 */
export function describeEngineError(error: unknown, registry?: ErrorRegistry): string {
  const message = stripSpanTrace(rawMessage(error));
  if (!registry) return message;
  return message.replace(/External error id#(\d+)/g, (match, id: string) => {
    const record = registry.consumeError(Number(id));
    return record === undefined ? match : rawMessage(record.error);
  });
}

function rawMessage(error: unknown): string {
  const panic = globalThis.PRISMA_WASM_PANIC_REGISTRY?.get();
  if (error instanceof WebAssembly.RuntimeError && panic) return `schema engine panicked: ${panic}`;
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null) {
    const record = error as Record<string, unknown>;
    if (typeof record.message === 'string') return record.message;
    try {
      return JSON.stringify(error);
    } catch {
      return String(error);
    }
  }
  return String(error);
}

/** A migration command failed; `message` is meant for a one-line CLI error. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
