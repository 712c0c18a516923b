import { describe, expect, it } from 'vitest';
import { buildPollsterHerding } from '@/lib/charts/herding';
import { fixturePoll, fixtureQuestion } from '../../support/question-fixture';
import { normalDeviate, seededRandom } from '@/lib/stats/random';

/** Two honest pollsters around a flat 50% and a third whose numbers sit almost on the line. */
function question(seed: number) {
  const u = seededRandom(seed);
  const polls = [];
  for (let d = 0; d < 30; d++) {
    const date = new Date(Date.UTC(2024, 0, 1 + d * 3)).toISOString().slice(0, 10);
    const sd = Math.sqrt(0.25 / 1000) * 100;
    for (const pollster of ['Alpha', 'Beta']) {
      const v = 50 + sd * normalDeviate(u);
      polls.push(fixturePoll({ pollster, date, values: { for: v, against: 100 - v } }));
    }
    if (d % 2 === 0) {
      const v = 50 + 0.15 * sd * normalDeviate(u);
      polls.push(fixturePoll({ pollster: 'Herder', date, values: { for: v, against: 100 - v } }));
    }
  }
  return fixtureQuestion(polls);
}

describe('buildPollsterHerding', () => {
  it('flags the pollster that sits on the others’ trend and clears an honest one', () => {
    const q = question(11);
    const herder = buildPollsterHerding(q, 'herder');
    expect(herder.bySeries[0]?.reference).toBe('other-pollsters');
    expect(herder.pooled.polls).toBe(15);
    expect(herder.pooled.verdict).toBe('herding');
    expect(herder.pooled.pValue).toBeLessThan(0.05);
    const alpha = buildPollsterHerding(q, 'alpha');
    expect(alpha.pooled.polls).toBe(30);
    expect(alpha.pooled.verdict).not.toBe('herding');
  });

  it('falls back to leave-one-out when nobody else asked the wording, and leaves out undisclosed n', () => {
    const polls = Array.from({ length: 10 }, (_, i) =>
      fixturePoll({ pollster: 'Solo', date: `2024-0${1 + Math.floor(i / 3)}-1${i % 3}`, values: { for: 50 + (i % 2 ? 2 : -2) }, n: i === 0 ? null : 1000 }),
    );
    const r = buildPollsterHerding(fixtureQuestion(polls), 'solo');
    expect(r.bySeries[0]?.reference).toBe('leave-one-out');
    expect(r.pooled.polls).toBe(9);
    expect(r.pooled.verdict).not.toBe('too-few-polls');
  });
});
