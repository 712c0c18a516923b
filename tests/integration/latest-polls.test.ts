import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { listLatestPollsFor } from '@/lib/data/question-list';
import { createTempDatabase, type TempDatabase } from '../support/temp-db';

/**
 * The overview's "latest polls" (lib/data/question-list.ts listLatestPollsFor). Unfiltered, or by
 * pollster only, it starts from the index on Poll.fieldEnd (the newest polls, then their rows)
 * instead of every poll of every question: 1.4 s of CPU per overview at a million polls. The rows
 * must be the same as "every (poll, question) row, sorted by end of fieldwork, poll id, question id,
 * first `limit`", which this test computes on its own from what it wrote: ties on fieldEnd, polls
 * asking several questions, undated polls and polls without a question included.
 */
let temp: TempDatabase;
let client: PrismaClient;

interface Row {
  pollId: number;
  questionId: number;
  questionSlug: string;
  fieldEnd: Date;
  pollsterSlug: string;
}
const written: Row[] = [];

beforeAll(async () => {
  temp = await createTempDatabase('pollboard-latest-polls-');
  client = temp.db;
  const pollsters = await Promise.all(['alpha', 'beta'].map((slug) => client.pollster.create({ data: { slug: `lp-${slug}`, name: `LP ${slug}` } })));
  const questions = await Promise.all(
    [1, 2, 3].map((i) => client.question.create({ data: { slug: `lp-question-${i}`, title: `LP question ${i}`, wording: `Wording ${i}?` } })),
  );
  // 30 polls over 6 distinct end dates (five-way ties), alternating pollsters; poll i asks 1–3 questions.
  for (let i = 0; i < 30; i += 1) {
    const pollster = pollsters[i % 2];
    if (!pollster) throw new Error('pollster missing');
    const fieldEnd = new Date(Date.UTC(2030, 0, 1 + (i % 6)));
    const poll = await client.poll.create({ data: { pollsterId: pollster.id, fieldStart: fieldEnd, fieldEnd, sampleSize: 1000, sourceUrls: '[]' } });
    const asked = questions.slice(0, 1 + (i % 3));
    for (const [position, q] of asked.entries()) {
      await client.pollQuestion.create({ data: { pollId: poll.id, questionId: q.id, wording: q.wording, wordingKey: `w${q.id}`, position } });
      written.push({ pollId: poll.id, questionId: q.id, questionSlug: q.slug, fieldEnd, pollsterSlug: pollster.slug });
    }
  }
  const newest = new Date(Date.UTC(2031, 0, 1));
  // Newer than every poll above but asking nothing, and undated: neither is a "latest poll".
  await client.poll.create({ data: { pollsterId: pollsters[0]?.id ?? 0, fieldStart: newest, fieldEnd: newest, sampleSize: 500, sourceUrls: '[]' } });
  const undated = await client.poll.create({ data: { pollsterId: pollsters[0]?.id ?? 0, sampleSize: 500, sourceUrls: '[]' } });
  await client.pollQuestion.create({ data: { pollId: undated.id, questionId: questions[0]?.id ?? 0, wording: 'x', wordingKey: 'undated', position: 0 } });
}, 120_000);

afterAll(async () => {
  await temp.cleanup();
});

function expected(limit: number, pollster?: string): { pollId: number; questionSlug: string }[] {
  return written
    .filter((r) => pollster === undefined || r.pollsterSlug === pollster)
    .sort((a, b) => b.fieldEnd.getTime() - a.fieldEnd.getTime() || b.pollId - a.pollId || a.questionId - b.questionId)
    .slice(0, limit)
    .map((r) => ({ pollId: r.pollId, questionSlug: r.questionSlug }));
}

describe('listLatestPollsFor from the fieldEnd index', () => {
  it.each([1, 4, 10, 25])('gives the %i newest (poll, question) rows in order, ties broken by poll id then question', async (limit) => {
    const rows = await listLatestPollsFor({}, limit, client);
    expect(rows.map((r) => ({ pollId: r.pollId, questionSlug: r.questionSlug }))).toEqual(expected(limit));
  });

  it('filters by pollster the same way', async () => {
    const rows = await listLatestPollsFor({ pollster: 'lp-beta' }, 10, client);
    expect(rows.map((r) => ({ pollId: r.pollId, questionSlug: r.questionSlug }))).toEqual(expected(10, 'lp-beta'));
    expect(rows.every((r) => r.pollsterSlug === 'lp-beta')).toBe(true);
    expect(await listLatestPollsFor({ pollster: 'no-such-pollster' }, 10, client)).toEqual([]);
  });

  it('agrees with the question-first statement a text filter uses', async () => {
    // "LP question" matches every question: the filtered path must list the same rows.
    const filtered = await listLatestPollsFor({ q: 'LP question' }, 12, client);
    const unfiltered = await listLatestPollsFor({}, 12, client);
    expect(filtered).toEqual(unfiltered);
  });
});
