import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIndicator, createObservation, createPollster, createQuestion, updateObservation, updateQuestion } from '@/lib/writes/catalog';
import { createPoll, updatePoll } from '@/lib/writes/polls';
import { isAppError, type AppError } from '@/lib/errors/app-error';
import { ZIndicatorInput } from '@/lib/schemas/indicator';
import { ZObservationInput, ZObservationUpdateInput } from '@/lib/schemas/observation';
import { ZPollInput, ZPollUpdateInput, type TPollInput } from '@/lib/schemas/poll';
import { ZPollsterInput } from '@/lib/schemas/pollster';
import { ZQuestionInput, ZQuestionUpdateInput } from '@/lib/schemas/question';
import { createTempDatabase, type TempDatabase } from '../support/temp-db';

let t: TempDatabase;
let ana: number;
let ben: number;
let questionId: number;
let optionIds: number[];
let pollsterId: number;

beforeAll(async () => {
  t = await createTempDatabase();
  ana = (await t.db.user.create({ data: { email: 'ana@example.org', name: 'Ana', passwordHash: 'x' } })).id;
  ben = (await t.db.user.create({ data: { email: 'ben@example.org', passwordHash: 'x' } })).id;
  const q = await createQuestion(
    t.db,
    ana,
    ZQuestionInput.parse({
      slug: 'kuril-transfer',
      title: 'Transfer Kuril islands?',
      wording: 'Transfer islands to Japan?',
      options: "For\nAgainst\nDon't know",
    }),
  );
  questionId = q.id;
  optionIds = (await t.db.questionOption.findMany({ where: { questionId }, orderBy: { position: 'asc' } })).map((o) => o.id);
  pollsterId = (await createPollster(t.db, ana, ZPollsterInput.parse({ name: 'Levada Center', website: 'https://www.levada.ru/en/' }))).id;
});
afterAll(async () => {
  await t.cleanup();
});

function levada(patch: Record<string, unknown> = {}): TPollInput {
  return ZPollInput.parse({
    pollsterId: String(pollsterId),
    fieldStart: '2018-11-22',
    fieldEnd: '2018-11-28',
    publishedAt: '2018-11-30',
    population: 'Russia adults 18+',
    mode: 'face-to-face',
    sampleSize: '1600',
    sourceUrls: 'https://www.ng.ru/news/634037.html',
    questions: [
      {
        questionId: String(questionId),
        wording: 'Would you support or oppose transferring several Kuril islands to Japan for a peace treaty?',
        results: optionIds.map((id, i) => ({ optionId: String(id), percent: String([17, 74, 9][i]) })),
        breakdowns: [{ dimension: 'age', subgroup: '18–24', sampleSize: '180', results: [{ optionId: String(optionIds[0]), percent: '25' }] }],
      },
    ],
    ...patch,
  });
}

async function auditCount(entity: string, entityId?: number) {
  return t.db.auditEvent.count({ where: { entity, ...(entityId !== undefined ? { entityId: String(entityId) } : {}) } });
}

/** A poll of the calling test alone: its own field dates, so no other test's poll is a likely duplicate of it. */
async function ownPoll(fieldStart: string, fieldEnd: string): Promise<number> {
  return (await createPoll(t.db, ana, levada({ fieldStart, fieldEnd, publishedAt: '' }))).id;
}

/** The edit form of a poll made by ownPoll (same dates). */
function ownForm(pollId: number, fieldStart: string, fieldEnd: string) {
  return { ...levadaForm(), fieldStart, fieldEnd, id: String(pollId) };
}

