import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitImport, findImportMapping } from '@/lib/import/commit';
import { importOptions, parseCsv, planImport } from '@/lib/import/prepare';
import { runImport } from '@/lib/import/run';
import { undoImport } from '@/lib/writes/import-undo';
import type { TImportOptions } from '@/lib/import/options';
import { createTempDatabase, type TempDatabase } from '../support/temp-db';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures');

/**
 * Every published file and every variant goes in as published (only the editor's choices: a
 * question for files without one, the year of day-month dates), the identity
 * `rows in = stored + refused + duplicates` holds against a row count made independently (lines of
 * the file, papaparse not involved), and a second import adds nothing.
 */
const CHOICES: Record<string, Partial<TImportOptions>> = {
  'kuril_islands_russia_polls.csv': { questionSlug: 'kuril-transfer' },
  'levada_putin_approval_monthly_1999_2020.csv': { questionSlug: 'putin-approval', questionTitle: 'Do you approve of Putin?' },
  'levada_cp1251.csv': { questionSlug: 'putin-approval' },
  'levada_koi8r.csv': { questionSlug: 'putin-approval' },
  'levada_day_month_no_year.csv': { questionSlug: 'putin-approval', firstYear: 2020 },
};

/** Expected refused rows per file, from reading the files (sums over 100 + rounding, an empty question, end before start). */
const REFUSED: Record<string, number> = {
  'fte_impeachment_polls.csv': 3,
  'impeachment_windows1252.csv': 3,
  'fte_august_senate_polls.csv': 1,
  'senate_decimal_comma.csv': 1,
  // the same three polls, one row per option and party subgroup (9 + 6 + 9 rows)
  'impeachment_long.csv': 24,
};

const files = [
  ...readdirSync(FIXTURES).filter((f) => f.endsWith('.csv')),
  ...readdirSync(path.join(FIXTURES, 'import'))
    .filter((f) => f.endsWith('.csv'))
    .map((f) => `import/${f}`),
];

/** Data rows counted from the decoded text without the CSV parser: non-blank lines outside quotes, minus the header. */
function countRows(text: string): number {
  let rows = 0;
  let inQuotes = false;
  let lineHasContent = false;
  for (const ch of text) {
    if (ch === '"') inQuotes = !inQuotes;
    if (ch === '\n' && !inQuotes) {
      if (lineHasContent) rows += 1;
      lineHasContent = false;
    } else if (ch !== '\r' && ch.trim() !== '') lineHasContent = true;
  }
  if (lineHasContent) rows += 1;
  return rows - 1;
}

