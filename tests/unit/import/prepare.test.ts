import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeUtf8 } from '@/lib/import/encoding';
import { parseDateCell, parseNumberCell, modeOf, populationOf } from '@/lib/import/cells';
import { shapeKey } from '@/lib/import/hash';
import { describeIssue, parseCsv, prepareImport, type TImportPreview } from '@/lib/import/prepare';
import { suggestMapping } from '@/lib/import/targets';
import type { TImportOptions } from '@/lib/schemas/import';

const FIXTURES = path.join(import.meta.dirname, '..', '..', 'fixtures');
const OPTIONS: TImportOptions = { mode: 'all-or-nothing', dateOrder: 'mdy', questionSlug: 'imported', questionTitle: 'Imported' };

function fixtureText(name: string): string {
  const decoded = decodeUtf8(readFileSync(path.join(FIXTURES, name)));
  if (!decoded.ok) throw new Error(decoded.message);
  return decoded.text;
}

function prepare(text: string, options: TImportOptions = OPTIONS): TImportPreview {
  return prepareImport(text, suggestMapping(parseCsv(text).headers), options);
}

function messages(p: TImportPreview): string[] {
  return [...p.fileIssues, ...p.rows.flatMap((r) => r.errors)].map(describeIssue);
}

describe('FiveThirtyEight impeachment polls (550 rows)', () => {
  const text = fixtureText('fte_impeachment_polls.csv');
  const preview = prepare(text);

  it('suggests the mapping from the header names, party crosstabs included', () => {
    expect(preview.mapping).toMatchObject({
      Start: 'fieldStart',
      End: 'fieldEnd',
      Pollster: 'pollster',
      Sponsor: 'sponsor',
      SampleSize: 'sampleSize',
      Pop: 'population',
      Text: 'wording',
      Category: 'question',
      Yes: 'result:Yes',
      No: 'result:No',
      Unsure: 'result:Unsure',
      'Rep Sample': 'breakdown:party:Rep:n',
      'Dem Yes': 'breakdown:party:Dem:result:Yes',
      'Ind No': 'breakdown:party:Ind:result:No',
      URL: 'sourceUrls',
      Notes: 'notes',
      'Include?': 'ignore',
    });
    expect(preview.options).toEqual(['Yes', 'No', 'Unsure']);
  });

  it('reads every row: 534 valid, 11 exact duplicates skipped, 5 rows with named errors', () => {
    expect(preview.fileIssues).toEqual([]);
    expect(preview.counts).toEqual({ rows: 550, valid: 534, withErrors: 5, withWarnings: 21, duplicates: 11 });
    const errors = messages(preview);
    expect(errors).toContain('Row 388, column Yes, No, Unsure: Yes + No + Unsure = 110%: more than 100% + 1.5 points of rounding.');
    expect(errors).toContain('Row 372, column Text: The exact wording is empty.');
    expect(errors).toContain('Row 355, column Ind Yes, Ind No: Ind Yes + Ind No = 103%: more than 100% + 1.5 points of rounding.');
    expect(errors.filter((m) => m.includes('column URL') && m.includes('is not an http(s) address'))).toHaveLength(2);
    const dup = preview.rows.find((r) => r.row === 290);
    expect(dup?.duplicateOf).toBe(22);
  });

  it('turns a known row into the poll it describes (row 2: ABC News/Washington Post, 28 Jun – 1 Jul 2019)', () => {
    const r = preview.rows[0]?.record;
    expect(r).toMatchObject({
      pollster: 'ABC News/Washington Post',
      sponsor: null,
      fieldStart: { start: '2019-06-28', precision: 'day' },
      fieldEnd: { end: '2019-07-01', precision: 'day' },
      sampleSize: 1008,
      population: 'Adults',
      questionKey: 'begin_proceedings',
      results: [
        { option: 'Yes', percent: 37 },
        { option: 'No', percent: 59 },
        { option: 'Unsure', percent: 4 },
      ],
      breakdowns: [
        { dimension: 'party', subgroup: 'Rep', sampleSize: 232, results: [{ option: 'Yes', percent: 7 }, { option: 'No', percent: 87 }] },
        { dimension: 'party', subgroup: 'Dem', sampleSize: 292, results: [{ option: 'Yes', percent: 61 }, { option: 'No', percent: 36 }] },
        { dimension: 'party', subgroup: 'Ind', sampleSize: 373, results: [{ option: 'Yes', percent: 37 }, { option: 'No', percent: 59 }] },
      ],
    });
    expect(r?.wording).toMatch(/^Based on what you know, do you think Congress should or should not begin impeachment/);
    expect(r?.externalKey).toMatch(/^import:[0-9a-f]{16}$/);
    // The same file always yields the same keys: that is what makes a re-import add nothing.
    expect(prepare(text).rows[0]?.record?.externalKey).toBe(r?.externalKey);
  });

  it('expands the population codes and warns about result sets under 90%', () => {
    const pops = new Set(preview.rows.map((r) => r.record?.population).filter(Boolean));
    expect([...pops].sort()).toEqual(['Adults', 'Likely voters', 'Registered voters']);
    const row325 = preview.rows.find((r) => r.row === 325);
    expect(row325?.warnings.map(describeIssue)).toEqual(['Row 325, column Yes, No: Yes + No = 80%: under 90%; is an option missing?']);
  });
});

