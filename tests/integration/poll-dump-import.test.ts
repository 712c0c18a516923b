import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDbClient } from '@/lib/db';
import { dumpBody } from '@/lib/export/http';
import { importPollDumpCsv } from '@/lib/import/polls-dump';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { deployMigrations } from '@/lib/migrations/deploy';
import { buildSyntheticDatabase } from '@/scripts/bench/synthetic';
import { createTempDatabase, type TempDatabase } from '../support/temp-db';

/**
 * The bulk writer of importPollDumpCsv (multi-row statements in chunks, ids read back by unique key,
 * matched polls upserted): larger dumps than export-roundtrip.test.ts uses, an update that changes a
 * poll's children, and a failure in the last table written.
 */

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'pollboard-dump-import-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/**
 * The polls dump of a synthetic database (scripts/bench/synthetic.ts: 3 top-line rows per poll, a
 * 2-subgroup age crosstab on every 10th poll), read through the code of /api/v1/export/polls.csv.
 * The source is a SQLite file in both Vitest projects; the import target is the project's database.
 */
const dumps = new Map<number, Promise<string>>();

function syntheticDump(polls: number): Promise<string> {
  const cached = dumps.get(polls);
  if (cached) return cached;
  const dump = buildDump(polls);
  dumps.set(polls, dump);
  return dump;
}

async function buildDump(polls: number): Promise<string> {
  const file = path.join(dir, `source-${polls}.db`);
  await deployMigrations({ databaseUrl: `file:${file}` });
  buildSyntheticDatabase(file, { polls, questions: 20, pollsters: 8 });
  const db = createDbClient(`file:${file}`);
  try {
    return await new Response(dumpBody(db, 'polls', { format: 'csv', databaseUrl: `file:${file}` })).text();
  } finally {
    await db.$disconnect();
  }
}

async function exportCsv(t: TempDatabase): Promise<string> {
  return new Response(dumpBody(t.db, 'polls', { format: 'csv', databaseUrl: t.url })).text();
}

/** The dump without the columns that name database ids and timestamps. */
function stable(csv: string): string {
  const { data } = Papa.parse<string[]>(csv, { skipEmptyLines: 'greedy' });
  const header = data[0] ?? [];
  const keep = header.map((name, i) => (name === 'poll_id' || name === 'poll_updated_at' ? -1 : i)).filter((i) => i >= 0);
  return Papa.unparse(
    data.map((row) => keep.map((i) => row[i] ?? '')),
    { newline: '\r\n' },
  );
}

async function counts(db: PrismaClient) {
  return {
    polls: await db.poll.count(),
    pollQuestions: await db.pollQuestion.count(),
    results: await db.result.count(),
    breakdowns: await db.breakdown.count(),
    breakdownResults: await db.breakdownResult.count(),
    pollsters: await db.pollster.count(),
    questions: await db.question.count(),
    options: await db.questionOption.count(),
    imports: await db.auditEvent.count({ where: { entity: 'Import' } }),
  };
}

/** A trigger that refuses every BreakdownResult insert: the last table the import writes. */
async function failBreakdownResults(t: TempDatabase): Promise<void> {
  if (t.provider === 'postgresql') {
    await t.db.$executeRawUnsafe(
      `CREATE FUNCTION fail_breakdown_results() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full (simulated)'; END $$`,
    );
    await t.db.$executeRawUnsafe(
      `CREATE TRIGGER fail_breakdown_results BEFORE INSERT ON "BreakdownResult" FOR EACH ROW EXECUTE FUNCTION fail_breakdown_results()`,
    );
  } else {
    const { default: Database } = await import('better-sqlite3');
    const raw = new Database(t.url.slice('file:'.length));
    raw.exec(`CREATE TRIGGER fail_breakdown_results BEFORE INSERT ON "BreakdownResult" BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END;`);
    raw.close();
  }
}

/** Edit a dump: `edit` gets each data row as a column → cell record; returning null drops the row. */
function editDump(csv: string, edit: (row: Record<string, string>) => Record<string, string> | null): string {
  const { data } = Papa.parse<string[]>(csv, { skipEmptyLines: 'greedy' });
  const [header = [], ...rows] = data;
  const out = [header];
  for (const cells of rows) {
    const edited = edit(Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ''])));
    if (edited) out.push(header.map((name) => edited[name] ?? ''));
  }
  return Papa.unparse(out, { newline: '\r\n' });
}

