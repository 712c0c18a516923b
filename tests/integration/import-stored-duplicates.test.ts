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
    const first = await runImport({ db: t.db, bytes: bytesOf(text), encoding: 'auto', mapping: 'auto', options: importOptions(), fileName: 'fte.csv', userId: null });
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
    const stored = await t.db.poll.findFirstOrThrow({ where: { sampleSize: 1008, pollster: { name: 'ABC News/Washington Post' }, fieldStart: new Date('2019-06-28T00:00:00Z') } });
    const pollsBefore = await t.db.poll.count();

    const second = await runImport({ db: t.db, bytes: bytesOf(variant), encoding: 'auto', mapping: 'auto', options: importOptions(), fileName: 'fte-corrected.csv', userId: null });
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
    const file = 'Pollster,Date,Question,SampleSize,Yes,No\nAcme Polling,2021-03-04,stored-dup-check,900,51,44\nAcme Polling,2021-03-11,stored-dup-check,800,49,46\n';
    const first = await runImport({ db: t.db, bytes: bytesOf(file), encoding: 'auto', mapping: 'auto', options: importOptions(), fileName: 'a.csv', userId: null });
    expect(first.summary?.pollsCreated).toBe(2);
    // As if entered by hand: the import key is gone, only the figures remain.
    await t.db.poll.updateMany({ where: { id: { in: first.summary?.pollIds ?? [] } }, data: { externalKey: null } });
    const [early, late] = await t.db.poll.findMany({ where: { id: { in: first.summary?.pollIds ?? [] } }, orderBy: { fieldEnd: 'asc' } });

    const again = await runImport({ db: t.db, bytes: bytesOf(file), encoding: 'auto', mapping: 'auto', options: importOptions(), fileName: 'a.csv', userId: null });
    expect(again.summary).toMatchObject({ rowsIn: 2, stored: 0, duplicates: 2, alreadyStored: 2, pollsCreated: 0, possibleDuplicatesOfStored: [] });

    const changed = file.replace('800,49,46', '800,48,47');
    const third = await runImport({ db: t.db, bytes: bytesOf(changed), encoding: 'auto', mapping: 'auto', options: importOptions(), fileName: 'b.csv', userId: null });
    expect(third.summary).toMatchObject({ rowsIn: 2, stored: 1, duplicates: 1, pollsCreated: 1, possibleDuplicatesOfStored: [{ row: 3, pollId: late?.id }] });
    expect(third.summary?.alreadyStoredRows).toEqual([2]);
    expect(early?.id).toBeDefined();
  });
});