describe('poll writes on a real SQLite file', () => {
  it('creates a poll with results, a breakdown and one audit row', async () => {
    const saved = await createPoll(t.db, ana, levada());
    const pollId = saved.id;
    expect(saved).toMatchObject({ version: 1, questionSlugs: ['kuril-transfer'], pollsterSlugs: ['levada-center'] });
    const poll = await t.db.poll.findUniqueOrThrow({
      where: { id: pollId },
      include: { questions: { include: { results: { orderBy: { option: { position: 'asc' } } }, breakdowns: { include: { results: true } } } } },
    });
    expect(poll).toMatchObject({ sampleSize: 1600, mode: 'face-to-face', enteredById: ana, fieldStart: new Date('2018-11-22T00:00:00Z') });
    expect(JSON.parse(poll.sourceUrls)).toEqual(['https://www.ng.ru/news/634037.html']);
    expect(poll.questions[0]?.results.map((r) => r.percent)).toEqual([17, 74, 9]);
    expect(poll.questions[0]?.breakdowns[0]).toMatchObject({ dimension: 'age', subgroup: '18–24', sampleSize: 180 });
    expect(await auditCount('Poll', pollId)).toBe(1);
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { entity: 'Poll', entityId: String(pollId) } });
    expect(JSON.parse(audit.after ?? '{}')).toMatchObject({ sampleSize: 1600, questions: [{ results: [{ percent: 17 }, { percent: 74 }, { percent: 9 }] }] });
  });

  it('asks for confirmation before saving a likely duplicate, then saves it when confirmed', async () => {
    const pollId = await ownPoll('2017-03-14', '2017-03-18');
    const polls = await t.db.poll.count();
    const again = levada({ fieldStart: '2017-03-14', fieldEnd: '2017-03-18', publishedAt: '' });
    const error = (await createPoll(t.db, ana, again).catch((e: unknown) => e)) as AppError;
    expect(isAppError(error, 'VALIDATION')).toBe(true);
    expect(error.fieldErrors?.confirmDuplicate?.[0]).toBe(
      `Poll #${pollId} by Levada Center (14 Mar 2017 – 18 Mar 2017) already asks this question. Tick “save anyway” if this is a different poll.`,
    );
    expect(await t.db.poll.count()).toBe(polls);
    const confirmed = await createPoll(
      t.db,
      ana,
      levada({ fieldStart: '2017-03-14', fieldEnd: '2017-03-18', publishedAt: '', confirmDuplicate: 'on', sampleSize: '1601' }),
    );
    expect(confirmed.id).toBeGreaterThan(pollId);
    expect(await t.db.poll.count()).toBe(polls + 1);
  });

  it('creates a new pollster typed into the form', async () => {
    const pollsterAudits = await auditCount('Pollster');
    const saved = await createPoll(
      t.db,
      ana,
      levada({ pollsterId: 'new', newPollsterName: 'FOM', fieldStart: '2019-01-10', fieldEnd: '2019-01-12', publishedAt: '' }),
    );
    expect(saved.pollsterSlugs).toEqual(['fom']);
    const fom = await t.db.pollster.findUniqueOrThrow({ where: { slug: 'fom' } });
    expect(await auditCount('Pollster', fom.id)).toBe(1);
    expect(await auditCount('Pollster')).toBe(pollsterAudits + 1);
  });

  it('refuses an option id of another question, naming the field', async () => {
    const other = await createQuestion(t.db, ana, ZQuestionInput.parse({ slug: 'other', title: 'Other', wording: 'Other?', options: 'Yes\nNo' }));
    const foreign = (await t.db.questionOption.findFirstOrThrow({ where: { questionId: other.id } })).id;
    const bad = levada({ fieldStart: '2019-02-01', fieldEnd: '2019-02-02', publishedAt: '' });
    const first = bad.questions[0];
    if (!first) throw new Error('fixture');
    first.results = [{ optionId: foreign, percent: 50 }];
    const error = (await createPoll(t.db, ana, bad).catch((e: unknown) => e)) as AppError;
    expect(error.fieldErrors?.['questions.0.results.0.optionId']).toEqual(['Option: not an option of this question.']);
  });

  it('edits with the current version, adds a public correction and bumps the version', async () => {
    const pollId = await ownPoll('2018-06-04', '2018-06-08');
    const input = ZPollUpdateInput.parse({
      ...ownForm(pollId, '2018-06-04', '2018-06-08'),
      version: '1',
      sampleSize: '1600',
      correctionNote: 'Field dates corrected.',
    });
    const third = input.questions[0]?.results[2];
    if (third) third.percent = 9.5;
    const saved = await updatePoll(t.db, ben, input);
    expect(saved.version).toBe(2);
    const poll = await t.db.poll.findUniqueOrThrow({ where: { id: pollId }, include: { corrections: true, questions: { include: { results: true } } } });
    expect(poll.corrections.map((c) => [c.note, c.userId])).toEqual([['Field dates corrected.', ben]]);
    expect(poll.questions[0]?.results.map((r) => r.percent).sort()).toEqual([17, 74, 9.5].sort());
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { entity: 'Poll', entityId: String(pollId) }, orderBy: { id: 'desc' } });
    expect(audit).toMatchObject({ action: 'correct', userId: ben });
    expect(JSON.parse(audit.before ?? '{}')).toMatchObject({ version: 1 });
    expect(JSON.parse(audit.after ?? '{}')).toMatchObject({ version: 2 });
  });

  it('two concurrent edits of the same version: exactly one wins, the other gets “changed by … — reload”, one audit row', async () => {
    const pollId = await ownPoll('2018-07-02', '2018-07-06');
    const audits = await auditCount('Poll', pollId);
    const a = ZPollUpdateInput.parse({ ...ownForm(pollId, '2018-07-02', '2018-07-06'), version: '1', sampleSize: '1700' });
    const b = ZPollUpdateInput.parse({ ...ownForm(pollId, '2018-07-02', '2018-07-06'), version: '1', sampleSize: '1800' });
    const outcomes = await Promise.allSettled([updatePoll(t.db, ana, a), updatePoll(t.db, ben, b)]);
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const error = lost[0]?.reason as AppError;
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(
      /^Changed by (Ana \(ana@example\.org\)|ben@example\.org) at \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC — reload to see their version\.$/,
    );
    expect(await auditCount('Poll', pollId)).toBe(audits + 1);
    const poll = await t.db.poll.findUniqueOrThrow({ where: { id: pollId } });
    expect(poll.version).toBe(2);
    // The winner's n is stored; the loser's is not.
    const winnerN = won[0]?.status === 'fulfilled' && outcomes[0]?.status === 'fulfilled' ? 1700 : 1800;
    expect(poll.sampleSize).toBe(winnerN);
  });

  it('a stale edit changes nothing', async () => {
    const pollId = await ownPoll('2018-08-06', '2018-08-10');
    await updatePoll(t.db, ben, ZPollUpdateInput.parse({ ...ownForm(pollId, '2018-08-06', '2018-08-10'), version: '1', sampleSize: '1650' }));
    const before = await t.db.poll.findUniqueOrThrow({ where: { id: pollId }, include: { questions: { include: { results: true } } } });
    expect(before.version).toBe(2);
    const stale = ZPollUpdateInput.parse({ ...ownForm(pollId, '2018-08-06', '2018-08-10'), version: '1', sampleSize: '999' });
    await expect(updatePoll(t.db, ana, stale)).rejects.toThrow(/reload to see their version/);
    const after = await t.db.poll.findUniqueOrThrow({ where: { id: pollId }, include: { questions: { include: { results: true } } } });
    expect(after).toEqual(before);
  });
});

