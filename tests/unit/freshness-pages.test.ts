import { describe, expect, it } from 'vitest';
import { pageAffected } from '@/lib/freshness/pages';
import { EVERYTHING_TOUCHED, NOTHING_TOUCHED, TouchedBuilder, fromChangeLogColumns, toChangeLogColumns, type Touched } from '@/lib/freshness/touched';

/** What one Kuril poll edit touches (lib/writes/versioned-update.ts touchPolls). */
const kurilEdit: Touched = new TouchedBuilder().polls(7).questions('kuril-transfer').pollsters('levada-center').build();
const tradeEdit: Touched = new TouchedBuilder().indicators('russia-japan-trade').build();

describe('which pages a change makes stale', () => {
  it('an edit of one Kuril poll: its question, the poll, the overview and pollster pages — not the Putin page', () => {
    expect(pageAffected('/questions/kuril-transfer', kurilEdit)).toBe(true);
    expect(pageAffected('/questions/kuril-transfer?method=loess&from=2018', kurilEdit)).toBe(true);
    expect(pageAffected('/questions/putin-approval', kurilEdit)).toBe(false);
    expect(pageAffected('/polls/7', kurilEdit)).toBe(true);
    expect(pageAffected('/polls/8', kurilEdit)).toBe(false);
    expect(pageAffected('/', kurilEdit)).toBe(true);
    expect(pageAffected('/pollsters/vciom', kurilEdit)).toBe(true); // house effects are relative to the other pollsters
    expect(pageAffected('/indicators/russia-japan-trade', kurilEdit)).toBe(false);
    expect(pageAffected('/compare?question=putin-approval&indicator=russia-japan-trade', kurilEdit)).toBe(false);
    expect(pageAffected('/compare?question=kuril-transfer&indicator=russia-japan-trade', kurilEdit)).toBe(true);
    expect(pageAffected('/embed/questions/putin-approval/trend', kurilEdit)).toBe(false);
    expect(pageAffected('/embed/questions/kuril-transfer/trend', kurilEdit)).toBe(true);
  });

  it('an indicator edit leaves every question and poll page alone', () => {
    expect(pageAffected('/questions/kuril-transfer', tradeEdit)).toBe(false);
    expect(pageAffected('/polls/7', tradeEdit)).toBe(false);
    expect(pageAffected('/pollsters/vciom', tradeEdit)).toBe(false);
    expect(pageAffected('/indicators/russia-japan-trade', tradeEdit)).toBe(true);
    expect(pageAffected('/indicators/russia-japan-trade-jpy', tradeEdit)).toBe(false);
    expect(pageAffected('/compare?question=kuril-transfer&indicator=russia-japan-trade', tradeEdit)).toBe(true);
  });

  it('“everything” (SQL by hand, db:copy) reaches every page; nothing reaches none', () => {
    for (const page of ['/', '/questions/x', '/polls/1', '/indicators/y', '/methodology']) {
      expect(pageAffected(page, EVERYTHING_TOUCHED)).toBe(true);
      expect(pageAffected(page, NOTHING_TOUCHED)).toBe(false);
    }
  });

  it('a renamed pollster reaches every question and poll page', () => {
    const rename = new TouchedBuilder().pollsters('vciom').every('questions', 'polls').build();
    expect(pageAffected('/questions/putin-approval', rename)).toBe(true);
    expect(pageAffected('/polls/123', rename)).toBe(true);
    expect(pageAffected('/indicators/russia-japan-trade', rename)).toBe(false);
  });
});

describe('ChangeLog columns', () => {
  it('round-trip what a write touched, and list more than 2,000 polls as all', () => {
    const back = fromChangeLogColumns(toChangeLogColumns(kurilEdit));
    expect(back.polls === 'all' ? 'all' : [...back.polls]).toEqual([7]);
    expect(back.questions === 'all' ? 'all' : [...back.questions]).toEqual(['kuril-transfer']);
    const big = new TouchedBuilder().polls(...Array.from({ length: 2_001 }, (_, i) => i + 1)).build();
    expect(toChangeLogColumns(big).polls).toBe('*');
    expect(fromChangeLogColumns({ touchesAll: 1, questions: null, polls: null, pollsters: null, indicators: null }).all).toBe(true);
    // A column garbled by hand reads as "all of that kind", never as "nothing".
    expect(fromChangeLogColumns({ touchesAll: 0, questions: '[oops', polls: null, pollsters: null, indicators: null }).questions).toBe('all');
  });
});
