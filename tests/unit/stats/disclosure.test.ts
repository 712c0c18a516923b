import { describe, expect, it } from 'vitest';
import { DISCLOSURE_ITEMS, disclosureScore, pollsterDisclosure, type DisclosureFacts } from '@/lib/stats/disclosure';

// The seed's Levada Center poll of 22–28 Nov 2018 as entered: no sponsor, no sampling frame, wording
// a press summary (not marked exact), no weighting, no MoE or design effect.
const levada2018: DisclosureFacts = {
  sponsor: null,
  pollster: 'Levada Center',
  fieldStart: '2018-11-22',
  fieldEnd: '2018-11-28',
  datePrecision: 'day',
  population: 'Russia adults 18+',
  samplingFrame: null,
  mode: 'face-to-face',
  sampleSize: 1600,
  wordingExact: [null],
  weighting: null,
  reportedMoe: null,
  designEffect: null,
  sourceUrls: ['https://www.ng.ru/news/634037.html'],
};

describe('disclosureScore', () => {
  it('scores a known disclosure set item by item: 6 of 11 = 54.5', () => {
    const s = disclosureScore(levada2018);
    expect(s.total).toBe(11);
    expect(s.items.filter((i) => i.disclosed).map((i) => i.key)).toEqual(['conductedBy', 'fieldDates', 'population', 'mode', 'sampleSize', 'source']);
    expect(s.score).toBe(54.5);
  });

  it('counts nothing that is not entered: month precision, blank strings and unmarked wording are not disclosed', () => {
    const s = disclosureScore({ ...levada2018, datePrecision: 'month', population: '  ', sourceUrls: [], sampleSize: null });
    expect(s.disclosed).toBe(2);
    expect(s.score).toBe(18.2);
    const all = disclosureScore({
      ...levada2018,
      sponsor: 'RBC',
      samplingFrame: 'multi-stage area probability',
      wordingExact: [true, true],
      weighting: 'sex, age, education, region',
      reportedMoe: 3.4,
    });
    expect(all.score).toBe(100);
    expect(disclosureScore({ ...levada2018, wordingExact: [true, null] }).items.find((i) => i.key === 'wording')?.disclosed).toBe(false);
    expect(disclosureScore({ ...levada2018, designEffect: 1.5 }).items.find((i) => i.key === 'precision')?.disclosed).toBe(true);
  });

  it('documents every item', () => {
    expect(DISCLOSURE_ITEMS.map((i) => i.key)).toHaveLength(new Set(DISCLOSURE_ITEMS.map((i) => i.key)).size);
  });
});

describe('pollsterDisclosure', () => {
  it('averages poll scores, rates items and fits the yearly trend', () => {
    const a = disclosureScore(levada2018); // 54.5
    const b = disclosureScore({ ...levada2018, reportedMoe: 2.5 }); // 7/11 = 63.6
    const c = disclosureScore({ ...levada2018, reportedMoe: 2.5, weighting: 'yes', samplingFrame: 'RDD' }); // 9/11 = 81.8
    const r = pollsterDisclosure([
      { year: 2016, score: a },
      { year: 2018, score: b },
      { year: 2020, score: c },
      { year: null, score: a },
    ]);
    expect(r.polls).toBe(4);
    // (54.5 + 63.6 + 81.8 + 54.5) / 4, from the rounded poll scores
    expect(r.score).toBeCloseTo((54.5 + 63.6 + 81.8 + 54.5) / 4, 1);
    expect(r.byYear).toEqual([
      { year: 2016, polls: 1, score: 54.5 },
      { year: 2018, polls: 1, score: 63.6 },
      { year: 2020, polls: 1, score: 81.8 },
    ]);
    // slope through (2016, 54.5), (2018, 63.6), (2020, 81.8): Sxy/Sxx = (−2·−12.13 + 0 + 2·15.17)/8
    expect(r.trendPerYear).toBeCloseTo(((81.8 - 54.5) * 2) / 8, 1);
    expect(r.items.find((i) => i.key === 'precision')).toMatchObject({ disclosed: 2, share: 50 });
  });

  it('has no score and no trend without polls', () => {
    expect(pollsterDisclosure([])).toMatchObject({ polls: 0, score: null, trendPerYear: null, byYear: [] });
  });
});