describe('partial dates', () => {
  it('an edit keeps month precision while the dates are untouched, and stores days once they change', async () => {
    const saved = await createPoll(t.db, ana, levada({ fieldStart: '2016-05-01', fieldEnd: '2016-05-31', publishedAt: '', confirmDuplicate: 'on' }));
    await t.db.poll.update({ where: { id: saved.id }, data: { datePrecision: 'month' } });
    const form = { ...levadaForm(), fieldStart: '2016-05-01', fieldEnd: '2016-05-31', id: String(saved.id) };
    await updatePoll(t.db, ana, ZPollUpdateInput.parse({ ...form, version: '1', notes: 'n not given' }));
    expect((await t.db.poll.findUniqueOrThrow({ where: { id: saved.id } })).datePrecision).toBe('month');
    await updatePoll(t.db, ana, ZPollUpdateInput.parse({ ...form, version: '2', fieldStart: '2016-05-13', fieldEnd: '2016-05-16', confirmDuplicate: 'on' }));
    expect((await t.db.poll.findUniqueOrThrow({ where: { id: saved.id } })).datePrecision).toBe('day');
  });
});

/** The Levada poll as the form posts it (strings). */
function levadaForm() {
  return {
    pollsterId: String(pollsterId),
    fieldStart: '2018-11-22',
    fieldEnd: '2018-11-28',
    mode: 'face-to-face',
    sampleSize: '1600',
    questions: [
      {
        questionId: String(questionId),
        wording: 'Would you support or oppose transferring several Kuril islands to Japan for a peace treaty?',
        results: optionIds.map((id, i) => ({ optionId: String(id), percent: String([17, 74, 9][i]) })),
        breakdowns: [],
      },
    ],
  };
}

