/**
 * Issue #17, gaps 2 and 3: a release freezes the outcomes with the polls, so a pollster's accuracy
 * record as of a release is scored on the release's polls AND outcomes (older releases, without
 * frozen outcomes, say they use the current ones); and the detail routes /api/v1/questions/{slug},
 * /api/v1/polls/{id} and /api/v1/pollsters/{slug} take `?release=`. On the 2008 election seed
 * (566 polls, 55 outcomes), on SQLite and PostgreSQL (by Vitest project).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { seedElections } from '@/lib/seed/elections';
import { publishRelease } from '@/lib/writes/releases';
import { sha256 } from '@/lib/releases/snapshot';
import { GET as questionApi } from '@/app/api/v1/questions/[slug]/route';
import { GET as pollApi } from '@/app/api/v1/polls/[id]/route';
import { GET as pollsterApi } from '@/app/api/v1/pollsters/[slug]/route';
import { GET as releaseApi } from '@/app/api/v1/releases/[version]/route';
import { migrateAppDatabase, removeAppDatabase } from '@/tests/support/app-db';

await vi.hoisted(async () => {
  const { prepareAppDatabaseUrl } = await import('../support/app-db');
  await prepareAppDatabaseUrl();
});

interface ScoredPoll {
  pollId: number;
  outcome: string;
  pollMargin: number;
  outcomeMargin: number;
  error: number;
}
interface Accuracy {
  windowDays: number;
  outcomes: number;
  record: { polls: number; mae: number; bias: number; maeInterval: { low: number; high: number } | null } | null;
  polls: ScoredPoll[];
}
interface PollsterBody {
  release?: { version: string; publishedAt: string; url: string; outcomes: 'release' | 'current' };
  data: { pollCount: number; accuracy: Accuracy };
}
interface ErrorBody {
  error: { code: string; status: number; message: string; parameter?: string };
}

const get = async (
  handler: (r: Request, c: { params: Promise<Record<string, string>> }) => Promise<Response>,
  path: string,
  params: Record<string, string>,
) => {
  const res = await handler(new Request(`http://localhost${path}`), { params: Promise.resolve(params) });
  return { status: res.status, body: (await res.json()) as unknown };
};
const pollster = async (slug: string, query = '') => {
  const r = await get(pollsterApi as never, `/api/v1/pollsters/${slug}${query}`, { slug });
  expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
  return r.body as PollsterBody;
};

let slug = '';
/** The scored poll corrected after publication, and the race whose outcome is corrected. */
let corrected: ScoredPoll;
let atPublication: Accuracy;

beforeAll(async () => {
  await migrateAppDatabase();
  expect(await seedElections(db)).toEqual({ pollsCreated: 566, outcomesCreated: 55 });
  // The pollster with the most polls: its record has intervals.
  const [top] = await db.poll.groupBy({ by: ['pollsterId'], _count: { id: true }, orderBy: [{ _count: { id: 'desc' } }, { pollsterId: 'asc' }], take: 1 });
  slug = (await db.pollster.findUniqueOrThrow({ where: { id: top?.pollsterId ?? 0 } })).slug;
}, 240_000);
afterAll(removeAppDatabase);

