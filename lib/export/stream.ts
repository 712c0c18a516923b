import { csvHeader, segmentedCsvRowWriter, segmentedJsonRowWriter, UTF8_BOM, type ColumnSegment } from '@/lib/export/csv';

export type DumpFormat = 'csv' | 'json';

/**
 * Chunks are handed on at about this many characters. Small enough that the text and its encoded
 * bytes die young (V8 puts strings and buffers over ~0.5 MB straight into the old generation, where
 * they wait for a full GC and inflate RSS), large enough to keep per-chunk overhead negligible.
 */
const CHUNK_CHARS = 64 * 1024;

export interface DumpStreamOptions<Row> {
  format: DumpFormat;
  /** The columns, grouped in segments (a single segment `[{ columns }]` is fine). */
  segments: readonly ColumnSegment<Row>[];
  /** Batches of rows, read lazily: the next batch is read only when the consumer wants more. */
  batches: AsyncIterable<Row[]>;
  schemaVersion: number;
  /** CSV only: prefix the UTF-8 BOM. */
  bom?: boolean;
  /** JSON only: the envelope's `generated_at`. */
  generatedAt?: Date;
  /**
   * Called once when reading or serialising fails after the stream has started (the headers are
   * gone by then, so the only honest answer is to abort the body: the client sees a broken
   * download, never a complete-looking file). The HTTP route logs it (lib/api/respond.ts).
   */
  onError?: (error: unknown) => void;
}

/**
 * Serialise batches into text chunks (chunks of about 64 K characters) without ever holding more than one batch.
 *
 * CSV: the header row, then one record per row (the `schema_version` column carries the version).
 * JSON: `{"schema_version":1,"generated_at":"…","columns":[…],"rows":[` + one object per row + `]}`.
 * The JSON rows have the same keys as the CSV columns, minus `schema_version` (it is in the envelope).
 */
export async function* dumpChunks<Row>(options: DumpStreamOptions<Row>): AsyncGenerator<string> {
  if (options.format === 'csv') {
    const write = segmentedCsvRowWriter(options.segments);
    yield (options.bom ? UTF8_BOM : '') + csvHeader(options.segments.flatMap((s) => s.columns));
    for await (const batch of options.batches) {
      let chunk = '';
      for (const row of batch) {
        chunk += write(row);
        if (chunk.length >= CHUNK_CHARS) {
          yield chunk;
          chunk = '';
        }
      }
      if (chunk !== '') yield chunk;
    }
    return;
  }
  const segments = options.segments.map((s) => ({ ...s, columns: s.columns.filter((c) => c.name !== 'schema_version') }));
  const columns = segments.flatMap((s) => s.columns);
  const write = segmentedJsonRowWriter(segments);
  yield (
    `{"schema_version":${options.schemaVersion},"generated_at":${JSON.stringify((options.generatedAt ?? new Date()).toISOString())},` +
    `"columns":${JSON.stringify(columns.map((c) => c.name))},"rows":[`
  );
  let first = true;
  for await (const batch of options.batches) {
    let chunk = '';
    for (const row of batch) {
      chunk += (first ? '\n' : ',\n') + write(row);
      first = false;
      if (chunk.length >= CHUNK_CHARS) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk !== '') yield chunk;
  }
  yield '\n]}\n';
}

/**
 * A byte stream for a Response body (or a file, via `Readable.fromWeb`). Pull-based: a chunk is
 * produced only when the consumer asks for one, so a slow client never makes the server buffer the
 * whole dump. Cancelling the stream (client gone) closes the generator and stops reading the database.
 */
export function dumpStream<Row>(options: DumpStreamOptions<Row>): ReadableStream<Uint8Array> {
  const chunks = dumpChunks(options);
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(next.value));
        } catch (error) {
          options.onError?.(error);
          controller.error(error);
        }
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    { highWaterMark: 1 },
  );
}