describe('importPollDumpCsv writes in bulk', () => {
  it('imports, then re-imports, a dump spanning several statements per table without duplicating anything', async () => {
    // 5,100 polls: more than one 5,000-poll round, several chunks of polls (22 cells a row) and of
    // results (4 cells a row) against the 30,000-cell statement limit.
    const dump = await syntheticDump(5_100);
    const target = await createTempDatabase('pollboard-dump-bulk-');
    try {
      const first = await importPollDumpCsv(target.db, dump, { source: 'test' });
      expect(first).toEqual({ rows: 18_360, polls: 5_100, pollsCreated: 5_100, pollsUpdated: 0, pollsters: 8, questions: 20 });
      const expected = {
        polls: 5_100,
        pollQuestions: 5_100,
        results: 15_300,
        breakdowns: 1_020,
        breakdownResults: 3_060,
        pollsters: 8,
        questions: 20,
        options: 60,
      };
      expect(await counts(target.db)).toEqual({ ...expected, imports: 1 });
      // Every result landed on its own poll: the dump read back is the dump imported.
      expect(stable(await exportCsv(target))).toBe(stable(dump));
      const ids = await target.db.poll.findMany({ select: { id: true, externalKey: true }, orderBy: { id: 'asc' } });

      const again = await importPollDumpCsv(target.db, dump, { source: 'test' });
      expect(again).toEqual({ ...first, pollsCreated: 0, pollsUpdated: 5_100 });
      expect(await counts(target.db)).toEqual({ ...expected, imports: 2 });
      expect(stable(await exportCsv(target))).toBe(stable(dump));
      // The same poll rows, updated in place (version 2), not new rows with the same keys.
      expect(await target.db.poll.findMany({ select: { id: true, externalKey: true }, orderBy: { id: 'asc' } })).toEqual(ids);
      expect(await target.db.poll.count({ where: { version: 2 } })).toBe(5_100);
    } finally {
      await target.cleanup();
    }
  }, 180_000);

  it("replaces a matched poll's results and breakdowns with the file's and keeps the poll row", async () => {
    const dump = await syntheticDump(40);
    const target = await createTempDatabase('pollboard-dump-update-');
    try {
      await importPollDumpCsv(target.db, dump);
      const before = await counts(target.db);
      const poll = await target.db.poll.findUniqueOrThrow({ where: { externalKey: 'bench:10' }, include: { questions: { include: { breakdowns: true } } } });
      expect(poll.questions[0]?.breakdowns.map((b) => b.subgroup)).toEqual(['18-34', '35+']);
      const oldPollQuestionId = poll.questions[0]?.id ?? -1;
      // A correction points at the poll row: it must survive the update (the row is not recreated).
      await target.db.correction.create({ data: { pollId: poll.id, note: 'Field dates corrected' } });

      // The file now says: sample 1234, 99.5% "for" (count 1221), and no 35+ subgroup.
      const changed = editDump(dump, (row) => {
        if (row.export_key !== 'bench:10') return row;
        if (row.breakdown_subgroup === '35+') return null;
        const edited = { ...row, sample_size: '1234' };
        if (row.option_key === 'for' && row.breakdown_dimension === '') return { ...edited, percent: '99.5', count: '1221' };
        return edited;
      });
      const summary = await importPollDumpCsv(target.db, changed);
      expect(summary).toMatchObject({ polls: 40, pollsCreated: 0, pollsUpdated: 40 });

      const after = await target.db.poll.findUniqueOrThrow({
        where: { externalKey: 'bench:10' },
        include: {
          corrections: true,
          questions: { include: { results: { include: { option: true } }, breakdowns: { include: { results: true } } } },
        },
      });
      expect(after.id).toBe(poll.id);
      expect(after.version).toBe(poll.version + 1);
      expect(after.sampleSize).toBe(1234);
      expect(after.corrections.map((c) => c.note)).toEqual(['Field dates corrected']);
      expect(after.questions).toHaveLength(1);
      const question = after.questions[0];
      expect(question?.id).not.toBe(oldPollQuestionId);
      expect(question?.results.find((r) => r.option.key === 'for')).toMatchObject({ percent: 99.5, count: 1221 });
      expect(question?.breakdowns.map((b) => [b.subgroup, b.results.length])).toEqual([['18-34', 3]]);
      // The old children are gone, not left behind next to the new ones.
      expect(await target.db.pollQuestion.findUnique({ where: { id: oldPollQuestionId } })).toBeNull();
      expect(await counts(target.db)).toEqual({ ...before, breakdowns: before.breakdowns - 1, breakdownResults: before.breakdownResults - 3, imports: 2 });
      // The other polls read back as the file has them.
      expect(stable(await exportCsv(target))).toBe(stable(changed));
    } finally {
      await target.cleanup();
    }
  }, 60_000);

  it('saves nothing when the last table written refuses a row, on an empty database and on a re-import', async () => {
    const dump = await syntheticDump(40);
    const empty = await createTempDatabase('pollboard-dump-fail-empty-');
    const loaded = await createTempDatabase('pollboard-dump-fail-loaded-');
    try {
      // Empty database: pollsters, questions, options, polls, poll questions, results and
      // breakdowns were written before the failure, and all of it must go.
      await failBreakdownResults(empty);
      await expect(importPollDumpCsv(empty.db, dump)).rejects.toThrow();
      expect(await counts(empty.db)).toEqual({
        polls: 0,
        pollQuestions: 0,
        results: 0,
        breakdowns: 0,
        breakdownResults: 0,
        pollsters: 0,
        questions: 0,
        options: 0,
        imports: 0,
      });

      // Re-import: the failure comes after the matched polls' children were deleted and the polls
      // updated; the database must read back exactly as before, timestamps and versions included.
      await importPollDumpCsv(loaded.db, dump);
      const before = {
        counts: await counts(loaded.db),
        csv: await exportCsv(loaded),
        versions: await loaded.db.poll.findMany({ select: { id: true, version: true }, orderBy: { id: 'asc' } }),
      };
      await failBreakdownResults(loaded);
      const changed = editDump(dump, (row) => ({ ...row, population: 'Adults 18+ (reweighted)' }));
      await expect(importPollDumpCsv(loaded.db, changed)).rejects.toThrow();
      expect(await counts(loaded.db)).toEqual(before.counts);
      expect(await exportCsv(loaded)).toBe(before.csv);
      expect(await loaded.db.poll.findMany({ select: { id: true, version: true }, orderBy: { id: 'asc' } })).toEqual(before.versions);
    } finally {
      await Promise.all([empty.cleanup(), loaded.cleanup()]);
    }
  }, 60_000);
});