describe('accuracy as of a release', { timeout: 120_000 }, () => {
  it('is scored on the outcomes and polls the release froze, while the current record follows corrections', async () => {
    atPublication = (await pollster(slug)).data.accuracy;
    expect(atPublication.record?.polls).toBeGreaterThan(2);
    expect(atPublication.record?.maeInterval).not.toBeNull();
    const published = await publishRelease(db, null, { version: '2026.12.1' }, { now: new Date('2026-12-01T10:00:00Z') });
    expect(published.outcomesRows).toBe(55);
    expect(published.changelog.outcomes?.added).toHaveLength(55);

    // As of the release, before anything changed: the same record, interval for interval.
    const frozen = await pollster(slug, '?release=2026.12.1');
    expect(frozen.release).toMatchObject({ version: '2026.12.1', url: '/releases/2026.12.1', outcomes: 'release' });
    expect(frozen.data.accuracy).toEqual(atPublication);

    // Corrections after publication: one race's result (+5 points for its first option) and one of
    // this pollster's polls in another race (+3 for the first option) — hand edits, one transaction.
    const [first, ...rest] = atPublication.polls;
    if (!first) throw new Error('no scored poll');
    corrected = rest.find((p) => p.outcome !== first.outcome) ?? first;
    const outcome = await db.outcome.findFirstOrThrow({
      where: { label: first.outcome },
      include: { results: { include: { option: true }, orderBy: { option: { position: 'asc' } } } },
    });
    const firstOutcomeOption = outcome.results[0];
    if (!firstOutcomeOption) throw new Error('no outcome result');
    const pollResult = await db.result.findFirstOrThrow({
      where: { pollQuestion: { pollId: corrected.pollId }, option: { position: firstOutcomeOption.option.position } },
    });
    await db.$transaction(async (tx) => {
      await tx.outcomeResult.update({ where: { id: firstOutcomeOption.id }, data: { percent: firstOutcomeOption.percent + 5 } });
      await tx.result.update({ where: { id: pollResult.id }, data: { percent: pollResult.percent + 3 } });
    });

    // The current record, derived by hand: the race's polls err 5 points less, the corrected poll 3 more.
    const expected = atPublication.polls.map((p) => {
      let error = p.error;
      if (p.outcome === first.outcome) error -= 5;
      if (p.pollId === corrected.pollId) error += 3;
      return [p.pollId, Math.round(error * 100) / 100];
    });
    const current = (await pollster(slug)).data.accuracy;
    expect(current.polls.map((p) => [p.pollId, Math.round(p.error * 100) / 100])).toEqual(expected);
    const mae = expected.reduce((s, [, e]) => s + Math.abs(e ?? 0), 0) / expected.length;
    // The API rounds to 2 decimals.
    expect(current.record?.mae).toBeCloseTo(mae, 2);
    expect(current.record?.mae).not.toBeCloseTo(atPublication.record?.mae ?? 0, 2);

    // As of the release: still the record it showed when published.
    const again = await pollster(slug, '?release=2026.12.1');
    expect(again.data.accuracy).toEqual(atPublication);
    expect(again.release?.outcomes).toBe('release');
  });

  it('names the corrected outcome in the next release’s changelog, with a checksum over the frozen outcomes', async () => {
    const next = await publishRelease(db, null, { version: '2026.12.2' }, { now: new Date('2026-12-02T10:00:00Z') });
    const outcome = await db.outcome.findFirstOrThrow({ where: { label: atPublication.polls[0]?.outcome ?? '' }, include: { question: true } });
    expect(next.changelog.outcomes).toEqual({
      added: [],
      corrected: [
        {
          key: `${outcome.question.slug}/${outcome.wordingKey}`,
          question: outcome.question.slug,
          label: outcome.label,
          date: outcome.date.toISOString(),
          changed: ['results'],
        },
      ],
      removed: [],
    });
    expect(next.changelog.corrected.map((c) => c.pollId)).toEqual([corrected.pollId]);

    const r = await get(releaseApi as never, '/api/v1/releases/2026.12.2', { version: '2026.12.2' });
    const body = r.body as {
      data: {
        outcomes: { frozen: boolean; sha256: string; rows: number; items: { key: string; results: { percent: number }[] }[] };
        changelog: { outcomes?: { corrected: { key: string }[] } };
      };
    };
    expect(body.data.outcomes).toMatchObject({ frozen: true, rows: 55, sha256: next.outcomesSha256 });
    // The stored bytes are {"schema_version":1,"outcomes":[…]} of exactly these items.
    expect(sha256(JSON.stringify({ schema_version: 1, outcomes: body.data.outcomes.items }))).toBe(next.outcomesSha256);
    expect(body.data.changelog.outcomes?.corrected.map((c) => c.key)).toEqual([`${outcome.question.slug}/${outcome.wordingKey}`]);
  });

  it('says a release published before outcomes were frozen is scored on the current outcomes', async () => {
    await publishRelease(db, null, { version: '2026.12.3' }, { now: new Date('2026-12-03T10:00:00Z') });
    // As such a release is stored: the columns came with the migration, empty.
    await db.release.update({ where: { version: '2026.12.3' }, data: { outcomesJson: null, outcomesSha256: null, outcomesRows: null } });
    const old = await pollster(slug, '?release=2026.12.3');
    expect(old.release?.outcomes).toBe('current');
    expect(old.data.accuracy).toEqual((await pollster(slug)).data.accuracy);
    const r = await get(releaseApi as never, '/api/v1/releases/2026.12.3', { version: '2026.12.3' });
    expect((r.body as { data: { outcomes: unknown } }).data.outcomes).toEqual({ frozen: false, sha256: null, rows: null, items: null });
  });
});

