import { z } from 'zod';
import { logRouteError, parseQuery } from '@/lib/http/route-errors';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { INDICATOR_DUMP_SEGMENTS, INDICATORS_DUMP_SCHEMA_VERSION, readIndicatorDumpBatches } from '@/lib/export/indicators-dump';
import { POLL_DUMP_SEGMENTS, POLLS_DUMP_SCHEMA_VERSION, readPollDumpBatches } from '@/lib/export/polls-dump';
import { dumpStream, type DumpFormat } from '@/lib/export/stream';
import { cacheHeaders, getDataVersion, isNotModified, notModified, validatorsFor } from '@/lib/http/cache';

export type DumpName = 'polls' | 'indicators';

/** Header carrying the dump's column-layout version (also a CSV column and a JSON field). */
export const SCHEMA_VERSION_HEADER = 'X-Pollboard-Schema-Version';

export const ZExportQuery = z.object({
  bom: z
    .enum(['1', '0', 'true', 'false'], { message: 'bom must be 1 or 0' })
    .optional()
    .transform((v) => v === '1' || v === 'true'),
});

export const CONTENT_TYPES: Record<DumpFormat, string> = {
  csv: 'text/csv; charset=utf-8; header=present',
  json: 'application/json; charset=utf-8',
};

/** `pollboard-polls-2026-11-28.csv`: the dump's name and the (UTC) date of the request. */
export function dumpFileName(name: DumpName, format: DumpFormat, now: Date = new Date()): string {
  return `pollboard-${name}-${now.toISOString().slice(0, 10)}.${format}`;
}

export function schemaVersionOf(name: DumpName): number {
  return name === 'polls' ? POLLS_DUMP_SCHEMA_VERSION : INDICATORS_DUMP_SCHEMA_VERSION;
}

export interface DumpBodyOptions {
  format: DumpFormat;
  bom?: boolean;
  now?: Date;
  batchSize?: number;
  /** The DATABASE_URL `db` was built from: enables the fast SQLite reader (see DumpBatchOptions). */
  databaseUrl?: string;
  /** A failure after the first byte (see DumpStreamOptions.onError). */
  onError?: (error: unknown) => void;
}

/** The byte stream of a full dump (the same serialiser for HTTP and `npm run db:export`). */
export function dumpBody(db: PrismaClient, name: DumpName, options: DumpBodyOptions): ReadableStream<Uint8Array> {
  const common = { format: options.format, bom: options.bom, generatedAt: options.now, schemaVersion: schemaVersionOf(name), onError: options.onError };
  const read = { batchSize: options.batchSize, databaseUrl: options.databaseUrl };
  return name === 'polls'
    ? dumpStream({ ...common, segments: POLL_DUMP_SEGMENTS, batches: readPollDumpBatches(db, read) })
    : dumpStream({ ...common, segments: INDICATOR_DUMP_SEGMENTS, batches: readIndicatorDumpBatches(db, read) });
}

export interface DumpResponseOptions {
  /** The request time (file name date, JSON `generated_at`); injectable for tests. */
  now?: Date;
  /** The DATABASE_URL `db` was built from (fast SQLite reader). */
  databaseUrl?: string;
}

/**
 * The whole GET of a dump route: query check (a bad one throws, `handle()` answers 400), conditional
 * GET (304), then the streamed body with its download name and validators. A failure mid-stream is
 * logged with the route and aborts the body.
 */
export async function dumpResponse(
  request: Request,
  db: PrismaClient,
  name: DumpName,
  format: DumpFormat,
  options: DumpResponseOptions = {},
): Promise<Response> {
  const now = options.now ?? new Date();
  const url = new URL(request.url);
  const query = parseQuery(ZExportQuery, request.url);
  const bom = format === 'csv' && query.bom;
  const schemaVersion = schemaVersionOf(name);
  const version = await getDataVersion(db, name);
  const validators = validatorsFor(version, name, format, schemaVersion, bom ? 'bom' : 'nobom');
  const fileName = dumpFileName(name, format, now);
  const headers: Record<string, string> = {
    'Content-Disposition': `attachment; filename="${fileName}"`,
    [SCHEMA_VERSION_HEADER]: String(schemaVersion),
    Vary: 'Accept-Encoding',
  };
  if (isNotModified(request, validators)) return notModified(validators, headers);
  return new Response(
    request.method === 'HEAD'
      ? null
      : dumpBody(db, name, {
          format,
          bom,
          now,
          databaseUrl: options.databaseUrl,
          onError: (error) => logRouteError(url.pathname, error, { method: request.method, phase: 'stream' }),
        }),
    {
      status: 200,
      headers: {
        ...headers,
        ...cacheHeaders(validators),
        'Content-Type': CONTENT_TYPES[format],
        'X-Content-Type-Options': 'nosniff',
      },
    },
  );
}