describe('Kuril islands polls (partial dates, missing shares)', () => {
  const preview = prepare(fixtureText('kuril_islands_russia_polls.csv'));

  it('maps the columns and keeps year and month precision', () => {
    expect(preview.mapping).toMatchObject({
      pollster: 'pollster',
      field_start: 'fieldStart',
      field_end: 'fieldEnd',
      published: 'published',
      sample_size: 'sampleSize',
      question_summary: 'wording',
      pct_for_transfer: 'result:For',
      pct_against_transfer: 'result:Against',
      pct_dont_know: "result:Don't know",
      source_url: 'sourceUrls',
    });
    expect(preview.counts).toMatchObject({ rows: 8, valid: 8, withErrors: 0 });
    const first = preview.rows[0]?.record;
    expect(first).toMatchObject({ datePrecision: 'year', fieldStart: { start: '1990-01-01' }, fieldEnd: { end: '1990-12-31' }, sampleSize: null });
    expect(first?.results).toEqual([
      { option: 'For', percent: 11 },
      { option: 'Against', percent: 67 },
    ]);
    const may2016 = preview.rows[3]?.record;
    expect(may2016).toMatchObject({ datePrecision: 'month', fieldStart: { start: '2016-05-01' }, fieldEnd: { end: '2016-05-31' } });
    expect(may2016?.sourceUrls).toHaveLength(3);
  });

  it('keeps the Levada 2018 poll exact: 17 / 74 / 9, n = 1600, face-to-face', () => {
    const r = preview.rows[4]?.record;
    expect(r).toMatchObject({ sampleSize: 1600, mode: 'face-to-face', fieldStart: { start: '2018-11-22' }, fieldEnd: { end: '2018-11-28' } });
    expect(r?.results.map((x) => x.percent)).toEqual([17, 74, 9]);
  });

  it('reads the VCIOM telephone mode and the only-one-share row', () => {
    expect(preview.rows[5]?.record?.mode).toBe('telephone');
    expect(preview.rows[7]?.record?.results).toEqual([{ option: 'Against', percent: 93 }]);
  });
});

