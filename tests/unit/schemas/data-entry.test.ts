import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ZIndicatorInput, ZIndicatorUpdateInput } from '@/lib/schemas/indicator';
import { ZImportOptions, ZImportRequest } from '@/lib/import/options';
import { ZObservationInput, parsePeriod } from '@/lib/schemas/observation';
import { ZPollInput, ZPollUpdateInput, pollWarnings } from '@/lib/schemas/poll';
import { ZPollsterInput } from '@/lib/schemas/pollster';
import { ZQuestionInput, optionKey, optionsToText } from '@/lib/schemas/question';

/** path → messages, the way the forms show them. */
function errorsOf(schema: z.ZodType, input: unknown): Record<string, string[]> {
  const r = schema.safeParse(input);
  if (r.success) return {};
  const out: Record<string, string[]> = {};
  for (const issue of r.error.issues) (out[issue.path.map(String).join('.') || '_form'] ??= []).push(issue.message);
  return out;
}

/** The Levada Center poll of 22–28 Nov 2018, as the form posts it. */
const levada = {
  pollsterId: '1',
  newPollsterName: '',
  sponsorName: '',
  fieldStart: '2018-11-22',
  fieldEnd: '2018-11-28',
  publishedAt: '2018-11-30',
  population: 'Russia adults 18+',
  mode: 'face-to-face',
  sampleSize: '1600',
  reportedMoe: '3.4',
  moeConfidence: '95',
  designEffect: '',
  weighting: 'sex, age, education, settlement type',
  sourceUrls: 'https://www.levada.ru/2018/12/03/kurily/\nhttps://www.ng.ru/news/634037.html',
  notes: '',
  questions: [
    {
      questionId: '3',
      wording: 'Would you support or oppose transferring several Kuril islands to Japan for a peace treaty?',
      results: [
        { optionId: '7', percent: '17' },
        { optionId: '8', percent: '74' },
        { optionId: '9', percent: '9' },
      ],
      breakdowns: [
        {
          dimension: 'age',
          subgroup: '18–24',
          sampleSize: '180',
          results: [
            { optionId: '7', percent: '25' },
            { optionId: '8', percent: '66' },
          ],
        },
      ],
    },
  ],
};

