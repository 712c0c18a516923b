import { readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedElections } from '@/lib/seed/elections';
import { wordingKey } from '@/lib/format/slug';
import { createTempDatabase, type TempDatabase } from '../support/temp-db';

/**
 * The 2008 elections topic is seeded through the CSV import pipeline (lib/import), not a loader of
 * its own: its polls carry the import's keys, and what it stored is checked against the file read
 * here with papaparse directly (rows per race, fractional n left out, two options, outcomes per race).
 */
const rows = Papa.parse<Record<string, string>>(readFileSync(path.join(process.cwd(), 'prisma/seed-data/fte_raw_polls_1998_2009.csv'), 'utf8'), {
  header: true,
  skipEmptyLines: true,
}).data.filter((r) => r.year === '2008' && r.type_simple === 'Pres-G');

describe('the elections seed goes through the import pipeline', () => {
  let t: TempDatabase;
  beforeAll(async () => {
    t = await createTempDatabase();
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('stores one poll per 2008 presidential row, keyed by the import, with one series and one outcome per race', async () => {
    expect(await seedElections(t.db)).toEqual({ pollsCreated: rows.length, outcomesCreated: new Set(rows.map((r) => r.race)).size });
    const polls = await t.db.poll.findMany({
      include: { pollster: true, questions: { include: { question: { include: { options: true } }, results: { include: { option: true } } } } },
    });
    expect(polls).toHaveLength(rows.length);
    expect(polls.every((p) => p.externalKey?.startsWith('import:'))).toBe(true);
    // The source gives the median field date only: no start; a fractional (approximated) n is not shown.
    expect(polls.every((p) => p.fieldStart === null)).toBe(true);
    const fractional = rows.filter((r) => !Number.isInteger(Number(r.samplesize)) || Number(r.samplesize) <= 0).length;
    expect(fractional).toBeGreaterThan(0);
    expect(polls.filter((p) => p.sampleSize === null)).toHaveLength(fractional);
    // One question with the two major candidates only (the file's third-candidate column is left out).
    const question = polls[0]?.questions[0]?.question;
    expect(question?.slug).toBe('us-president-2008');
    expect(question?.options.map((o) => o.key).sort()).toEqual(['mccain', 'obama']);
    // Each race is one wording series, holding exactly that race's rows, and its outcome names that series.
    const perSeries = new Map<string, number>();
    for (const p of polls) {
      const key = p.questions[0]?.wordingKey ?? '';
      perSeries.set(key, (perSeries.get(key) ?? 0) + 1);
    }
    const outcomes = await t.db.outcome.findMany();
    for (const r of new Set(rows.map((x) => x.race))) {
      const location = rows.find((x) => x.race === r)?.location ?? '';
      const key = wordingKey(`Vote intention, 2008 presidential election (${location === 'US' ? 'national' : location}): Barack Obama vs John McCain`);
      expect(perSeries.get(key)).toBe(rows.filter((x) => x.race === r).length);
      expect(outcomes.filter((o) => o.wordingKey === key)).toHaveLength(1);
    }
    // A row as published: Obama and McCain shares and the pollster.
    const sample = rows[0];
    const found = polls.find((p) => p.notes?.includes(`poll ${sample?.poll_id},`));
    expect(found?.pollster.name).toBe(sample?.pollster);
    expect(found?.questions[0]?.results.map((r) => [r.option.key, r.percent]).sort()).toEqual(
      [
        ['mccain', Number(sample?.cand2_pct)],
        ['obama', Number(sample?.cand1_pct)],
      ].sort(),
    );
    // One audit row for the seed's write, none for an import of its own.
    expect(await t.db.auditEvent.count({ where: { entity: 'Seed', entityId: 'elections' } })).toBe(1);
    expect(await t.db.auditEvent.count({ where: { entity: 'Import' } })).toBe(0);
    expect(await t.db.importMapping.count()).toBe(0);
  });

  it('adds nothing to a database the earlier loader seeded (its keys, no field start)', async () => {
    const polls = await t.db.poll.findMany({ select: { id: true } });
    for (const p of polls) await t.db.poll.update({ where: { id: p.id }, data: { externalKey: `seed:fte_raw_polls:${p.id}:0` } });
    expect(await seedElections(t.db)).toEqual({ pollsCreated: 0, outcomesCreated: 0 });
    expect(await t.db.poll.count()).toBe(rows.length);
  });
});
