import { describe, expect, it } from 'vitest';
import { buildQuestionCard } from '@/lib/charts/overview';
import { pollDate } from '@/lib/charts/question-series';
import { fixturePoll, fixtureQuestion } from '../../support/question-fixture';

describe('question card headline', () => {
  it('leads with the newest poll across wordings and names its wording, not the most-polled older wording', () => {
    const old = 'Transfer Kuril Islands to Japan?';
    const q = fixtureQuestion(
      [
        // newest first, as lib/data returns them
        fixturePoll({ date: '2018-11-28', values: { for: 17, against: 74 }, wording: 'Would you support or oppose transferring several islands?' }),
        fixturePoll({ date: '2011-06-15', values: { for: 4, against: 90 }, wording: old }),
        fixturePoll({ date: '2005-06-15', values: { for: 6, against: 80 }, wording: old }),
        fixturePoll({ date: '1990-06-15', values: { for: 11, against: 67 }, wording: old }),
      ],
      'kuril-transfer',
    );
    const card = buildQuestionCard(q);
    expect(card.latest?.bars.find((b) => b.key === 'against')?.percent).toBe(74);
    expect(card.latest?.wording).toBe('Would you support or oppose transferring several islands?');
    expect(card.latest?.fieldDates).toMatch(/2018/);
    // The only line is the older wording's: it is labelled as such, with its last poll date.
    expect(card.sparkline?.olderWording?.lastPoll).toMatch(/2011/);
    expect(card.summary).toMatch(/earlier wording \(last polled .*2011\)/);
  });
});

describe('dates with month or year precision', () => {
  it('sit at the middle of their period', () => {
    expect(pollDate({ fieldStart: '2011-01-01T00:00:00.000Z', fieldEnd: '2011-12-31T00:00:00.000Z', datePrecision: 'year' })).toBe('2011-07-02T00:00:00.000Z');
    expect(pollDate({ fieldStart: '2016-05-01T00:00:00.000Z', fieldEnd: '2016-05-31T00:00:00.000Z', datePrecision: 'month' })).toBe('2016-05-16T00:00:00.000Z');
    expect(pollDate({ fieldStart: null, fieldEnd: '2016-05-31T00:00:00.000Z', datePrecision: 'month' })).toBe('2016-05-16T00:00:00.000Z');
    expect(pollDate({ fieldStart: '2018-11-22T00:00:00.000Z', fieldEnd: '2018-11-28T00:00:00.000Z', datePrecision: 'day' })).toBe('2018-11-28T00:00:00.000Z');
  });
});