describe('ZPollInput', () => {
  it('accepts the Levada poll and converts the form strings', () => {
    const p = ZPollInput.parse(levada);
    expect(p).toMatchObject({
      pollsterId: 1,
      sampleSize: 1600,
      reportedMoe: 3.4,
      moeConfidence: 95,
      designEffect: null,
      mode: 'face-to-face',
      sponsorName: null,
    });
    expect(p.sourceUrls).toEqual(['https://www.levada.ru/2018/12/03/kurily/', 'https://www.ng.ru/news/634037.html']);
    expect(p.questions[0]?.results.map((r) => r.percent)).toEqual([17, 74, 9]);
    expect(p.questions[0]?.breakdowns[0]).toMatchObject({ subgroup: '18–24', sampleSize: 180 });
    expect(pollWarnings(p)).toEqual([]);
  });

  it('accepts "not disclosed" instead of n, and a new pollster by name', () => {
    const p = ZPollInput.parse({ ...levada, pollsterId: 'new', newPollsterName: 'FOM', sampleSize: '', sampleSizeUndisclosed: 'on' });
    expect(p).toMatchObject({ pollsterId: null, newPollsterName: 'FOM', sampleSize: null, sampleSizeUndisclosed: true });
  });

  it.each([
    [{ sampleSize: '' }, 'sampleSize', 'Sample size (n): enter n, or tick “not disclosed”.'],
    [{ sampleSize: '0' }, 'sampleSize', 'Sample size (n) must be greater than 0.'],
    [{ sampleSize: '16.5' }, 'sampleSize', 'Sample size (n) must be a whole number.'],
    [{ sampleSize: 'abc' }, 'sampleSize', 'Sample size (n) must be a number.'],
    [{ fieldEnd: '2018-11-20' }, 'fieldEnd', 'Field end is before field start.'],
    [{ fieldStart: '2018-02-30' }, 'fieldStart', 'Field start: not a real date.'],
    [{ fieldStart: '22/11/2018' }, 'fieldStart', 'Field start: use a date like 2019-11-22.'],
    [{ fieldStart: '', fieldEnd: '2018-11-28' }, 'fieldStart', 'Field start is required.'],
    [{ fieldEnd: '2999-01-01' }, 'fieldEnd', 'Field end is in the future.'],
    [{ publishedAt: '2018-11-01' }, 'publishedAt', 'Published is before fieldwork started.'],
    [{ mode: 'carrier pigeon' }, 'mode', 'Mode: choose one of face-to-face, telephone, online, mixed, other.'],
    [
      { sourceUrls: 'https://ok.example.org\nftp://files.example.org/x' },
      'sourceUrls',
      'Source URLs: line 2 (ftp://files.example.org/x) is not an http(s) address.',
    ],
    [{ sourceUrls: 'levada.ru' }, 'sourceUrls', 'Source URLs: line 1 (levada.ru) is not an http(s) address.'],
    [{ pollsterId: '', newPollsterName: '' }, 'pollsterId', 'Pollster: choose one, or enter the name of a new pollster.'],
    [{ reportedMoe: '-1' }, 'reportedMoe', 'Reported margin of error must be greater than 0.'],
    [{ reportedMoe: '', moeConfidence: '95' }, 'moeConfidence', 'MoE confidence (%): given without a margin of error.'],
    [{ designEffect: 'x' }, 'designEffect', 'Design effect must be a number.'],
    [{ questions: [] }, 'questions', 'Questions: add at least one question.'],
  ])('refuses %j with a message naming the field', (patch, path, message) => {
    expect(errorsOf(ZPollInput, { ...levada, ...patch })[path]).toContain(message);
  });

  it('checks each result: percents 0–100, each option once, sums ≤ 100 + 1.5', () => {
    const q = levada.questions[0];
    const withResults = (results: { optionId: string; percent: string }[]) => ({ ...levada, questions: [{ ...q, results, breakdowns: [] }] });
    expect(errorsOf(ZPollInput, withResults([{ optionId: '7', percent: '101' }]))['questions.0.results.0.percent']).toEqual(['Share (%) must be at most 100.']);
    expect(errorsOf(ZPollInput, withResults([{ optionId: '7', percent: '-2' }]))['questions.0.results.0.percent']).toEqual(['Share (%) must be at least 0.']);
    expect(errorsOf(ZPollInput, withResults([{ optionId: '7', percent: '' }]))['questions.0.results.0.percent']).toEqual(['Share (%) is required.']);
    expect(
      errorsOf(
        ZPollInput,
        withResults([
          { optionId: '7', percent: '10' },
          { optionId: '7', percent: '10' },
        ]),
      )['questions.0.results.1.optionId'],
    ).toEqual(['Results: this option is entered twice.']);
    expect(
      errorsOf(
        ZPollInput,
        withResults([
          { optionId: '7', percent: '60' },
          { optionId: '8', percent: '41.5' },
        ]),
      ),
    ).toEqual({});
    expect(
      errorsOf(
        ZPollInput,
        withResults([
          { optionId: '7', percent: '60' },
          { optionId: '8', percent: '41.6' },
        ]),
      )['questions.0.results'],
    ).toEqual(['Results: shares add up to 101.6%, more than 100% + 1.5 points of rounding.']);
    const low = ZPollInput.parse(
      withResults([
        { optionId: '7', percent: '17' },
        { optionId: '8', percent: '70' },
      ]),
    );
    expect(pollWarnings(low)).toEqual([{ path: 'questions.0.results', message: 'Results add up to 87%: is an option (e.g. “don’t know”) missing?' }]);
  });

  it('checks breakdowns: sums, duplicate subgroups, n larger than the poll', () => {
    const b = levada.questions[0]?.breakdowns[0];
    const poll = (breakdowns: unknown[]) => ({ ...levada, questions: [{ ...levada.questions[0], breakdowns }] });
    const e = errorsOf(
      ZPollInput,
      poll([
        {
          ...b,
          sampleSize: '2000',
          results: [
            { optionId: '7', percent: '70' },
            { optionId: '8', percent: '40' },
          ],
        },
        b,
      ]),
    );
    expect(e['questions.0.breakdowns.0.sampleSize']).toEqual(['Subgroup n is larger than the poll’s n.']);
    expect(e['questions.0.breakdowns.0.results']).toEqual(['Subgroup 18–24 results: shares add up to 110%, more than 100% + 1.5 points of rounding.']);
    expect(e['questions.0.breakdowns.1.subgroup']).toEqual(['Subgroup: entered twice for this dimension.']);
    expect(errorsOf(ZPollInput, poll([{ ...b, dimension: '' }]))['questions.0.breakdowns.0.dimension']).toEqual(['Breakdown dimension is required.']);
  });

  it('an edit needs the id and version it was loaded with', () => {
    expect(ZPollUpdateInput.parse({ ...levada, id: '5', version: '3', correctionNote: 'n corrected from 1,500 to 1,600.' })).toMatchObject({
      id: 5,
      version: 3,
      correctionNote: 'n corrected from 1,500 to 1,600.',
    });
    expect(errorsOf(ZPollUpdateInput, { ...levada, id: '5' }).version).toEqual(['Missing version: reload the page.']);
  });
});

describe('ZQuestionInput', () => {
  const good = { slug: 'kuril-transfer', title: 'Transfer Kuril islands?', wording: 'Would you support…?', options: 'For\nAgainst\ndont_know = Don’t know' };

  it('derives option keys and keeps the order', () => {
    const q = ZQuestionInput.parse(good);
    expect(q.options).toEqual([
      { key: 'for', label: 'For' },
      { key: 'against', label: 'Against' },
      { key: 'dont_know', label: 'Don’t know' },
    ]);
    expect(q.topic).toBeNull();
    expect(optionsToText(q.options)).toBe('for = For\nagainst = Against\ndont_know = Don’t know');
    expect(optionKey("Don't know")).toBe('dont_know');
  });

  it.each([
    [{ slug: 'Kuril Transfer' }, 'slug', 'Slug: use lower-case letters, digits and single hyphens, like kuril-transfer.'],
    [{ title: '  ' }, 'title', 'Title is required.'],
    [{ wording: '' }, 'wording', 'Canonical wording is required.'],
    [{ options: 'For' }, 'options', 'Options: enter at least two options, one per line.'],
    [{ options: 'For\nfor' }, 'options', 'Options: line 2: “for” repeats the key for.'],
    [{ options: 'For\nBad Key = Against' }, 'options', 'Options: line 2: the key “Bad Key” may use only a–z, 0–9 and _.'],
  ])('refuses %j naming the field', (patch, path, message) => {
    expect(errorsOf(ZQuestionInput, { ...good, ...patch })[path]).toContain(message);
  });
});

