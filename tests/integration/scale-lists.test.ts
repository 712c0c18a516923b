import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

/**
 * Issue #14: with ~2,000 questions the overview, /api/v1/questions, the admin question list and
 * the poll form answered 500 (Prisma P2029: a relation load bound one parameter per question, past
 * the driver's limit). On a real database (SQLite file, and PostgreSQL in the `postgresql` project)
 * with 2,200 questions, 1,100 pollsters and one pollster of 1,200 polls, every list the pages and
 * the API read must answer, paginated, with counts derived here independently.
 */
await vi.hoisted(async () => {
  const { prepareAppDatabaseUrl } = await import('../support/app-db');
  await prepareAppDatabaseUrl();
});

vi.mock('next/headers', async () => (await import('../support/request-context')).nextHeadersMock);

import { migrateAppDatabase, removeAppDatabase } from '../support/app-db';
import { requestContext } from '../support/request-context';
import { sessionCookieSettings } from '@/lib/auth/cookie';
import { createSession } from '@/lib/auth/sessions';
import { GET as adminSearch } from '@/app/api/admin/search/route';
import { db } from '@/lib/db';
import { listLatestPollsFor, listQuestionFacets, searchQuestions } from '@/lib/data/question-list';
import { listPollsForAdmin, listPollstersForAdmin, listQuestionsForAdmin, loadPollForEdit, loadPollFormPicks, searchPollFormChoices } from '@/lib/data/entry';
import { getPollsterBySlug, listPolls } from '@/lib/data/polls';
import { GET as listQuestionsApi } from '@/app/api/v1/questions/route';
import { GET as publicSearch } from '@/app/api/search/route';

const QUESTIONS = 2_200;
const POLLSTERS = 1_100;
const BIG_POLLSTER_POLLS = 1_200;
const pad = (i: number) => String(i).padStart(4, '0');

let bigPollId = 0;

beforeAll(async () => {
  await migrateAppDatabase();
  // Zero-padded titles sort the same under every collation.
  await db.question.createMany({
    data: Array.from({ length: QUESTIONS }, (_, i) => ({
      slug: `race-${pad(i + 1)}`,
      title: `Race ${pad(i + 1)}`,
      wording: `Who will win race ${pad(i + 1)}?`,
      topic: i % 2 === 0 ? 'Elections' : 'Economy',
      country: i % 3 === 0 ? 'Russia, Japan' : 'Japan',
    })),
  });
  const questions = await db.question.findMany({ select: { id: true, slug: true }, orderBy: { id: 'asc' } });
  await db.questionOption.createMany({
    data: questions.flatMap((q) => ['yes', 'no', 'dk'].map((key, position) => ({ questionId: q.id, key, label: key.toUpperCase(), position }))),
  });
  await db.pollster.createMany({ data: Array.from({ length: POLLSTERS }, (_, i) => ({ slug: `pollster-${pad(i + 1)}`, name: `Pollster ${pad(i + 1)}` })) });
  const big = await db.pollster.findUniqueOrThrow({ where: { slug: 'pollster-0001' } });
  // The big pollster asks questions 1..1,200 once each, on consecutive days of 2020.
  const polls = await db.poll.createManyAndReturn({
    data: Array.from({ length: BIG_POLLSTER_POLLS }, (_, i) => ({
      pollsterId: big.id,
      fieldStart: new Date(Date.UTC(2020, 0, 1 + i)),
      fieldEnd: new Date(Date.UTC(2020, 0, 2 + i)),
      sampleSize: 1000,
      sourceUrls: '[]',
    })),
    select: { id: true, fieldEnd: true },
  });
  const byOrder = [...polls].sort((a, b) => (a.fieldEnd?.getTime() ?? 0) - (b.fieldEnd?.getTime() ?? 0));
  const pqs = await db.pollQuestion.createManyAndReturn({
    data: byOrder.map((p, i) => ({ pollId: p.id, questionId: questions[i]?.id ?? 0, wording: 'w', wordingKey: 'w' })),
    select: { id: true, questionId: true },
  });
  const options = await db.questionOption.findMany({ select: { id: true, questionId: true, position: true } });
  const optionOf = new Map(options.map((o) => [`${o.questionId}:${o.position}`, o.id]));
  await db.result.createMany({
    data: pqs.flatMap((pq) =>
      [50, 40, 10].map((percent, position) => ({ pollQuestionId: pq.id, optionId: optionOf.get(`${pq.questionId}:${position}`) ?? 0, percent })),
    ),
  });
  bigPollId = byOrder.at(-1)?.id ?? 0;
}, 180_000);

afterAll(async () => {
  await removeAppDatabase();
});

