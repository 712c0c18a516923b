import { readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { YearTracker, expandYear, parseCountCell, parseDateSpan, parseNumberCell, resolveSpan } from '@/lib/import/cells';
import { decodeBytes, detectEncoding } from '@/lib/import/encoding';
import { autoMapping } from '@/lib/import/presets';
import { describeIssue, identityLine, importOptions, parseCsv, planImport, type TImportPlan } from '@/lib/import/prepare';
import { isIdLike, suggestMapping } from '@/lib/import/targets';
import { optionKey } from '@/lib/schemas/question';
import type { TImportOptions } from '@/lib/import/options';
import { slugify } from '@/lib/format/slug';

const FIXTURES = path.join(import.meta.dirname, '..', '..', 'fixtures');

function plan(text: string, options: Partial<TImportOptions> = {}, mapping?: Record<string, string>): TImportPlan {
  const csv = parseCsv(text);
  const auto = autoMapping(csv.headers, csv.rows.slice(0, 500));
  return planImport(csv.headers, csv.rows, mapping ?? auto.mapping, importOptions({ ...auto.options, ...options }), csv.issues);
}

function day(raw: string, order: 'mdy' | 'dmy' = 'mdy', year: number | null = null): string {
  const span = parseDateSpan(raw, order);
  if (!span.ok) return span.message;
  const r = resolveSpan(span.value, year);
  if (!r.ok) return r.message;
  return `${r.value.from.start}..${r.value.to.end}`;
}

describe('dates as published', () => {
  it('reads ISO, two- and four-digit years in either order, month names and ranges in one cell', () => {
    expect(day('2019-11-22')).toBe('2019-11-22..2019-11-22');
    expect(day('6/9/17')).toBe('2017-06-09..2017-06-09');
    expect(day('10/13/98')).toBe('1998-10-13..1998-10-13');
    expect(day('6/9/17', 'dmy')).toBe('2017-09-06..2017-09-06');
    expect(day('30.08.2016')).toBe('2016-08-30..2016-08-30');
    expect(day('31 Jul 2019')).toBe('2019-07-31..2019-07-31');
    expect(day('July 31, 2019')).toBe('2019-07-31..2019-07-31');
    expect(day('27–28 Jul 2019')).toBe('2019-07-27..2019-07-28');
    expect(day('Jul 27-28, 2019')).toBe('2019-07-27..2019-07-28');
    expect(day('27 Feb – 1 Mar 2018')).toBe('2018-02-27..2018-03-01');
    expect(day('1/5/2019 to 1/8/2019')).toBe('2019-01-05..2019-01-08');
    expect(day('2019-11')).toBe('2019-11-01..2019-11-30');
    expect(day('1990')).toBe('1990-01-01..1990-12-31');
  });

  it('takes the year for day-month dates from the editor, and crosses New Year inside a range', () => {
    expect(day('31 Jul')).toMatch(/has no year/);
    expect(day('31 Jul', 'mdy', 2019)).toBe('2019-07-31..2019-07-31');
    expect(day('11 Nov – 7 Mar', 'mdy', 2020)).toBe('2019-11-11..2020-03-07');
    expect(day('28 Dec – 3 Jan', 'mdy', 2020)).toBe('2019-12-28..2020-01-03');
  });

  it('follows a file in order across New Year, oldest or newest first', () => {
    const up = new YearTracker(2019);
    expect(
      [
        { m: 12, d: 15 },
        { m: 12, d: 28 },
        { m: 1, d: 4 },
        { m: 2, d: 1 },
      ].map((p) => up.yearFor({ y: null, ...p })),
    ).toEqual([2019, 2019, 2020, 2020]);
    const down = new YearTracker(2020);
    expect(
      [
        { m: 1, d: 10 },
        { m: 1, d: 3 },
        { m: 12, d: 28 },
        { m: 11, d: 2 },
      ].map((p) => down.yearFor({ y: null, ...p })),
    ).toEqual([2020, 2020, 2019, 2019]);
  });

  it('refuses impossible days and names the reading', () => {
    expect(day('2/30/2019')).toMatch(/not a real date/);
    expect(day('yesterday')).toMatch(/is not a date/);
    expect(expandYear(98, new Date('2026-01-01'))).toBe(1998);
    expect(expandYear(27, new Date('2026-01-01'))).toBe(2027);
  });
});

describe('numbers as published', () => {
  it('reads %, thousands separators, decimal comma and the usual missing markers', () => {
    expect(parseNumberCell('45%')).toEqual({ ok: true, value: 45 });
    expect(parseNumberCell('1,600')).toEqual({ ok: true, value: 1600 });
    expect(parseNumberCell('45,5', 'comma')).toEqual({ ok: true, value: 45.5 });
    expect(parseNumberCell('1.600', 'comma')).toEqual({ ok: true, value: 1600 });
    expect(parseNumberCell('1 600', 'comma')).toEqual({ ok: true, value: 1600 });
    for (const missing of ['NA', 'N/A', 'n/a', '–', '—', '-', '*', '', '  ']) expect(parseNumberCell(missing)).toEqual({ ok: true, value: null });
    expect(parseNumberCell('45,5')).toMatchObject({ ok: false, message: expect.stringMatching(/decimal comma/) });
  });

  it('rounds a fractional n and says so', () => {
    expect(parseCountCell('852.5')).toEqual({ ok: true, value: { value: 853, rounded: true } });
    expect(parseCountCell('1,008')).toEqual({ ok: true, value: { value: 1008, rounded: false } });
    expect(parseCountCell('0')).toMatchObject({ ok: false });
  });
});

describe('nothing silently dropped', () => {
  const header = 'Pollster,Start,End,Question,SampleSize,Yes,No\n';

  it('skips only exact duplicates; the same pollster, day and question with other figures is kept and flagged', () => {
    // The Pew case of the issue: same pollster, same day, two different polls.
    const text = `${header}Pew,2019-09-03,2019-09-15,impeach,3184,48,39\nPew,2019-09-03,2019-09-15,impeach,743,46,44\nPew,2019-09-03,2019-09-15,impeach,3184,48,39\n`;
    const p = plan(text);
    expect(p.counts).toMatchObject({ rowsIn: 3, stored: 2, refused: 0, duplicates: 1, possibleDuplicates: 1 });
    expect(p.records.map((r) => r.sampleSize)).toEqual([3184, 743]);
    expect(p.outcomes.find((o) => o.row === 4)).toMatchObject({ status: 'duplicate', duplicateOf: 2 });
    expect(p.outcomes.find((o) => o.row === 3)?.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/^Possible duplicate of row 2/)]);
  });

  it('lists every refused row with row, column and reason, and the identity holds', () => {
    const text = `${header}Pew,2019-09-03,2019-09-15,impeach,1000,60,50\n,2019-09-03,2019-09-15,impeach,1000,40,50\nPew,someday,2019-09-15,impeach,1000,40,50\nPew,2019-09-04,2019-09-15,impeach,n/a,40,55\n`;
    const p = plan(text);
    expect(p.counts).toMatchObject({ rowsIn: 4, stored: 1, refused: 3, duplicates: 0 });
    expect(p.outcomes.filter((o) => o.status === 'refused').flatMap((o) => o.errors.map(describeIssue))).toEqual([
      'Row 2, column Yes, No: Yes + No = 110%: more than 100% + 1.5 points of rounding.',
      'Row 3, column Pollster: Pollster is empty.',
      expect.stringMatching(/^Row 4, column Start: “someday” is not a date/),
    ]);
    expect(p.records[0]?.sampleSize).toBeNull();
    expect(identityLine(p.counts)).toBe('rows in 4 = stored 1 + refused 3 + duplicates 0');
  });
});

