import { describe, expect, it } from 'vitest';
import { buildPollDetail, buildLead } from '@/lib/charts/poll-detail';
import { buildIndicatorChart, buildYoyChart } from '@/lib/charts/indicator';
import { buildCompareChart, eventLanes } from '@/lib/charts/compare';
import { compareRows } from '@/lib/export/chart-export';
import { buildQuestionCard, filterCards } from '@/lib/charts/overview';
import { buildPollsterRecord } from '@/lib/charts/pollster';
import type { PollDetailView } from '@/lib/data/polls';
import type { IndicatorView, ObservationView } from '@/lib/data/indicators';
import { fixturePoll, fixtureQuestion } from '../../support/question-fixture';

function poll(overrides: Partial<PollDetailView> = {}): PollDetailView {
  return {
    id: 7,
    pollster: { name: 'Levada Center', slug: 'levada-center' },
    sponsor: null,
    fieldStart: '2018-11-22T00:00:00.000Z',
    fieldEnd: '2018-11-28T00:00:00.000Z',
    datePrecision: 'day',
    publishedAt: null,
    publishedPrecision: 'day',
    sampleSize: 1600,
    population: 'Russia adults 18+',
    mode: 'face-to-face',
    modeDetail: null,
    samplingFrame: null,
    weighting: null,
    reportedMoe: null,
    moeConfidence: null,
    designEffect: null,
    sourceUrls: ['https://example.org/a'],
    notes: null,
    questions: [
      {
        pollQuestionId: 1,
        question: {
          slug: 'kuril-transfer',
          title: 'Transfer Kuril islands to Japan?',
          options: [
            { key: 'for', label: 'For' },
            { key: 'against', label: 'Against' },
            { key: 'dont_know', label: "Don't know" },
          ],
        },
        wording: 'Would you support or oppose transferring several Kuril islands to Japan for a peace treaty',
        wordingKey: 'w',
        askedLanguage: 'ru',
        wordingLanguage: 'en',
        wordingExact: null,
        texts: [],
        results: [
          { optionKey: 'for', optionLabel: 'For', percent: 17, count: null },
          { optionKey: 'against', optionLabel: 'Against', percent: 74, count: null },
          { optionKey: 'dont_know', optionLabel: "Don't know", percent: 9, count: null },
        ],
        breakdowns: [
          {
            dimension: 'Age',
            subgroup: '18–24',
            sampleSize: 200,
            results: [
              { optionKey: 'for', optionLabel: 'For', percent: 30 },
              { optionKey: 'against', optionLabel: 'Against', percent: 60 },
            ],
          },
        ],
      },
    ],
    corrections: [],
    updatedAt: '2019-01-01T00:00:00.000Z',
    ...overrides,
  };
}

describe('buildPollDetail', () => {
  it('gives the lead and its margin of error (hand computation) and Wilson intervals on n_eff', () => {
    const d = buildPollDetail(poll());
    expect(d.precision).toEqual({ sampleSize: 1600, designEffect: { value: 1, origin: 'assumed' }, effectiveSampleSize: 1600 });
    const q = d.questions[0];
    // Var = (0.74 + 0.17 − 0.57²)/1600 = 0.5851/1600 → MoE = 1.959964·0.0191229 = 0.03748 → 3.75 points
    expect(q?.lead).toMatchObject({ lead: 57, moe: 3.75, significant: true });
    expect(q?.lead?.leader.key).toBe('against');
    expect(q?.distribution.bars.find((b) => b.key === 'against')?.interval?.low).toBeCloseTo(71.8, 1);
    // Subgroup 18–24, n = 200: Wilson 30% → 24.06–36.67
    const cell = q?.crosstabs.rows[0]?.cells.find((c) => c.key === 'for');
    expect(cell?.interval?.low).toBeCloseTo(24.06, 1);
    expect(cell?.interval?.high).toBeCloseTo(36.67, 1);
    expect(q?.crosstabs.rows[0]?.cells.find((c) => c.key === 'dont_know')?.percent).toBeNull();
  });

  it('lists every disclosure item, present or not disclosed', () => {
    const d = buildPollDetail(poll());
    expect(d.disclosure.map((x) => [x.key, x.value !== null])).toEqual([
      ['sponsor', false],
      ['fieldDates', true],
      ['population', true],
      ['mode', true],
      ['sampleSize', true],
      ['wording', true],
      ['weighting', false],
      ['reportedMoe', false],
    ]);
    expect(d.disclosedCount).toBe(5);
  });

  it('flags a margin of error smaller than simple random sampling allows', () => {
    // SRS MoE at n = 1,600 is 2.45 points; ±1.9 is impossible, ±2.5 is fine (and ±2 could be 2.45 rounded).
    expect(buildPollDetail(poll({ reportedMoe: 1.9, moeConfidence: 0.95 })).impossibleMoe).toEqual({ reportedMoe: 1.9, srsMoe: 2.45 });
    expect(buildPollDetail(poll({ reportedMoe: 2, moeConfidence: 0.95 })).impossibleMoe).toBeNull();
    const ok = buildPollDetail(poll({ reportedMoe: 2.5, moeConfidence: 0.95 }));
    expect(ok.impossibleMoe).toBeNull();
    expect(ok.precision.designEffect?.origin).toBe('derived-from-moe');
  });

  it('has no lead MoE without a disclosed n', () => {
    expect(
      buildLead(
        [
          { key: 'a', label: 'A', percent: 50 },
          { key: 'b', label: 'B', percent: 40 },
        ],
        null,
      ),
    ).toMatchObject({ lead: 10, moe: null, significant: null });
  });
});

