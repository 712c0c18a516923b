import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import type { PrismaClient } from '@/lib/generated/prisma/client';

// Route handlers use the app's `db` (built from DATABASE_URL at import time): point it at this
// file's own temp database first.
const dbFile = vi.hoisted(() => {
  const dir = `${process.env.TMPDIR ?? '/tmp'}/pollboard-api-failures-${process.pid}-${Date.now()}`;
  process.env.DATABASE_URL = `file:${dir}/test.db`;
  return `${dir}/test.db`;
});

interface LogLine {
  level: string;
  event: string;
  route: string;
  method?: string;
  phase: string;
  error: { name: string; message: string };
}

let db: PrismaClient;
let errorLog: MockInstance<(...args: unknown[]) => void>;

beforeAll(async () => {
  // The run's seeded template when there is one (a file copy), else migrate and seed here.
  const { copySeededSqliteFile } = await import('../support/sqlite-template');
  const copied = copySeededSqliteFile(dbFile);
  if (!copied) {
    const { deployMigrations } = await import('@/lib/migrations/deploy');
    await deployMigrations({ databaseUrl: `file:${dbFile}` });
  }
  ({ db } = await import('@/lib/db'));
  if (!copied) {
    const { seedDemo } = await import('@/lib/seed/demo');
    await seedDemo(db);
  }
});

afterAll(async () => {
  await db.$disconnect();
  rmSync(path.dirname(dbFile), { recursive: true, force: true });
});

afterEach(() => {
  errorLog?.mockRestore();
});

/** Watch the server log (console.error keeps writing: this only records the lines). */
function watchLog(): void {
  errorLog = vi.spyOn(console, 'error');
}

/** The structured `api.error` lines written since watchLog(). */
function apiErrorLines(): LogLine[] {
  return errorLog.mock.calls
    .map((args) => (typeof args[0] === 'string' && args[0].startsWith('{') ? (JSON.parse(args[0]) as LogLine) : null))
    .filter((line): line is LogLine => line?.event === 'api.error');
}

/**
 * A real failure under a running request: the table is renamed away (the next query on it fails
 * with "no such table"), then put back whatever happens, so the other tests see the same database.
 */
async function withTableGone<T>(table: string, run: () => Promise<T>): Promise<T> {
  await db.$executeRawUnsafe(`ALTER TABLE "${table}" RENAME TO "${table}_gone"`);
  try {
    return await run();
  } finally {
    await db.$executeRawUnsafe(`ALTER TABLE "${table}_gone" RENAME TO "${table}"`);
  }
}

/** Read a body to its end or its error: the text received and the error, if any. */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, decoder: TextDecoder): Promise<{ text: string; error: unknown }> {
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text, error: null };
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    return { text, error };
  }
}

describe('a dump that fails mid-stream', () => {
  it('aborts the body after rows were sent (no complete-looking file) and logs the route and the error', async () => {
    const pollsJson = (await import('@/app/api/v1/export/polls.json/route')).GET;
    const pollCount = await db.poll.count();
    // More polls than one read batch, so the failing read comes after rows were already sent.
    const { POLL_DUMP_BATCH_SIZE } = await import('@/lib/export/polls-dump');
    expect(pollCount).toBeGreaterThan(POLL_DUMP_BATCH_SIZE);
    watchLog();

    const res = await pollsJson(new Request('http://localhost/api/v1/export/polls.json'));
    expect(res.status).toBe(200);
    const body = res.body;
    if (!body) throw new Error('no body');
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let sent = '';
    // Read until the first rows are through (the envelope chunk comes first, then rows of batch 1).
    while (!sent.includes('"export_key"') || !sent.includes('\n{')) {
      const { done, value } = await reader.read();
      if (done) throw new Error('the dump ended before its first rows');
      sent += decoder.decode(value, { stream: true });
    }
    const { text, error } = await withTableGone('Poll', () => drain(reader, decoder));
    const received = sent + text;

    expect(error).toBeInstanceOf(Error);
    expect(String((error as Error).message)).toMatch(/no such table/i);
    expect(received.startsWith('{"schema_version":')).toBe(true);
    // Rows of the first batch were sent, the closing `]}` never was: not a parseable file.
    const rowsSent = received.split('\n').filter((l) => l.startsWith('{"export_key"')).length;
    expect(rowsSent).toBeGreaterThan(0);
    expect(received.trimEnd().endsWith(']}')).toBe(false);
    expect(() => JSON.parse(received)).toThrow();
    // Fewer distinct polls than stored: the dump stopped within the data.
    const pollIds = new Set([...received.matchAll(/"poll_id":(\d+)/g)].map((m) => m[1]));
    expect(pollIds.size).toBeGreaterThan(0);
    expect(pollIds.size).toBeLessThan(pollCount);

    const lines = apiErrorLines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'error', event: 'api.error', route: '/api/v1/export/polls.json', method: 'GET', phase: 'stream' });
    expect(lines[0]?.error.message).toMatch(/no such table/i);
  });

  it('errors the stream when an injected row source throws after its first batch (lib level)', async () => {
    const { dumpStream } = await import('@/lib/export/stream');
    const { POLL_DUMP_SEGMENTS, POLLS_DUMP_SCHEMA_VERSION, readPollDumpBatches } = await import('@/lib/export/polls-dump');
    const firstBatchOnly = async function* () {
      for await (const batch of readPollDumpBatches(db, { batchSize: 5 })) {
        yield batch;
        break;
      }
      throw new Error('row source broke after batch 1');
    };
    const failures: unknown[] = [];
    const stream = dumpStream({
      format: 'csv',
      segments: POLL_DUMP_SEGMENTS,
      batches: firstBatchOnly(),
      schemaVersion: POLLS_DUMP_SCHEMA_VERSION,
      onError: (e) => failures.push(e),
    });
    const { text, error } = await drain(stream.getReader(), new TextDecoder());
    expect((error as Error).message).toBe('row source broke after batch 1');
    expect(failures).toEqual([error]);
    // Header plus the rows of five polls, nothing after.
    const pollIds = new Set(
      text
        .trim()
        .split('\r\n')
        .slice(1)
        .map((line) => line.split(',')[2]),
    );
    expect(text.startsWith('schema_version,export_key,poll_id,')).toBe(true);
    expect(pollIds.size).toBe(5);
  });
});

describe('a handler that fails before answering', () => {
  it('answers a JSON 500 in the one error shape and logs the route', async () => {
    const questions = (await import('@/app/api/v1/questions/route')).GET;
    watchLog();
    const res = await withTableGone('Question', () => questions(new Request('http://localhost/api/v1/questions?q=kuril')));
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { error: Record<string, unknown> };
    expect(body).toEqual({ error: { code: 'INTERNAL', status: 500, message: 'Internal error while building the response' } });
    const lines = apiErrorLines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ route: '/api/v1/questions', method: 'GET', phase: 'handler' });
    expect(lines[0]?.error.message).toMatch(/Question/);
  });
});