describe('detail routes take ?release=', { timeout: 120_000 }, () => {
  it('answers the question and the poll as frozen, with `release` beside `data`', async () => {
    const q = await get(questionApi as never, '/api/v1/questions/us-president-2008?release=2026.12.1', { slug: 'us-president-2008' });
    expect(q.status).toBe(200);
    type QBody = { release?: { version: string }; data: { polls: { id: number; results: { option: string; percent: number }[] }[] } };
    const frozenQ = q.body as QBody;
    const liveQ = (await get(questionApi as never, '/api/v1/questions/us-president-2008', { slug: 'us-president-2008' })).body as QBody;
    expect(frozenQ.release?.version).toBe('2026.12.1');
    expect(liveQ.release).toBeUndefined();
    const first = (b: QBody) => b.data.polls.find((p) => p.id === corrected.pollId)?.results.map((r) => r.percent);
    const frozenShares = first(frozenQ) ?? [];
    const liveShares = first(liveQ) ?? [];
    expect(frozenShares).toHaveLength(2);
    // Only the corrected share moved, by the 3 points added after publication.
    expect(liveShares.map((v, i) => Math.round((v - (frozenShares[i] ?? 0)) * 100) / 100).sort()).toEqual([0, 3]);

    type PBody = { release?: { version: string }; data: { id: number; questions: { results: { percent: number }[] }[] } };
    const frozenP = (await get(pollApi as never, `/api/v1/polls/${corrected.pollId}?release=2026.12.1`, { id: String(corrected.pollId) })).body as PBody;
    const liveP = (await get(pollApi as never, `/api/v1/polls/${corrected.pollId}`, { id: String(corrected.pollId) })).body as PBody;
    expect(frozenP.release?.version).toBe('2026.12.1');
    expect(frozenP.data.id).toBe(corrected.pollId);
    expect(frozenP.data.questions[0]?.results.map((r) => r.percent)).toEqual(frozenShares);
    expect(liveP.data.questions[0]?.results.map((r) => r.percent)).toEqual(liveShares);
  });

  it('answers a malformed release with 400 naming it, an unknown one with 404, on all three routes', async () => {
    const routes = [
      [questionApi, '/api/v1/questions/us-president-2008', { slug: 'us-president-2008' }],
      [pollApi, `/api/v1/polls/${corrected.pollId}`, { id: String(corrected.pollId) }],
      [pollsterApi, `/api/v1/pollsters/${slug}`, { slug }],
    ] as const;
    for (const [handler, path, params] of routes) {
      const bad = await get(handler as never, `${path}?release=2026.13.1`, params);
      expect(bad.status, path).toBe(400);
      expect((bad.body as ErrorBody).error).toMatchObject({ code: 'VALIDATION', status: 400, parameter: 'release' });
      const unknown = await get(handler as never, `${path}?release=2025.1.1`, params);
      expect(unknown.status, path).toBe(404);
      expect((unknown.body as ErrorBody).error).toEqual({ code: 'NOT_FOUND', status: 404, message: 'Release 2025.1.1 not found' });
    }
    const missing = await get(pollApi as never, '/api/v1/polls/999999?release=2026.12.1', { id: '999999' });
    expect(missing.status).toBe(404);
    expect((missing.body as ErrorBody).error.message).toBe('Poll 999999 in release 2026.12.1 not found');
  });
});