describe('a broken copy of the impeachment file', () => {
  const original = fixtureText('fte_impeachment_polls.csv');
  const lines = original.split('\n');

  it('refuses non-UTF-8 bytes (Windows-1251) with the message to save as UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from(lines.slice(0, 3).join('\n') + '\n', 'utf8'), Buffer.from([0xcf, 0xf0, 0xee, 0xf1, 0x2c, 0x0a])]);
    const decoded = decodeUtf8(bytes);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) {
      expect(decoded.message).toMatch(/^The file is not UTF-8: save it as UTF-8 and retry\./);
      expect(decoded.message).toContain('line 4');
    }
    const latin1 = decodeUtf8(Buffer.from('pollster,notes\nIfop,sond\xe9 en ligne\n', 'latin1'));
    expect(latin1.ok).toBe(false);
    if (!latin1.ok) expect(latin1.message).toContain('Latin-1');
  });

  it('names a missing required column', () => {
    const header = lines[0]?.replace('Pollster', 'Firm Name') ?? '';
    const p = prepare([header, ...lines.slice(1)].join('\n'));
    expect(messages(p)).toContain('Missing required column: no column is mapped to Pollster. Map one, or add the column to the file.');
  });

  it('names the row and column of 2/30/2019 and of "abc" in a number column', () => {
    const row2 = (lines[1] ?? '').replace(/^6\/28\/2019/, '2/30/2019').replace(',1008,', ',abc,');
    const row3 = (lines[2] ?? '').replace(',37,56,6,', ',37,abc,6,');
    const p = prepare([lines[0], row2, row3, ...lines.slice(3)].join('\n'));
    const errors = messages(p);
    expect(errors).toContain('Row 2, column Start: “2/30/2019” is not a real date (read as month/day/year).');
    expect(errors).toContain('Row 2, column SampleSize: “abc” is not a number.');
    expect(errors).toContain('Row 3, column No: “abc” is not a number.');
    expect(p.rows[0]?.record).toBeNull();
  });

  it('refuses dates in the future and an end before the start', () => {
    const future = (lines[1] ?? '').replace(/^6\/28\/2019,7\/1\/2019/, '6/28/2019,7/1/2999');
    const backwards = (lines[2] ?? '').replace(/^4\/22\/2019,4\/25\/2019/, '4/22/2019,4/20/2019');
    const errors = messages(prepare([lines[0], future, backwards].join('\n')));
    expect(errors).toContain('Row 2, column End: 2999-07-01 is in the future.');
    expect(errors).toContain('Row 3, column End: Field end (2019-04-20) is before field start (2019-04-22).');
  });
});

describe('cells and keys', () => {
  it('parses the date forms the importer promises', () => {
    expect(parseDateCell('2019')).toEqual({ ok: true, value: { start: '2019-01-01', end: '2019-12-31', precision: 'year' } });
    expect(parseDateCell('2016-05')).toEqual({ ok: true, value: { start: '2016-05-01', end: '2016-05-31', precision: 'month' } });
    expect(parseDateCell('2/28/2019')).toMatchObject({ ok: true, value: { start: '2019-02-28' } });
    expect(parseDateCell('28/2/2019', 'dmy')).toMatchObject({ ok: true, value: { start: '2019-02-28' } });
    expect(parseDateCell('29.02.2020')).toMatchObject({ ok: true, value: { start: '2020-02-29' } });
    expect(parseDateCell('29.02.2019')).toMatchObject({ ok: false });
    expect(parseDateCell('2019-13')).toMatchObject({ ok: false });
    expect(parseDateCell('yesterday')).toMatchObject({ ok: false });
  });

  it('parses numbers strictly', () => {
    expect(parseNumberCell('1,600')).toEqual({ ok: true, value: 1600 });
    expect(parseNumberCell('45%')).toEqual({ ok: true, value: 45 });
    expect(parseNumberCell('')).toEqual({ ok: true, value: null });
    expect(parseNumberCell('1.6 thousand')).toMatchObject({ ok: false });
    expect(parseNumberCell('0x10')).toMatchObject({ ok: false });
  });

  it('maps modes and populations', () => {
    expect(modeOf('telephone, stratified dual-frame (landline+mobile) random sample').mode).toBe('telephone');
    expect(modeOf('door-to-door, workplaces and public places').mode).toBe('face-to-face');
    expect(modeOf('online panel and telephone').mode).toBe('mixed');
    expect(modeOf('online')).toEqual({ mode: 'online', detail: null });
    expect(populationOf('rv')).toBe('Registered voters');
    expect(populationOf('Russia adults 18+')).toBe('Russia adults 18+');
  });

  it('keys a file shape by its sorted header row', () => {
    expect(shapeKey(['b', 'A'])).toBe(shapeKey(['a', 'B']));
    expect(shapeKey(['a', 'b'])).not.toBe(shapeKey(['a', 'c']));
  });
});