describe('shapes', () => {
  it('pivots a long file: the identifying columns make one poll of several rows', () => {
    const text =
      'poll_id,pollster,date,question,subgroup,option,value\n' +
      '1,Ipsos,2019-05-01,approval,,Approve,40\n1,Ipsos,2019-05-01,approval,,Disapprove,55\n1,Ipsos,2019-05-01,approval,Rep,Approve,85\n' +
      '2,Ipsos,2019-06-01,approval,,Approve,42\n2,Ipsos,2019-06-01,approval,,Approve,42\n2,Ipsos,2019-06-01,approval,,Disapprove,53\n';
    const p = plan(text);
    expect(p.mapping).toMatchObject({ poll_id: 'pollKey', option: 'option', value: 'value', subgroup: 'breakdownSubgroup', question: 'question' });
    expect(p.counts).toMatchObject({ rowsIn: 6, stored: 5, refused: 0, duplicates: 1, polls: 2 });
    expect(p.records[0]).toMatchObject({
      rows: [2, 3, 4],
      results: [
        { option: 'Approve', percent: 40 },
        { option: 'Disapprove', percent: 55 },
      ],
      breakdowns: [{ subgroup: 'Rep', results: [{ option: 'Approve', percent: 85 }] }],
    });
    expect(p.outcomes.find((o) => o.row === 6)).toMatchObject({ status: 'duplicate', duplicateOf: 5 });
  });

  it('reads crosstab columns by header pattern', () => {
    const m = suggestMapping(['Pollster', 'Date', 'Favor', 'Oppose', 'Favor (Republican)', 'Republican Oppose', 'Dem Favor', 'Question']);
    expect(m).toMatchObject({
      Favor: 'result:Favor',
      Oppose: 'result:Oppose',
      'Favor (Republican)': 'breakdown:party:Republican:result:Favor',
      'Republican Oppose': 'breakdown:party:Republican:result:Oppose',
      'Dem Favor': 'breakdown:party:Dem:result:Favor',
      Question: 'question',
    });
  });

  it('labels options from another column (cand1_name labels cand1_pct) and keeps same-named candidates apart', () => {
    const text =
      'race,pollster,polldate,samplesize,cand1_name,cand1_pct,cand2_name,cand2_pct\n2008_Sen_X,Foo Poll,10/1/2008,600.5,Ann Smith,48,Bob Jones,44\n2008_House_G,Foo Poll,10/1/2008,600,Generic Candidate,46,Generic Candidate,48\n';
    const p = plan(text);
    expect(p.records[0]?.results).toEqual([
      { option: 'Ann Smith', percent: 48 },
      { option: 'Bob Jones', percent: 44 },
    ]);
    expect(p.records[0]?.sampleSize).toBe(601);
    expect(p.outcomes.find((o) => o.row === 2)?.warnings.map(describeIssue)).toEqual([
      'Row 2, column samplesize: n = 600.5 is not a whole number; stored as 601.',
    ]);
    expect(p.records[1]?.results.map((r) => r.option)).toEqual(['Generic Candidate', 'Generic Candidate (Candidate 2)']);
    expect(p.questions.map((q) => q.slug)).toEqual(['2008-sen-x', '2008-house-g']);
  });

  it('never offers an id column as the question, nor a Question column as the wording', () => {
    const ids = Array.from({ length: 40 }, (_, i) => [String(1000 + i)]);
    expect(isIdLike('question_id', [])).toBe(true);
    expect(
      isIdLike(
        'series',
        ids.map((r) => r[0] ?? ''),
      ),
    ).toBe(true);
    expect(suggestMapping(['series', 'Pollster'], ids).series).toBe('ignore');
    expect(suggestMapping(['Question', 'Text']).Question).toBe('question');
  });

  it('asks before creating more than 50 questions', () => {
    const rows = Array.from({ length: 60 }, (_, i) => `q${i},Pew,2019-01-01,50,50`).join('\n');
    const p = plan(`Question,Pollster,Date,Yes,No\n${rows}\n`);
    expect(p.fileIssues.map((i) => i.message)).toEqual([expect.stringMatching(/^This mapping gives 60 questions \(more than 50\)/)]);
    expect(plan(`Question,Pollster,Date,Yes,No\n${rows}\n`, { confirmManyQuestions: true }).fileIssues).toEqual([]);
  });

  it('names 501 and 1,000 columns and blank or repeated headers uniquely', () => {
    for (const n of [501, 1000]) {
      const headers = ['Pollster', 'Date', 'Yes', ...Array.from({ length: n - 3 }, (_, i) => `extra ${i}`)];
      const text = `${headers.join(',')}\n${['Pew', '2019-01-01', '50', ...Array.from({ length: n - 3 }, () => '1')].join(',')}\n`;
      const p = plan(text, { questionSlug: 'q' });
      expect(p.headers).toHaveLength(n);
      expect(p.counts).toMatchObject({ rowsIn: 1, stored: 1 });
    }
    expect(parseCsv('Others,,Others\n1,2,3\n').headers).toEqual(['Others', 'Column 2', 'Others (2)']);
  });
});

