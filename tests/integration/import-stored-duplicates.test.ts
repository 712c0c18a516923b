import { readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importOptions } from '@/lib/import/prepare';
import { runImport } from '@/lib/import/run';
import { createTempDatabase, type TempDatabase } from '../support/temp-db';

/**
 * Duplicates against the database, not only within one file: a row whose pollster, field dates and
 * question match a stored poll but whose n or results differ is stored and flagged with that poll's
 * id; a row with the same figures as a stored poll (imported or not) is an exact duplicate.
 */
const FIXTURE = path.join(import.meta.dirname, '..', 'fixtures', 'fte_impeachment_polls.csv');

function bytesOf(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

describe('possible and exact duplicates of stored polls', () => {
  let t: TempDatabase;
  beforeAll(async () => {
    t = await createTempDatabase();
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('a published file, then the same file with one n changed: one poll added, flagged against the stored one', async () => {
    const text = readFileSync(FIXTURE, 'utf8');
    const first = await runImport({
      db: t.db,
      bytes: bytesOf(text),
      encoding: 'auto',
      mapping: 'auto',
      options: importOptions(),
      fileName: 'fte.csv',
      userId: null,
    });
    const s1 = first.summary;
    if (!s1) throw new Error('no summary');
    expect(s1.possibleDuplicatesOfStored).toEqual([]);

    // The variant: the first data row's n plus one (a corrected re-publication), all else as published.
    const rows = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy' }).data;
    const header = rows[0] ?? [];
    const nAt = header.indexOf('SampleSize');
    const row = rows[1] ?? [];
    const oldN = Number(row[nAt]);
    expect(oldN).toBe(1008);
    row[nAt] = String(oldN + 1);
    const variant = Papa.unparse(rows);
    const stored = await t.db.poll.findFirstOrThrow({
      where: { sampleSize: 1008, pollster: { name: 'ABC News/Washington Post' }, fieldStart: new Date('2019-06-28T00:00:00Z') },
    });
    const pollsBefore = await t.db.poll.count();

    // A dry run (the command line's preview) says the same without writing.
    const dry = await runImport({
      db: t.db,
      bytes: bytesOf(variant),
      encoding: 'auto',
      mapping: 'auto',
      options: importOptions(),
      fileName: 'fte-corrected.csv',
      userId: null,
      dryRun: true,
    });
    expect(dry.stored).toMatchObject({ alreadyStored: s1.stored - 1, possibleDuplicatesOfStored: [{ row: 2, pollId: stored.id }] });
    expect(await t.db.poll.count()).toBe(pollsBefore);

    const second = await runImport({
      db: t.db,
      bytes: bytesOf(variant),
      encoding: 'auto',
      mapping: 'auto',
      options: importOptions(),
      fileName: 'fte-corrected.csv',
      userId: null,
    });
    const s2 = second.summary;
    if (!s2) throw new Error('no summary');
    // Row 2 (the header is row 1) is new and flagged; every other row that was stored is now a duplicate.
    expect(s2.pollsCreated).toBe(1);
    expect(s2.stored).toBe(1);
    expect(s2.refused).toBe(s1.refused);
    expect(s2.duplicates).toBe(s1.rowsIn - s1.refused - 1);
    expect(s2.possibleDuplicatesOfStored).toEqual([{ row: 2, pollId: stored.id }]);
    expect(s2.possibleDuplicates).toBe(1);
    expect(await t.db.poll.count()).toBe(pollsBefore + 1);
    const added = await t.db.poll.findFirstOrThrow({ where: { id: { in: s2.pollIds } } });
    expect(added.sampleSize).toBe(1009);
    // The audit row names the stored poll, for the editor who checks it.
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { id: s2.auditId ?? -1 } });
    expect(JSON.parse(audit.after ?? '{}')).toMatchObject({ possibleDuplicates: [{ row: 2, ofPoll: stored.id }] });
  });

  it('a poll stored otherwise (no import key) with the same figures is an exact duplicate; with other results, a possible one', async () => {
    const file =
      'Pollster,Date,Question,SampleSize,Yes,No\nAcme Polling,2021-03-04,stored-dup-check,900,51,44\nAcme Polling,2021-03-11,stored-dup-check,800,49,46\n';
    const first = await runImport({
      db: t.db,
      bytes: bytesOf(file),
      encoding: 'auto',
      mapping: 'auto',
      options: importOptions(),
      fileName: 'a.csv',
      userId: null,
    });
    expect(first.summary?.pollsCreated).toBe(2);
    // As if entered by hand: the import key is gone, only the figures remain.
    await t.db.poll.updateMany({ where: { id: { in: first.summary?.pollIds ?? [] } }, data: { externalKey: null } });
    const [early, late] = await t.db.poll.findMany({ where: { id: { in: first.summary?.pollIds ?? [] } }, orderBy: { fieldEnd: 'asc' } });

    const again = await runImport({
      db: t.db,
      bytes: bytesOf(file),
      encoding: 'auto',
      mapping: 'auto',
      options: importOptions(),
      fileName: 'a.csv',
      userId: null,
    });
    expect(again.summary).toMatchObject({ rowsIn: 2, stored: 0, duplicates: 2, alreadyStored: 2, pollsCreated: 0, possibleDuplicatesOfStored: [] });

    const changed = file.replace('800,49,46', '800,48,47');
    const third = await runImport({
      db: t.db,
      bytes: bytesOf(changed),
      encoding: 'auto',
      mapping: 'auto',
      options: importOptions(),
      fileName: 'b.csv',
      userId: null,
    });
    expect(third.summary).toMatchObject({ rowsIn: 2, stored: 1, duplicates: 1, pollsCreated: 1, possibleDuplicatesOfStored: [{ row: 3, pollId: late?.id }] });
    expect(third.summary?.alreadyStoredRows).toEqual([2]);
    expect(early?.id).toBeDefined();
  });
});

/**
 * A big import commits in short transactions (parts); all or nothing still holds: a part that fails
 * in the database, or a cancel between parts, takes back every part already saved.
 */
describe('chunked commit: parts, and nothing half-saved', () => {
  let t: TempDatabase;
  beforeAll(async () => {
    t = await createTempDatabase();
  });
  afterAll(async () => {
    await t.cleanup();
  });

  async function counts() {
    return {
      polls: await t.db.poll.count(),
      questions: await t.db.question.count(),
      options: await t.db.questionOption.count(),
      pollsters: await t.db.pollster.count(),
      results: await t.db.result.count(),
      breakdowns: await t.db.breakdown.count(),
    };
  }

  async function planOf() {
    const { parseCsv, planImport } = await import('@/lib/import/prepare');
    const { autoMapping } = await import('@/lib/import/presets');
    const csv = parseCsv(readFileSync(FIXTURE, 'utf8'));
    const auto = autoMapping(csv.headers, csv.rows);
    const options = importOptions(auto.options);
    return { plan: planImport(csv.headers, csv.rows, auto.mapping, options, csv.issues), options };
  }

  it('a database error in the third part leaves the database as it was, and says nothing was saved', async () => {
    const { commitImport } = await import('@/lib/import/commit');
    const before = await counts();
    const { plan, options } = await planOf();
    expect(plan.records.length).toBeGreaterThan(250);
    // A real failure from SQLite itself once 200 polls are in (parts of 100): the third part fails.
    const limit = before.polls + 200;
    if (t.provider === 'sqlite') {
      await t.db.$executeRawUnsafe(
        `CREATE TRIGGER "test_fail_poll_insert" BEFORE INSERT ON "Poll" WHEN (SELECT count(*) FROM "Poll") >= ${limit} BEGIN SELECT RAISE(ABORT, 'test: disk full'); END`,
      );
    } else {
      await t.db.$executeRawUnsafe(
        `CREATE FUNCTION test_fail_poll_insert() RETURNS trigger AS $$ BEGIN IF (SELECT count(*) FROM "Poll") >= ${limit} THEN RAISE EXCEPTION 'test: disk full'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
      );
      await t.db.$executeRawUnsafe('CREATE TRIGGER "test_fail_poll_insert" BEFORE INSERT ON "Poll" FOR EACH ROW EXECUTE FUNCTION test_fail_poll_insert()');
    }
    const parts: number[] = [];
    try {
      await expect(
        commitImport(t.db, { plan, options, fileName: 'fte.csv', userId: null, roundSize: 100, onProgress: (p) => parts.push(p.done) }),
      ).rejects.toThrow(/nothing was saved[\s\S]*test: disk full/);
    } finally {
      if (t.provider === 'sqlite') await t.db.$executeRawUnsafe('DROP TRIGGER "test_fail_poll_insert"');
      else {
        await t.db.$executeRawUnsafe('DROP TRIGGER "test_fail_poll_insert" ON "Poll"');
        await t.db.$executeRawUnsafe('DROP FUNCTION test_fail_poll_insert()');
      }
    }
    // Two parts had been committed (and seen) before the third failed.
    expect(parts).toEqual([100, 200]);
    expect(await counts()).toEqual(before);
    const rolledBack = await t.db.auditEvent.findFirstOrThrow({ where: { entity: 'Import', action: 'import-rolled-back' } });
    expect(JSON.parse(rolledBack.after ?? '{}')).toMatchObject({ pollsDeleted: 200 });
    expect(await t.db.auditEvent.count({ where: { entity: 'Import', action: 'import' } })).toBe(0);
  });

  it('a cancel between parts takes back the saved parts; an uncancelled run in parts stores what one transaction does', async () => {
    const { commitImport } = await import('@/lib/import/commit');
    const before = await counts();
    const { plan, options } = await planOf();
    const controller = new AbortController();
    await expect(
      commitImport(t.db, { plan, options, fileName: 'fte.csv', userId: null, roundSize: 100, signal: controller.signal, onProgress: () => controller.abort() }),
    ).rejects.toThrow(/cancelled; nothing was saved/);
    expect(await counts()).toEqual(before);

    const lastAudit = (await t.db.auditEvent.aggregate({ _max: { id: true } }))._max.id ?? 0;
    const summary = await commitImport(t.db, { plan, options, fileName: 'fte.csv', userId: null, roundSize: 100 });
    expect(summary.pollsCreated).toBe(plan.records.length);
    expect(await t.db.poll.count()).toBe(before.polls + plan.records.length);
    // One audit row per part before the last, and the import's own row listing every poll (for undo).
    const partsAudited = await t.db.auditEvent.count({ where: { entity: 'Import', action: 'import-part', id: { gt: lastAudit } } });
    expect(partsAudited).toBe(Math.ceil(plan.records.length / 100) - 1);
    const own = await t.db.auditEvent.findFirstOrThrow({ where: { id: summary.auditId ?? -1 } });
    expect((JSON.parse(own.after ?? '{}') as { pollIds: number[] }).pollIds).toHaveLength(plan.records.length);
  });
});