describe('every fixture imports as published, with the identity shown, and re-import adds nothing', () => {
  let t: TempDatabase;
  beforeAll(async () => {
    t = await createTempDatabase('pollboard-test-', { seeded: true });
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it.each(files)('%s', async (file) => {
    const name = path.basename(file);
    const bytes = new Uint8Array(readFileSync(path.join(FIXTURES, file)));
    // A fresh question per file: variants of one file would otherwise be duplicates of each other.
    const polls = await t.db.poll.findMany({ where: { externalKey: { startsWith: 'import:' } }, select: { id: true } });
    await t.db.poll.deleteMany({ where: { id: { in: polls.map((p) => p.id) } } });
    const options = importOptions(CHOICES[name] ?? {});
    const first = await runImport({ db: t.db, bytes, encoding: 'auto', mapping: 'auto', options, fileName: name, userId: null });
    const decoded = new TextDecoder(first.encoding).decode(bytes);
    const rowsIn = countRows(decoded.replace(/^\uFEFF/, ''));
    expect(first.refusal).toBeNull();
    const s = first.summary;
    if (!s) throw new Error('no summary');
    expect(s.rowsIn).toBe(rowsIn);
    expect(s.stored + s.refused + s.duplicates).toBe(rowsIn);
    expect(s.identity).toBe(`rows in ${rowsIn} = stored ${s.stored} + refused ${s.refused} + duplicates ${s.duplicates}`);
    expect(s.refused).toBe(REFUSED[name] ?? 0);
    expect(s.stored).toBeGreaterThan(0);
    // Stored rows are in the database: polls created = polls planned, less those the database already
    // holds with the same figures (the Kuril file repeats polls the demo seed has).
    expect(await t.db.poll.count({ where: { externalKey: { startsWith: 'import:' } } })).toBe(s.pollsCreated);
    expect(s.stored + s.alreadyStored).toBe(first.plan.counts.stored);
    expect(s.pollsCreated).toBe(first.plan.counts.polls - (name === 'kuril_islands_russia_polls.csv' ? s.alreadyStored : 0));

    const second = await runImport({ db: t.db, bytes, encoding: 'auto', mapping: 'auto', options, fileName: name, userId: null });
    expect(second.summary).toMatchObject({ rowsIn, stored: 0, refused: s.refused, duplicates: rowsIn - s.refused, pollsCreated: 0 });
  });
});

describe('commit, remembered mapping and undo on a real database', () => {
  let t: TempDatabase;
  beforeAll(async () => {
    t = await createTempDatabase('pollboard-test-', { seeded: true });
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

  it('writes the impeachment polls with party breakdowns, remembers the mapping, and undoes the import in one audited step', async () => {
    const before = await counts();
    const bytes = new Uint8Array(readFileSync(path.join(FIXTURES, 'fte_impeachment_polls.csv')));
    const { plan, summary } = await runImport({
      db: t.db,
      bytes,
      encoding: 'auto',
      mapping: 'auto',
      options: importOptions(),
      fileName: 'fte.csv',
      userId: null,
    });
    if (!summary?.auditId) throw new Error('no audit');
    expect(summary.pollsCreated).toBe(537);
    expect(await findImportMapping(t.db, plan.shapeKey)).toEqual(plan.mapping);
    const abc = await t.db.poll.findFirst({
      where: { pollster: { name: 'ABC News/Washington Post' }, fieldStart: new Date('2019-06-28T00:00:00Z') },
      include: {
        questions: {
          include: {
            results: { include: { option: true }, orderBy: { option: { position: 'asc' } } },
            breakdowns: { orderBy: { position: 'asc' }, include: { results: true } },
            question: true,
          },
        },
      },
    });
    expect(abc).toMatchObject({ sampleSize: 1008, population: 'Adults' });
    expect(abc?.questions[0]?.question.slug).toBe('begin-proceedings');
    expect(abc?.questions[0]?.results.map((r) => [r.option.label, r.percent])).toEqual([
      ['Yes', 37],
      ['No', 59],
      ['Unsure', 4],
    ]);
    expect(abc?.questions[0]?.breakdowns.map((b) => [b.subgroup, b.sampleSize, b.results.map((r) => r.percent).sort((a, b2) => a - b2)])).toEqual([
      ['Rep', 232, [7, 87]],
      ['Dem', 292, [36, 61]],
      ['Ind', 373, [37, 59]],
    ]);
    const undo = await undoImport(t.db, summary.auditId, null);
    expect(undo).toMatchObject({ pollsDeleted: 537, questionsDeleted: 8 });
    expect(await counts()).toEqual(before);
    expect(await t.db.auditEvent.count({ where: { entity: 'Import', action: 'undo', entityId: `undo:${summary.auditId}` } })).toBe(1);
    await expect(undoImport(t.db, summary.auditId, null)).rejects.toThrow(/already undone/);
  });

  it('all or nothing: a file with refused rows writes nothing and says which rows', async () => {
    const before = await counts();
    const text = readFileSync(path.join(FIXTURES, 'fte_impeachment_polls.csv'), 'utf8');
    const csv = parseCsv(text);
    const { mapping } = await import('@/lib/import/presets').then((m) => m.autoMapping(csv.headers, csv.rows));
    const options = importOptions({ mode: 'all-or-nothing' });
    const p = planImport(csv.headers, csv.rows, mapping, options, csv.issues);
    await expect(commitImport(t.db, { plan: p, options, fileName: 'fte.csv', userId: null })).rejects.toThrow(
      /^Nothing was imported: 3 rows have errors \(all or nothing\)\. Row 355/,
    );
    expect(await counts()).toEqual(before);
  });
});

describe('property: generated files round-trip without loss', () => {
  let t: TempDatabase;
  beforeAll(async () => {
    t = await createTempDatabase();
  });
  afterAll(async () => {
    await t.cleanup();
  });

  const pollster = fc.constantFrom('Ipsos', 'Høyre Research', 'Левада-Центр', 'YouGov, Inc.', 'Pew "Center"');
  const row = fc.record({
    pollster,
    day: fc.integer({ min: 0, max: 3000 }),
    n: fc.option(fc.integer({ min: 50, max: 5000 }), { nil: null }),
    yes: fc.integer({ min: 0, max: 60 }),
    no: fc.integer({ min: 0, max: 40 }),
    question: fc.constantFrom('approval', 'impeach'),
  });
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

  it('wide and long files of random polls store exactly the distinct polls, and every row is accounted for', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 40 }), fc.boolean(), fc.constantFrom('utf-8', 'utf-16le'), async (rows, long, encoding) => {
        await t.db.poll.deleteMany({});
        const iso = (d: number) => new Date(Date.UTC(2010, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
        let text: string;
        if (long) {
          text = 'poll,pollster,date,question,sample_size,option,value\n';
          rows.forEach((r, i) => {
            for (const [option, value] of [
              ['Yes', r.yes],
              ['No', r.no],
            ] as const)
              text += `${i},${quote(r.pollster)},${iso(r.day)},${r.question},${r.n ?? 'NA'},${option},${value}\n`;
          });
        } else {
          text =
            'Pollster,Date,Question,SampleSize,Yes,No\n' +
            rows.map((r) => `${quote(r.pollster)},${iso(r.day)},${r.question},${r.n ?? 'NA'},${r.yes},${r.no}`).join('\n') +
            '\n';
        }
        const bytes = encoding === 'utf-8' ? new TextEncoder().encode(text) : new Uint8Array(Buffer.from(`\uFEFF${text}`, 'utf16le'));
        const { summary } = await runImport({
          db: t.db,
          bytes,
          encoding: 'auto',
          mapping: 'auto',
          options: importOptions(),
          fileName: 'gen.csv',
          userId: null,
        });
        // Independent expectation: distinct (pollster, day, question, n, yes, no) tuples; each row is one of them.
        const distinct = new Set(rows.map((r) => JSON.stringify([r.pollster.toLowerCase(), r.day, r.question, r.n, r.yes, r.no])));
        const rowsIn = long ? rows.length * 2 : rows.length;
        expect(summary?.pollsCreated).toBe(distinct.size);
        expect(summary?.refused).toBe(0);
        expect((summary?.stored ?? 0) + (summary?.duplicates ?? 0)).toBe(rowsIn);
        const stored = await t.db.poll.findMany({
          include: { pollster: true, questions: { include: { question: true, results: { include: { option: true } } } } },
        });
        const got = new Set(
          stored.map((p) => {
            const pq = p.questions[0];
            const share = (label: string) => pq?.results.find((r) => r.option.label === label)?.percent;
            return JSON.stringify([
              p.pollster.name.toLowerCase(),
              Math.round(((p.fieldStart?.getTime() ?? 0) - Date.UTC(2010, 0, 1)) / 86_400_000),
              pq?.question.slug,
              p.sampleSize,
              share('Yes'),
              share('No'),
            ]);
          }),
        );
        expect(got).toEqual(distinct);
      }),
      { numRuns: 25 },
    );
  });
});