describe('ZPollsterInput', () => {
  it('accepts a pollster with a blank slug (derived later) and tri-state memberships', () => {
    expect(ZPollsterInput.parse({ name: 'Levada Center', slug: '', website: 'https://www.levada.ru/en/', aaporMember: '', esomarMember: 'yes' })).toMatchObject(
      {
        name: 'Levada Center',
        slug: undefined,
        aaporMember: null,
        esomarMember: true,
      },
    );
  });
  it('names the field of bad input', () => {
    expect(errorsOf(ZPollsterInput, { name: '' }).name).toEqual(['Name is required.']);
    expect(errorsOf(ZPollsterInput, { name: 'X', website: 'javascript:alert(1)' }).website).toEqual([
      'Website: enter a full http(s) address, like https://example.org/report.pdf.',
    ]);
  });
});

describe('ZIndicatorInput and ZObservationInput', () => {
  it('accepts the trade indicator', () => {
    expect(ZIndicatorInput.parse({ slug: 'russia-japan-trade', name: 'Russia–Japan trade', unit: 'US$ bn', currency: 'usd' })).toMatchObject({
      currency: 'USD',
      description: null,
    });
    expect(errorsOf(ZIndicatorInput, { slug: 'x', name: 'X', unit: '', currency: 'dollars' })).toEqual({
      unit: ['Unit is required.'],
      currency: ['Currency: a three-letter code like USD.'],
    });
    expect(errorsOf(ZIndicatorUpdateInput, { slug: 'x', name: 'X', unit: 'u', id: '1', version: '' }).version).toEqual(['Missing version: reload the page.']);
  });

  it('parses periods of every type', () => {
    expect(parsePeriod('2017')).toMatchObject({ periodType: 'year', periodStart: new Date('2017-01-01T00:00:00Z') });
    expect(parsePeriod('2017-q3')).toMatchObject({ period: '2017-Q3', periodType: 'quarter', periodStart: new Date('2017-07-01T00:00:00Z') });
    expect(parsePeriod('2017-03')).toMatchObject({ periodType: 'month' });
    expect(parsePeriod('2017-02-29')).toBeNull();
  });

  it('keeps the US$30bn as a target, and refuses a future actual', () => {
    const target = ZObservationInput.parse({ indicatorId: '1', period: '2030', value: '30', kind: 'target', basis: 'stated 22 Jan 2019' });
    expect(target).toMatchObject({ value: 30, kind: 'target', isPrimary: false, period: { periodType: 'year' } });
    expect(errorsOf(ZObservationInput, { indicatorId: '1', period: '2999', value: '18', kind: 'actual' }).period).toEqual([
      'Period: an actual value cannot be for a period that has not started; use forecast or target.',
    ]);
    expect(errorsOf(ZObservationInput, { indicatorId: '1', period: 'last year', value: 'lots', kind: 'guess', sourceUrl: 'www.x' })).toEqual({
      period: ['Period: use 2017, 2017-Q1, 2017-03 or 2017-03-15.'],
      value: ['Value must be a number.'],
      kind: ['Kind: choose one of actual, estimate, target, forecast.'],
      sourceUrl: ['Source URL: enter a full http(s) address, like https://example.org/report.pdf.'],
    });
  });
});

describe('ZImportOptions and ZImportRequest', () => {
  it('defaults to all-or-nothing, with date order and decimal mark decided from the file', () => {
    expect(ZImportOptions.parse({ questionSlug: 'trump-impeachment' })).toMatchObject({
      mode: 'all-or-nothing',
      dateOrder: 'auto',
      decimal: 'auto',
      firstYear: null,
      confirmManyQuestions: false,
    });
  });
  it('names bad mapping targets and options', () => {
    const e = errorsOf(ZImportRequest, {
      fileName: 'a.csv',
      mapping: JSON.stringify({ Yes: 'result:Yes', Foo: 'colour' }),
      options: JSON.stringify({ mode: 'sometimes' }),
    });
    expect(e['mapping.Foo']).toEqual(['Mapping: column “Foo” has an unknown target “colour”.']);
    expect(e['options.mode']).toEqual(['Mode: choose “all or nothing” or “import valid rows”.']);
    expect(errorsOf(ZImportRequest, { fileName: '', mapping: '{}', options: '{}' }).fileName).toEqual(['File: choose a CSV file.']);
  });
});
