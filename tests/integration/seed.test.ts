import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '@/lib/seed/demo';
import { createTempDatabase, type TempDatabase } from '../support/temp-db';

let t: TempDatabase;

beforeAll(async () => {
  t = await createTempDatabase();
});
afterAll(async () => {
  await t.cleanup();
});

async function counts() {
  const db = t.db;
  return {
    pollsters: await db.pollster.count(),
    questions: await db.question.count(),
    polls: await db.poll.count(),
    pollQuestions: await db.pollQuestion.count(),
    results: await db.result.count(),
    indicators: await db.indicator.count(),
    observations: await db.observation.count(),
  };
}

describe('demo seed on a real database (SQLite file or PostgreSQL)', () => {
  it('loads every Kuril row, the 252 Putin approval waves, the impeachment polls and the trade indicator', async () => {
    const summary = await seedDemo(t.db);
    // Impeachment: 190 "impeach" rows FiveThirtyEight included, less 1 repeated row, + 140 "impeach
    // and remove" rows = 329 polls by 30 pollsters (counted in the CSV with a separate script).
    expect(summary.pollsCreated).toBe(8 + 252 + 329);
    const c = await counts();
    expect(c.polls).toBe(589);
    expect(c.questions).toBe(5);
    expect(c.pollsters).toBe(3 + 30);
    expect(c.indicators).toBe(2);
    // 14 USD rows + the seed story's 2017 actual and the target; 5 JPY rows.
    expect(c.observations).toBe(14 + 2 + 5);
  });

  it('keeps the Levada 2018 poll exactly as published', async () => {
    const poll = await t.db.poll.findFirstOrThrow({
      where: { pollster: { slug: 'levada-center' }, sampleSize: 1600 },
      include: { questions: { include: { results: { include: { option: true } }, question: true } } },
    });
    expect(poll.fieldStart?.toISOString().slice(0, 10)).toBe('2018-11-22');
    expect(poll.fieldEnd?.toISOString().slice(0, 10)).toBe('2018-11-28');
    expect(poll.mode).toBe('face-to-face');
    expect(JSON.parse(poll.sourceUrls)).toHaveLength(3);
    const pq = poll.questions[0];
    expect(pq?.question.slug).toBe('kuril-transfer');
    const byKey = Object.fromEntries(pq?.results.map((r) => [r.option.key, r.percent]) ?? []);
    expect(byKey).toEqual({ for: 17, against: 74, dont_know: 9 });
  });

  it('leaves missing values missing and separates wordings and populations', async () => {
    const first = await t.db.poll.findFirstOrThrow({
      where: { externalKey: 'seed:kuril_islands_russia_polls.csv:1' },
      include: { questions: { include: { results: true } } },
    });
    expect(first.sampleSize).toBeNull();
    expect(first.datePrecision).toBe('year');
    expect(first.questions[0]?.results).toHaveLength(2); // 11 for, 67 against, no don't-know share
    const vciom = await t.db.poll.findFirstOrThrow({ where: { pollster: { slug: 'vciom' }, sampleSize: 1600 }, include: { questions: true } });
    expect(vciom.reportedMoe).toBe(2.5);
    const levada = await t.db.poll.findFirstOrThrow({ where: { pollster: { slug: 'levada-center' }, sampleSize: 1600 }, include: { questions: true } });
    expect(vciom.questions[0]?.wordingKey).not.toBe(levada.questions[0]?.wordingKey);
    const residents = await t.db.pollQuestion.count({ where: { question: { slug: 'kuril-transfer-residents' } } });
    expect(residents).toBe(2);
  });

  it("gives Levada's approval waves its standard omnibus n and MoE, marked as standard figures", async () => {
    const waves = await t.db.poll.findMany({ where: { externalKey: { startsWith: 'seed:levada_putin:' } } });
    expect(waves).toHaveLength(252);
    for (const w of waves) {
      expect([w.sampleSize, w.reportedMoe, w.moeConfidence]).toEqual([1600, 3.4, 0.95]);
      expect(w.notes).toContain('standard figures for its monthly omnibus');
    }
  });

  it('seeds the impeachment polls as two questions, one wording key each, with party crosstabs', async () => {
    const keys = await t.db.pollQuestion.groupBy({ by: ['questionId', 'wordingKey'], where: { question: { topic: 'US politics' } }, _count: true });
    expect(keys.map((k) => [k.wordingKey, k._count]).sort()).toEqual([
      ['fte-impeach', 189],
      ['fte-impeach-and-remove', 140],
    ]);
    // CSV line 54: Monmouth University, 16–20 Aug 2019, n = 800 adults, 35 / 59 / 6; Rep n = 204, 2 / 94.
    const monmouth = await t.db.poll.findUniqueOrThrow({
      where: { externalKey: 'seed:fte_impeachment:54' },
      include: {
        pollster: true,
        questions: {
          include: {
            question: true,
            results: { include: { option: true }, orderBy: { option: { position: 'asc' } } },
            breakdowns: { include: { results: { include: { option: true }, orderBy: { option: { position: 'asc' } } } }, orderBy: { position: 'asc' } },
          },
        },
      },
    });
    expect(monmouth.pollster.name).toBe('Monmouth University');
    expect([monmouth.fieldStart?.toISOString().slice(0, 10), monmouth.fieldEnd?.toISOString().slice(0, 10), monmouth.sampleSize, monmouth.population]).toEqual([
      '2019-08-16',
      '2019-08-20',
      800,
      'Adults',
    ]);
    const pq = monmouth.questions[0];
    expect(pq?.question.slug).toBe('trump-impeach-remove');
    expect(pq?.results.map((r) => [r.option.key, r.percent])).toEqual([
      ['yes', 35],
      ['no', 59],
      ['unsure', 6],
    ]);
    expect(pq?.breakdowns[0]).toMatchObject({ dimension: 'party', subgroup: 'Republicans', sampleSize: 204 });
    expect(pq?.breakdowns.map((b) => [b.subgroup, b.results.map((r) => r.percent)])).toEqual([
      ['Republicans', [2, 94]],
      ['Democrats', [69, 25]],
      ['Independents', [30, 64]],
    ]);
    expect(await t.db.breakdown.count()).toBe(915);
  });

  it('models the trade target as a target, not a data point', async () => {
    const target = await t.db.observation.findFirstOrThrow({ where: { kind: 'target' } });
    expect(target.value).toBe(30);
    const y2017 = await t.db.observation.findMany({ where: { period: '2017', indicator: { slug: 'russia-japan-trade' } } });
    expect(y2017.map((o) => [o.value, o.kind, o.isPrimary])).toEqual([[18, 'actual', true]]);
    const y2020 = await t.db.observation.findMany({ where: { period: '2020', indicator: { slug: 'russia-japan-trade' } }, orderBy: { id: 'asc' } });
    expect(y2020.map((o) => [o.value, o.isPrimary])).toEqual([
      [16.6, true],
      [17.1, false],
    ]);
  });

  it('is idempotent: a second run changes nothing', async () => {
    const before = await counts();
    const audit = await t.db.auditEvent.count();
    const summary = await seedDemo(t.db);
    expect(summary).toEqual({ pollsCreated: 0, observationsCreated: 0 });
    expect(await counts()).toEqual(before);
    expect(await t.db.auditEvent.count()).toBe(audit);
  });
});