describe('questions, pollsters, indicators and observations', () => {
  it('refuses a taken slug on the slug field', async () => {
    const error = (await createQuestion(t.db, ana, ZQuestionInput.parse({ slug: 'kuril-transfer', title: 'Again', wording: 'Again?', options: 'A\nB' })).catch(
      (e: unknown) => e,
    )) as AppError;
    expect(error.fieldErrors?.slug).toEqual(['Slug: “kuril-transfer” is taken by another question.']);
  });

  it('renames and reorders options, but will not drop one that has results', async () => {
    // A question of this test alone, with one poll's results on each option.
    const own = await createQuestion(
      t.db,
      ana,
      ZQuestionInput.parse({ slug: 'kuril-renamed', title: 'Kuril options', wording: 'Transfer islands?', options: "For\nAgainst\nDon't know" }),
    );
    const ownOptions = await t.db.questionOption.findMany({ where: { questionId: own.id }, orderBy: { position: 'asc' } });
    expect(ownOptions).toHaveLength(3);
    const withResults = levada({ fieldStart: '2015-04-06', fieldEnd: '2015-04-09', publishedAt: '' });
    withResults.questions = [
      {
        questionId: own.id,
        wording: 'Transfer islands?',
        results: ownOptions.map((o, i) => ({ optionId: o.id, percent: [30, 60, 10][i] ?? 0 })),
        breakdowns: [],
      },
    ];
    await createPoll(t.db, ana, withResults);
    const q = await t.db.question.findUniqueOrThrow({ where: { id: own.id } });
    const base = { slug: 'kuril-renamed', title: 'Kuril options', wording: 'Transfer islands?', id: String(own.id) };
    const dropped = (await updateQuestion(
      t.db,
      ana,
      ZQuestionUpdateInput.parse({ ...base, version: String(q.version), options: 'for = For\nagainst = Against' }),
    ).catch((e: unknown) => e)) as AppError;
    expect(dropped.fieldErrors?.options?.[0]).toBe("Options: “Don't know” (dont_know) has 1 result and cannot be removed; rename it instead.");
    await updateQuestion(
      t.db,
      ana,
      ZQuestionUpdateInput.parse({ ...base, version: String(q.version), options: 'against = Against\nfor = For\ndont_know = Hard to say' }),
    );
    const options = await t.db.questionOption.findMany({ where: { questionId: own.id }, orderBy: { position: 'asc' } });
    expect(options.map((o) => [o.key, o.label])).toEqual([
      ['against', 'Against'],
      ['for', 'For'],
      ['dont_know', 'Hard to say'],
    ]);
  });

  it('keeps a target as a target and locks observation edits by version', async () => {
    const ind = await createIndicator(
      t.db,
      ana,
      ZIndicatorInput.parse({ slug: 'russia-japan-trade', name: 'Russia–Japan trade', unit: 'US$ bn', currency: 'USD' }),
    );
    const obs = await createObservation(
      t.db,
      ana,
      ZObservationInput.parse({ indicatorId: String(ind.id), period: '2017', value: '18', kind: 'actual', isPrimary: 'on' }),
    );
    const target = await createObservation(t.db, ana, ZObservationInput.parse({ indicatorId: String(ind.id), period: '2030', value: '30', kind: 'target' }));
    expect((await t.db.observation.findUniqueOrThrow({ where: { id: target.id } })).kind).toBe('target');
    await updateObservation(
      t.db,
      ben,
      ZObservationUpdateInput.parse({ id: String(obs.id), version: '1', indicatorId: String(ind.id), period: '2017', value: '18.2', kind: 'actual' }),
    );
    await expect(
      updateObservation(
        t.db,
        ana,
        ZObservationUpdateInput.parse({ id: String(obs.id), version: '1', indicatorId: String(ind.id), period: '2017', value: '17', kind: 'actual' }),
      ),
    ).rejects.toThrow('Changed by ben@example.org at');
    expect((await t.db.observation.findUniqueOrThrow({ where: { id: obs.id } })).value).toBe(18.2);
    expect(await auditCount('Observation', obs.id)).toBe(2);
  });
});