// Ids only need to differ between observations: a counter, not randomness.
let nextObservationId = 0;
function obs(o: Partial<ObservationView> & { period: string; value: number }): ObservationView {
  nextObservationId += 1;
  return {
    id: nextObservationId,
    periodType: 'year',
    periodStart: `${o.period.slice(0, 4)}-01-01T00:00:00.000Z`,
    kind: 'actual',
    basis: null,
    derived: false,
    isPrimary: true,
    sourceUrl: null,
    sourceName: 'Customs',
    notes: null,
    ...o,
  };
}

const trade: IndicatorView = {
  id: 1,
  slug: 'trade',
  name: 'Trade',
  description: null,
  unit: 'US$ bn',
  currency: 'USD',
  source: null,
  country: 'Russia, Japan',
  topic: 'Trade',
  observations: [
    obs({ period: '2016', value: 16 }),
    obs({ period: '2017', value: 18 }),
    obs({ period: '2017', value: 17.5, isPrimary: false }),
    obs({ period: '2018', value: 20, kind: 'estimate' }),
    obs({ period: '2019 Jan–Jun', value: 10, periodType: 'partial-year' }),
    obs({ period: '2019', value: 30, kind: 'target' }),
  ],
};

describe('buildIndicatorChart', () => {
  it('separates actual, estimate, alternative, partial-year and target, and measures from the latest actual', () => {
    const c = buildIndicatorChart(trade);
    expect(c.points.map((p) => [p.period, p.role, p.drawn])).toEqual([
      ['2016', 'actual', true],
      ['2017', 'actual', true],
      ['2017', 'alternative', false],
      ['2018', 'estimate', true],
      ['2019 Jan–Jun', 'partial-year', false],
      ['2019', 'target', false],
    ]);
    expect(c.latestActual).toEqual({ period: '2017', year: 2017, value: 18 });
    expect(c.gap).toEqual({ absolute: 12, relative: 0.6667, reached: false });
    // Default horizon: 2017 + 5 = 2022; (30/18)^(1/5) − 1 = 10.756% → 10.8
    expect(c.requiredGrowth).toEqual({ byYear: 2022, isDefaultYear: true, years: 5, rate: 10.8 });
    expect(c.cagr).toEqual({ fromYear: 2016, toYear: 2017, rate: 12.5 });
    expect(c.yoy).toEqual([
      { year: 2017, previousYear: 2016, change: 12.5, involvesEstimate: false },
      { year: 2018, previousYear: 2017, change: 11.1, involvesEstimate: true },
    ]);
    expect(c.target?.hasDeadline).toBe(false);
    expect(c.urlState).toEqual({ path: '/indicators/trade', query: {} });
  });

  it('uses the reader’s year for the required growth and puts it in the URL', () => {
    // (30/18)^(1/13) − 1 = 4.007% → 4.0
    const c = buildIndicatorChart(trade, { by: 2030 });
    expect(c.requiredGrowth).toEqual({ byYear: 2030, isDefaultYear: false, years: 13, rate: 4 });
    expect(c.urlState.query).toEqual({ by: '2030' });
    expect(buildYoyChart(c).bars).toHaveLength(2);
  });
});