describe('encodings', () => {
  const text = 'Pollster,Date,Question,Approve,Disapprove\nЛевада-Центр,2019-05-01,Путин,64,32\n';

  it('detects UTF-16 with or without a BOM, UTF-8 with a BOM, and never yields NUL-filled headers', () => {
    const ascii = 'Pollster,Date,Yes,No\nPew,2019-01-01,50,45\n'.repeat(20);
    const le = new Uint8Array(Buffer.from(ascii, 'utf16le'));
    const be = new Uint8Array(Buffer.from(ascii, 'utf16le').swap16());
    expect(detectEncoding(le)).toMatchObject({ encoding: 'utf-16le', bom: false });
    expect(detectEncoding(be)).toMatchObject({ encoding: 'utf-16be', bom: false });
    expect(detectEncoding(new Uint8Array([0xff, 0xfe, ...le]))).toMatchObject({ encoding: 'utf-16le', bom: true });
    expect(detectEncoding(new Uint8Array([0xfe, 0xff, ...be]))).toMatchObject({ encoding: 'utf-16be', bom: true });
    const decoded = decodeBytes(le, 'utf-16le');
    expect(decoded.ok && parseCsv(decoded.text).headers).toEqual(['Pollster', 'Date', 'Yes', 'No']);
    const wrong = decodeBytes(le, 'windows-1252');
    expect(wrong).toMatchObject({ ok: false, message: expect.stringMatching(/NUL characters/) });
  });

  it.each([
    ['windows-1251', 'win1251'],
    ['koi8-r', 'koi8-r'],
  ] as const)('detects %s and decodes the Cyrillic names', (encoding, iconvName) => {
    const bytes = new Uint8Array(iconv.encode(text.repeat(5), iconvName));
    expect(detectEncoding(bytes).encoding).toBe(encoding);
    const decoded = decodeBytes(bytes, encoding);
    expect(decoded.ok && parseCsv(decoded.text).rows[0]?.[0]).toBe('Левада-Центр');
  });

  it('detects Shift_JIS, Windows-1252 and ISO-8859-1', () => {
    const jp = new Uint8Array(
      iconv.encode('調査会社,日付,支持する,支持しない\n朝日新聞,2019-05-01,45,30\nNHK世論調査,2019-06-01,44,31\n'.repeat(5), 'shift_jis'),
    );
    expect(detectEncoding(jp).encoding).toBe('shift_jis');
    const cp1252 = new Uint8Array(iconv.encode('Pollster,Wording\nIpsos,“Do you approve of Trump’s handling?”\n'.repeat(10), 'win1252'));
    expect(detectEncoding(cp1252).encoding).toBe('windows-1252');
    const latin1 = new Uint8Array(iconv.encode('Pollster,Candidate\nEncuesta Pública,José Peñalosa\n'.repeat(10), 'latin1'));
    expect(detectEncoding(latin1).encoding).toBe('iso-8859-1');
    expect(decodeBytes(latin1, 'utf-8')).toMatchObject({ ok: false, message: expect.stringMatching(/not valid UTF-8 \(first invalid byte on line 2\)/) });
  });
});