describe('question lists at 2,200 questions', () => {
  it('pages the overview list by title and counts every match', async () => {
    const first = await searchQuestions({}, { page: 1, pageSize: 24 });
    expect(first.total).toBe(QUESTIONS);
    expect(first.pages).toBe(Math.ceil(QUESTIONS / 24));
    expect(first.rows.map((r) => r.title)).toEqual(Array.from({ length: 24 }, (_, i) => `Race ${pad(i + 1)}`));
    expect(first.rows[0]?.options.map((o) => o.key)).toEqual(['yes', 'no', 'dk']);
    // Question 1 was asked once, by the big pollster, on 2 Jan 2020.
    expect(first.rows[0]?.pollCount).toBe(1);
    expect(first.rows[0]?.lastFieldEnd).toBe('2020-01-02T00:00:00.000Z');
    const last = await searchQuestions({}, { page: 10_000, pageSize: 24 });
    expect(last.page).toBe(first.pages);
    expect(last.rows).toHaveLength(QUESTIONS - 24 * (first.pages - 1));
  });

  it('filters by text (case-insensitive, wildcards literal), topic, country and pollster', async () => {
    // "race 01" is in Race 0100 … Race 0199 only.
    expect((await searchQuestions({ q: 'RACE 01' }, { pageSize: 10 })).total).toBe(100);
    expect((await searchQuestions({ q: '100%' }, { pageSize: 10 })).total).toBe(0);
    expect((await searchQuestions({ topic: 'Economy' }, { pageSize: 10 })).total).toBe(QUESTIONS / 2);
    // Every third question lists "Russia, Japan": Russia matches one entry of that list.
    expect((await searchQuestions({ country: 'Russia' }, { pageSize: 10 })).total).toBe(Math.ceil(QUESTIONS / 3));
    expect((await searchQuestions({ country: 'Japan' }, { pageSize: 10 })).total).toBe(QUESTIONS);
    expect((await searchQuestions({ pollster: 'pollster-0001' }, { pageSize: 10 })).total).toBe(BIG_POLLSTER_POLLS);
    expect((await searchQuestions({ pollster: 'pollster-0002' }, { pageSize: 10 })).total).toBe(0);
    expect(await listQuestionFacets()).toEqual({ topics: ['Economy', 'Elections'], countries: ['Japan', 'Russia'] });
  });

  it('lists the latest polls of the matching questions', async () => {
    const latest = await listLatestPollsFor({}, 10);
    expect(latest).toHaveLength(10);
    // The newest poll asked question 1,200 and ended 1,200 days after 1 Jan 2020.
    expect(latest[0]).toMatchObject({
      pollId: bigPollId,
      questionSlug: 'race-1200',
      fieldEnd: new Date(Date.UTC(2020, 0, 1 + BIG_POLLSTER_POLLS)).toISOString(),
    });
    expect((await listLatestPollsFor({ q: 'race 000' }, 10)).map((p) => p.questionSlug)).toEqual(Array.from({ length: 9 }, (_, i) => `race-${pad(9 - i)}`));
  });

  it('answers /api/v1/questions page by page', async () => {
    const res = await listQuestionsApi(new Request('http://localhost/api/v1/questions?pageSize=500&page=5'));
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      data: { slug: string }[];
      pagination: { total: number; totalPages: number; next: string | null; prev: string | null };
    };
    expect(body.data).toHaveLength(QUESTIONS - 4 * 500);
    expect(body.data[0]?.slug).toBe('race-2001');
    expect(body.pagination).toMatchObject({ total: QUESTIONS, totalPages: 5, next: null, prev: '/api/v1/questions?pageSize=500&page=4' });
    const bad = await listQuestionsApi(new Request('http://localhost/api/v1/questions?pageSize=5000'));
    expect(bad.status).toBe(400);
  });

  it('searches pollsters and questions for the public pickers', async () => {
    const res = await publicSearch(new Request('http://localhost/api/search?kind=pollster&q=pollster%20100'));
    const body = (await res.json()) as { items: { value: string; label: string }[] };
    // Only Pollster 1000 … 1009 contain "pollster 100" ("Pollster 0100" does not).
    expect(body.items.map((i) => i.value)).toEqual(Array.from({ length: 10 }, (_, i) => `pollster-${pad(1000 + i)}`));
    const questions = (await (await publicSearch(new Request('http://localhost/api/search?kind=question&q=race%20219'))).json()) as {
      items: { value: string }[];
    };
    expect(questions.items.map((i) => i.value)).toEqual(Array.from({ length: 10 }, (_, i) => `race-${pad(2190 + i)}`));
    expect((await publicSearch(new Request('http://localhost/api/search?kind=poll'))).status).toBe(400);
  });
});