describe('buildCompareChart', () => {
  it('puts the trend and the indicator on one x domain with the events inside it', () => {
    const q = fixtureQuestion([
      fixturePoll({ date: '2018-11-28', values: { for: 17, against: 74 } }),
      fixturePoll({ date: '2019-02-01', values: { for: 20, against: 70 } }),
    ]);
    const c = buildCompareChart(q, trade, { method: 'mean' });
    // From the 2016 value (placed at 1 Jul 2016) to the end of the required-growth path: latest
    // actual 2017 + the default 5 years = 2022, placed at 1 Jul 2022.
    expect(c.xDomain).toEqual([Date.UTC(2016, 6, 1), Date.UTC(2022, 6, 1)]);
    expect(c.requiredPath.map((p) => p.year)).toEqual([2017, 2018, 2019, 2020, 2021, 2022]);
    expect(c.requiredPath[0]?.value).toBe(c.indicatorPoints.find((p) => p.period === '2017')?.value);
    expect(c.requiredPath.at(-1)?.value).toBeCloseTo(c.target?.value ?? NaN, 0);
    expect(c.latest?.bars.map((b) => b.percent)).toEqual([20, 70]);
    expect(c.indicatorPoints.map((p) => p.period)).toEqual(['2016', '2017', '2018']);
    expect(c.events.map((e) => e.date)).toEqual(['2016-12-15', '2018-11-14', '2019-01-22', '2022-02-24']);
    // 14 Nov 2018 and 22 Jan 2019 are 69 days apart on a 2,191-day axis (3% < 6%): the second goes
    // one row down; the others are far apart and stay in the top row.
    expect(c.events.map((e) => e.lane)).toEqual([0, 0, 1, 0]);
    expect(c.trend?.series).toHaveLength(1);
    // The CSV holds what the chart draws, the required path included (2018…2022, not the 2017 start).
    expect(
      compareRows(c)
        .filter((r) => r.label?.endsWith('(required path)'))
        .map((r) => r.label),
    ).toEqual(['2018 (required path)', '2019 (required path)', '2020 (required path)', '2021 (required path)', '2022 (required path)']);
    expect(c.urlState).toEqual({ path: '/compare', query: { question: 'x', indicator: 'trade', method: 'mean' } });
  });
});

describe('eventLanes', () => {
  it('moves an event one row down only when it is closer than the gap to the previous one in that row', () => {
    const day = 86_400_000;
    // 100-day axis, 6% = 6 days: events on days 10, 12, 13, 30 → rows 0, 1, 2, 0.
    expect(
      eventLanes(
        [10, 12, 13, 30].map((d) => d * day),
        [0, 100 * day],
      ),
    ).toEqual([0, 1, 2, 0]);
    expect(eventLanes([], [0, 1])).toEqual([]);
  });
});

describe('overview cards', () => {
  it('builds a card with the latest result, its intervals and a sparkline, and filters by text, topic and pollster', () => {
    const q = fixtureQuestion([
      fixturePoll({ date: '2020-01-01', values: { for: 40, against: 60 } }),
      fixturePoll({ date: '2020-02-01', values: { for: 44, against: 56 } }),
    ]);
    const card = buildQuestionCard(q);
    expect(card.pollCount).toBe(2);
    expect(card.latest?.bars.map((b) => b.percent)).toEqual([44, 56]);
    expect(card.sparkline?.points).toHaveLength(2);
    expect(card.sparkline?.option.key).toBe('against');
    expect(filterCards([card], { q: 'support' })).toHaveLength(1);
    expect(filterCards([card], { topic: 'Leaders' })).toHaveLength(0);
    expect(filterCards([card], { pollster: 'alpha' })).toHaveLength(1);
    expect(filterCards([card], { country: 'Russia' })).toHaveLength(1);
  });

  it('search finds a question by the wording in the language it was asked in as well as by the translation', () => {
    const poll = {
      ...fixturePoll({ date: '2018-11-28', values: { for: 17, against: 74 }, wording: 'Transfer several Kuril islands for a peace treaty' }),
      askedLanguage: 'ru',
      wordingLanguage: 'en',
      texts: [
        {
          language: 'ru',
          text: 'передать Японии несколько островов Курильской гряды',
          role: 'original' as const,
          status: 'press-report',
          sourceUrl: null,
          sourceNote: null,
        },
      ],
    };
    const card = buildQuestionCard(fixtureQuestion([poll]));
    expect(filterCards([card], { q: 'Курильской' })).toHaveLength(1);
    expect(filterCards([card], { q: 'курильской' })).toHaveLength(1);
    expect(filterCards([card], { q: 'peace treaty' })).toHaveLength(1);
    expect(filterCards([card], { q: 'Сахалин' })).toHaveLength(0);
  });
});

describe('buildPollsterRecord', () => {
  it('counts how often each item was disclosed', () => {
    const r = buildPollsterRecord({
      id: 1,
      slug: 'levada-center',
      name: 'Levada Center',
      country: null,
      website: null,
      notes: null,
      aaporMember: null,
      esomarMember: null,
      polls: [poll(), poll({ id: 8, sampleSize: null, reportedMoe: 3 })],
    });
    expect(r.rates.find((x) => x.key === 'sampleSize')).toMatchObject({ disclosed: 1, total: 2, share: 50 });
    expect(r.rates.find((x) => x.key === 'reportedMoe')).toMatchObject({ disclosed: 1, share: 50 });
    expect(r.designEffectOrigins).toEqual({ reported: 0, 'reported-below-1': 0, 'derived-from-moe': 0, assumed: 1, 'n not disclosed': 1 });
    expect(r.questions).toEqual([{ slug: 'kuril-transfer', title: 'Transfer Kuril islands to Japan?', polls: 2 }]);
  });
});