describe('slugs and keys keep every letter', () => {
  it('transliterates with a maintained table and never drops letters', () => {
    expect(slugify('Høyre')).toBe('hoyre');
    expect(slugify('Путин')).toBe('putin');
    expect(slugify('Øptimus Analytics')).toBe('optimus-analytics');
    expect(optionKey('Høyre')).toBe('hoyre');
    expect(optionKey("Don't know")).toBe('dont_know');
  });
});

describe('published fixtures', () => {
  const read = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

  it('FiveThirtyEight impeachment polls: every row accounted for, with the refused rows named', () => {
    const p = plan(read('fte_impeachment_polls.csv'));
    expect(p.counts).toMatchObject({ rowsIn: 550, stored: 537, refused: 3, duplicates: 10 });
    expect(p.outcomes.filter((o) => o.status === 'refused').map((o) => o.row)).toEqual([355, 372, 388]);
    expect(p.outcomes.filter((o) => o.status === 'duplicate').map((o) => [o.row, o.duplicateOf])).toEqual([
      [281, 101],
      [282, 102],
      [283, 104],
      [284, 105],
      [285, 106],
      [286, 107],
      [287, 117],
      [288, 118],
      [289, 249],
      [290, 22],
    ]);
  });

  it('FiveThirtyEight raw polls: candidate names as options, fractional n rounded with a warning', () => {
    const p = plan(read('fte_raw_polls_1998_2009.csv'));
    expect(p.counts).toMatchObject({ rowsIn: 5011, refused: 0 });
    expect(p.counts.stored + p.counts.duplicates).toBe(5011);
    const rounded = p.outcomes.filter((o) => o.warnings.some((w) => /is not a whole number/.test(w.message)));
    expect(rounded).toHaveLength(19);
    const first = p.records[0];
    expect(first).toMatchObject({ pollster: 'Blum & Weprin Associates', questionSlug: '1998-gov-g-ny', sampleSize: 364, fieldEnd: { end: '1998-10-13' } });
    expect(first?.results).toEqual([
      { option: 'Peter Vallone', percent: 26 },
      { option: 'George Pataki', percent: 57 },
      { option: 'Third candidate', percent: 9 },
    ]);
  });
});
