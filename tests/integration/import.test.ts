import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitImport, findImportMapping } from '@/lib/import/commit';
import { decodeUtf8 } from '@/lib/import/encoding';
import { parseCsv, prepareImport } from '@/lib/import/prepare';
import { suggestMapping } from '@/lib/import/targets';
import { isAppError } from '@/lib/errors';
import type { TImportOptions } from '@/lib/schemas/import';
import { seedDemo } from '@/lib/seed/demo';
import { createTempDatabase, type TempDatabase } from '../support/temp-db';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures');

function text(name: string): string {
  const d = decodeUtf8(readFileSync(path.join(FIXTURES, name)));
  if (!d.ok) throw new Error(d.message);
  return d.text;
}

function preview(csv: string, options: TImportOptions) {
  return prepareImport(csv, suggestMapping(parseCsv(csv).headers), options);
}

let t: TempDatabase;
let userId: number;

beforeAll(async () => {
  t = await createTempDatabase();
  await seedDemo(t.db);
  userId = (await t.db.user.create({ data: { email: 'importer@example.org', passwordHash: 'x', role: 'editor' } })).id;
});
afterAll(async () => {
  await t.cleanup();
});

async function counts() {
  return {
    polls: await t.db.poll.count(),
    results: await t.db.result.count(),
    breakdowns: await t.db.breakdown.count(),
    audits: await t.db.auditEvent.count({ where: { entity: 'Import' } }),
  };
}

describe('CSV import on a real SQLite file', () => {
  const fte = text('fte_impeachment_polls.csv');
  const fteOptions: TImportOptions = { mode: 'valid-rows', dateOrder: 'mdy', questionSlug: 'trump-impeachment', questionTitle: 'Impeach Trump?' };

  it('all or nothing: a file with error rows writes nothing', async () => {
    const before = await counts();
    const p = preview(fte, { ...fteOptions, mode: 'all-or-nothing' });
    const error = await commitImport(t.db, { preview: p, options: fteOptions, mode: 'all-or-nothing', fileName: 'fte.csv', userId }).catch((e: unknown) => e);
    expect(isAppError(error, 'VALIDATION')).toBe(true);
    expect((error as Error).message).toMatch(/^Nothing was imported: 5 rows have errors \(all or nothing\)\. Row 4, column URL/);
    expect(await counts()).toEqual(before);
    expect(await t.db.importMapping.count()).toBe(0);
  });

  it('imports the 534 valid impeachment polls with party breakdowns in one transaction', async () => {
    const before = await counts();
    const p = preview(fte, fteOptions);
    const summary = await commitImport(t.db, { preview: p, options: fteOptions, mode: 'valid-rows', fileName: 'fte_impeachment_polls.csv', userId });
    console.log(`import of fte_impeachment_polls.csv (550 rows, 534 polls): ${summary.ms} ms`);
    expect(summary).toMatchObject({ created: 534, skippedExisting: 0, skippedDuplicates: 11, skippedInvalid: 5 });
    expect(summary.questionsCreated.sort()).toEqual(
      ['begin-inquiry', 'begin-proceedings', 'consider', 'if-impeach-then-remove', 'impeach', 'impeach-and-remove', 'reasons', 'remove'].sort(),
    );
    const after = await counts();
    expect(after.polls - before.polls).toBe(534);
    expect(after.audits - before.audits).toBe(1);

    const abc = await t.db.poll.findFirst({
      where: { pollster: { name: 'ABC News/Washington Post' }, fieldStart: new Date('2019-06-28T00:00:00Z') },
      include: { questions: { include: { results: { orderBy: { option: { position: 'asc' } }, include: { option: true } }, breakdowns: { orderBy: { position: 'asc' }, include: { results: { orderBy: { option: { position: 'asc' } }, include: { option: true } } } }, question: true } } },
    });
    expect(abc).toMatchObject({ sampleSize: 1008, population: 'Adults', datePrecision: 'day', enteredById: userId });
    const pq = abc?.questions[0];
    expect(pq?.question.slug).toBe('begin-proceedings');
    expect(pq?.results.map((r) => [r.option.label, r.percent])).toEqual([
      ['Yes', 37],
      ['No', 59],
      ['Unsure', 4],
    ]);
    expect(pq?.breakdowns.map((b) => [b.dimension, b.subgroup, b.sampleSize, b.results.map((r) => r.percent)])).toEqual([
      ['party', 'Rep', 232, [7, 87]],
      ['party', 'Dem', 292, [61, 36]],
      ['party', 'Ind', 373, [37, 59]],
    ]);
    const audit = await t.db.auditEvent.findFirst({ where: { entity: 'Import' }, orderBy: { id: 'desc' } });
    expect(audit?.userId).toBe(userId);
    expect(JSON.parse(audit?.after ?? '{}')).toMatchObject({ file: 'fte_impeachment_polls.csv', created: 534, skippedInvalid: 5 });
    expect(await findImportMapping(t.db, p.shapeKey)).toEqual(p.mapping);
  });

  it('re-importing the same file adds nothing', async () => {
    const before = await counts();
    const summary = await commitImport(t.db, { preview: preview(fte, fteOptions), options: fteOptions, mode: 'valid-rows', fileName: 'fte.csv', userId });
    expect(summary).toMatchObject({ created: 0, skippedExisting: 534, auditId: null });
    expect(await counts()).toEqual(before);
  });

  it('imports the Kuril file into the existing question, matching its options by label', async () => {
    const kuril = text('kuril_islands_russia_polls.csv');
    const options: TImportOptions = { mode: 'all-or-nothing', dateOrder: 'mdy', questionSlug: 'kuril-transfer', questionTitle: null };
    const question = await t.db.question.findUniqueOrThrow({ where: { slug: 'kuril-transfer' }, include: { _count: { select: { asked: true } } } });
    const summary = await commitImport(t.db, { preview: preview(kuril, options), options, mode: 'all-or-nothing', fileName: 'kuril.csv', userId });
    // The seed stored these rows under other keys, so they are new to the importer.
    expect(summary.created).toBe(8);
    expect(summary.questionsCreated).toEqual([]);
    const asked = await t.db.pollQuestion.count({ where: { questionId: question.id } });
    expect(asked).toBe(question._count.asked + 8);
    const y1990 = await t.db.poll.findFirst({ where: { externalKey: { startsWith: 'import:' }, fieldStart: new Date('1990-01-01T00:00:00Z') } });
    expect(y1990).toMatchObject({ datePrecision: 'year', sampleSize: null, fieldEnd: new Date('1990-12-31T00:00:00Z') });
    const again = await commitImport(t.db, { preview: preview(kuril, options), options, mode: 'all-or-nothing', fileName: 'kuril.csv', userId });
    expect(again.created).toBe(0);
  });

  it('refuses an option the existing question lacks, and writes nothing', async () => {
    const csv = 'pollster,start,text,Maybe\nLevada Center,2019-03-01,Transfer?,50\n';
    const options: TImportOptions = { mode: 'all-or-nothing', dateOrder: 'mdy', questionSlug: 'kuril-transfer', questionTitle: null };
    const before = await counts();
    const p = prepareImport(csv, { pollster: 'pollster', start: 'fieldStart', text: 'wording', Maybe: 'result:Maybe' }, options);
    await expect(commitImport(t.db, { preview: p, options, mode: 'all-or-nothing', fileName: 'x.csv', userId })).rejects.toThrow(
      'Row 2: question “kuril-transfer” has no option “Maybe”',
    );
    expect(await counts()).toEqual(before);
  });
});