describe('admin lists and the poll form at 2,200 questions', () => {
  it('pages and searches the admin question and pollster lists', async () => {
    const questions = await listQuestionsForAdmin({ page: 44 });
    expect(questions).toMatchObject({ total: QUESTIONS, page: 44, pages: 44 });
    expect(questions.rows[0]?.title).toBe('Race 2151');
    expect(questions.rows[0]?.options).toEqual(['YES', 'NO', 'DK']);
    expect((await listQuestionsForAdmin({ q: 'race 2' })).total).toBe(QUESTIONS - 1999);
    const pollsters = await listPollstersForAdmin({ q: 'Pollster 0001' });
    expect(pollsters.rows).toEqual([expect.objectContaining({ slug: 'pollster-0001', polls: BIG_POLLSTER_POLLS })]);
    expect((await listPollstersForAdmin({ page: 2 })).rows[0]?.name).toBe('Pollster 0051');
  });

  it('starts the edit form with the poll’s own choices and finds the rest by search', async () => {
    const poll = await loadPollForEdit(bigPollId);
    expect(poll).not.toBeNull();
    const picks = await loadPollFormPicks(poll);
    expect(picks.pollsters.map((p) => p.name)).toEqual(['Pollster 0001']);
    expect(picks.questions.map((q) => [q.slug, q.options.length])).toEqual([['race-1200', 3]]);
    expect(await loadPollFormPicks(null)).toEqual({ pollsters: [], questions: [] });
    const found = await searchPollFormChoices('question', 'race 0002');
    expect(found.map((q) => q.title)).toEqual(['Race 0002']);
    expect(found[0]?.options.map((o) => o.label)).toEqual(['YES', 'NO', 'DK']);
    expect(await searchPollFormChoices('question', '')).toHaveLength(20);
    expect((await searchPollFormChoices('pollster', 'pollster 110')).map((p) => p.name)).toEqual(['Pollster 1100']);
  });

  it('answers the admin pickers’ search only to a signed-in editor', async () => {
    requestContext.reset();
    const url = 'http://localhost/api/admin/search?kind=question&q=race%200002';
    expect((await adminSearch(new Request(url))).status).toBe(401);
    const user = await db.user.create({ data: { email: 'editor@example.org', role: 'editor', passwordHash: 'x' } });
    const { token } = await createSession(db, user.id);
    const cookie = sessionCookieSettings().name;
    requestContext.cookies.set(cookie, { name: cookie, value: token });
    const res = await adminSearch(new Request(url));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: { value: string; label: string; data: { options: { label: string }[] } }[] };
    expect(body.items.map((i) => i.label)).toEqual(['Race 0002']);
    expect(body.items[0]?.data.options.map((o) => o.label)).toEqual(['YES', 'NO', 'DK']);
    expect((await adminSearch(new Request('http://localhost/api/admin/search?kind=user'))).status).toBe(400);
    requestContext.reset();
  });

  it('pages polls by question, by pollster and by search text, newest first', async () => {
    const byQuestion = await listPolls({ offset: 0, limit: 50 }, { question: 'race-0003' });
    expect(byQuestion.total).toBe(1);
    expect(byQuestion.polls[0]?.fieldEnd).toBe(new Date(Date.UTC(2020, 0, 4)).toISOString());
    const byPollster = await listPolls({ offset: 50, limit: 50 }, { pollster: 'pollster-0001' });
    expect(byPollster.total).toBe(BIG_POLLSTER_POLLS);
    // Newest first: the 51st newest poll ended 1,200 − 50 days after 1 Jan 2020.
    expect(byPollster.polls[0]?.fieldEnd).toBe(new Date(Date.UTC(2020, 0, 1 + BIG_POLLSTER_POLLS - 50)).toISOString());
    expect((await listPolls({ offset: 0, limit: 50 }, { pollster: 'pollster-0002' })).total).toBe(0);
    expect((await listPolls({ offset: 0, limit: 50 }, { question: 'no-such-question' })).total).toBe(0);
    // Admin search: pollster names, or question titles ("race 000" is in Race 0001 … Race 0009).
    expect((await listPollsForAdmin({ page: 1, q: 'pollster 0001' })).total).toBe(BIG_POLLSTER_POLLS);
    const byTitle = await listPollsForAdmin({ page: 1, q: 'RACE 000' });
    expect(byTitle.total).toBe(9);
    expect(byTitle.rows.map((r) => r.questions[0]?.slug)).toEqual(Array.from({ length: 9 }, (_, i) => `race-${pad(9 - i)}`));
    expect((await listPollsForAdmin({ page: 2 })).rows).toHaveLength(50);
  });

  it('reads a pollster of 1,200 polls', async () => {
    const pollster = await getPollsterBySlug('pollster-0001');
    expect(pollster?.polls).toHaveLength(BIG_POLLSTER_POLLS);
    expect(pollster?.polls[0]?.id).toBe(bigPollId);
    expect(new Set(pollster?.polls.map((p) => p.questions[0]?.question.slug)).size).toBe(BIG_POLLSTER_POLLS);
  });
});
