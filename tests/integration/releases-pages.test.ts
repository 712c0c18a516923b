/**
 * `?release=` on the overview, pollster, indicator and compare pages (issue #17): the data as a
 * release froze it, against the current data after a later correction, with what changed since.
 * Runs on SQLite and PostgreSQL (the app's shared client, tests/support/app-db.ts).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { migrateAppDatabase, removeAppDatabase } from '@/tests/support/app-db';
import { seedDemo } from '@/lib/seed/demo';
import { seedElections } from '@/lib/seed/elections';
import { publishRelease } from '@/lib/writes/releases';
import { getPollsterBySlug } from '@/lib/data/polls';
import { getIndicatorBySlug } from '@/lib/data/indicators';
import { getQuestionBySlug } from '@/lib/data/questions';
import { indicatorAtRelease, overviewAtRelease, pollsterAtRelease, questionAtRelease } from '@/lib/data/releases';
import { indicatorChanges, pollsterChanges } from '@/lib/releases/snapshot';
import { buildQuestionCard } from '@/lib/charts/overview';
import { buildIndicatorChart } from '@/lib/charts/indicator';
import { GET as indicatorFile } from '@/app/api/v1/indicators/[slug]/[file]/route';
import { compareDataResponse } from '@/lib/api/compare-route';

await vi.hoisted(async () => {
  const { prepareAppDatabaseUrl } = await import('../support/app-db');
  await prepareAppDatabaseUrl();
});

const V1 = '2026.12.1';
let levadaPollId = 0;
let observationId = 0;
let oldValue = 0;
let newValue = 0;

beforeAll(async () => {
  await migrateAppDatabase();
  await seedDemo(db);
  await seedElections(db);
  await publishRelease(db, null, { version: V1 }, { now: new Date('2026-12-01T10:00:00Z') });
  // After publishing, an editor corrects the seed story's poll (74% → 73% against) and the newest
  // actual trade figure (+1.5), each in one transaction with its audit row.
  const poll = await db.poll.findFirstOrThrow({
    where: { pollster: { slug: 'levada-center' }, sampleSize: 1600, questions: { some: { question: { slug: 'kuril-transfer' } } } },
  });
  levadaPollId = poll.id;
  const result = await db.result.findFirstOrThrow({ where: { pollQuestion: { pollId: poll.id }, option: { key: 'against' } } });
  expect(result.percent).toBe(74);
  await db.$transaction(async (tx) => {
    await tx.result.update({ where: { id: result.id }, data: { percent: 73 } });
    await tx.poll.update({ where: { id: poll.id }, data: { version: { increment: 1 } } });
    await tx.auditEvent.create({ data: { entity: 'Poll', entityId: String(poll.id), action: 'update', after: '{"against":73}' } });
  });
  const obs = await db.observation.findFirstOrThrow({
    where: { indicator: { slug: 'russia-japan-trade' }, kind: 'actual', isPrimary: true },
    orderBy: [{ periodStart: 'desc' }, { id: 'desc' }],
  });
  observationId = obs.id;
  oldValue = obs.value;
  newValue = Math.round((obs.value + 1.5) * 100) / 100;
  await db.$transaction(async (tx) => {
    await tx.observation.update({ where: { id: obs.id }, data: { value: newValue } });
    await tx.auditEvent.create({ data: { entity: 'Observation', entityId: String(obs.id), action: 'update', after: JSON.stringify({ value: newValue }) } });
  });
});
afterAll(removeAppDatabase);

const against = (card: ReturnType<typeof buildQuestionCard>) => card.latest?.bars.find((b) => b.key === 'against')?.percent;

describe('overview as of a release', () => {
  it('shows the frozen latest result, and names the correction made since', async () => {
    const frozen = await overviewAtRelease(V1, { q: 'kuril' }, { page: 1, pageSize: 24, latest: 10 });
    if (!frozen) throw new Error('release not found');
    const kuril = frozen.questions.rows.find((q) => q.slug === 'kuril-transfer');
    if (!kuril) throw new Error('kuril-transfer not in the release');
    const levada = kuril.polls.find((p) => p.pollId === levadaPollId);
    expect(levada?.results.find((r) => r.optionKey === 'against')?.percent).toBe(74);
    const live = await getQuestionBySlug('kuril-transfer');
    if (!live) throw new Error('no live question');
    expect(live.polls.find((p) => p.pollId === levadaPollId)?.results.find((r) => r.optionKey === 'against')?.percent).toBe(73);
    // The card of the release and the current card differ only if the corrected poll is the newest.
    if (live.polls[0]?.pollId === levadaPollId) {
      expect(against(buildQuestionCard(kuril))).toBe(74);
      expect(against(buildQuestionCard(live))).toBe(73);
    }
    expect(frozen.changes).toContainEqual({
      key: `poll-${levadaPollId}`,
      label: 'Levada Center, 2018-11-28',
      href: `/polls/${levadaPollId}`,
      kind: 'corrected',
    });
    // The indicator correction is listed too, on the indicator's card.
    expect(frozen.changes.filter((c) => c.key === `observation-${observationId}`).map((c) => c.kind)).toEqual(['corrected']);
    // The frozen indicator card keeps the old value.
    expect(frozen.indicators.find((i) => i.slug === 'russia-japan-trade')?.observations.find((o) => o.id === observationId)?.value).toBe(oldValue);
  });

  it('filters by text in either language, case-insensitively, and pages like the live overview', async () => {
    const cyrillic = await overviewAtRelease(V1, { q: 'КУРИЛЬСКОЙ' }, { page: 1, pageSize: 24, latest: 10 });
    expect(cyrillic?.questions.rows.map((q) => q.slug)).toEqual(['kuril-transfer']);
    const all = await overviewAtRelease(V1, {}, { page: 1, pageSize: 1, latest: 3 });
    const questionsInRelease = await db.question.count({ where: { asked: { some: {} } } });
    expect(all?.questions.total).toBe(questionsInRelease);
    expect(all?.questions.pages).toBe(questionsInRelease);
    expect(all?.questions.rows).toHaveLength(1);
    expect(all?.latestPolls).toHaveLength(3);
    const dates = (all?.latestPolls ?? []).map((p) => p.fieldEnd ?? '');
    expect([...dates].sort().reverse()).toEqual(dates);
    const byPollster = await overviewAtRelease(V1, { pollster: 'levada-center' }, { page: 1, pageSize: 100, latest: 50 });
    expect(byPollster?.latestPolls.every((p) => p.pollsterSlug === 'levada-center')).toBe(true);
    // A pollster filter hides indicators, as on the live overview.
    expect(byPollster?.indicators).toEqual([]);
  });

  it('is null for a release that does not exist', async () => {
    expect(await overviewAtRelease('2030.1.1', {}, { page: 1, pageSize: 24, latest: 10 })).toBeNull();
    expect(await overviewAtRelease('not-a-version', {}, { page: 1, pageSize: 24, latest: 10 })).toBeNull();
  });
});

describe('pollster page as of a release', () => {
  it('has the frozen polls and names the corrected one', async () => {
    const live = await getPollsterBySlug('levada-center');
    if (!live) throw new Error('no Levada Center');
    const frozen = await pollsterAtRelease(V1, live);
    if (!frozen) throw new Error('release not found');
    expect(frozen.polls.map((p) => p.id).sort((a, b) => a - b)).toEqual(live.polls.map((p) => p.id).sort((a, b) => a - b));
    const percentIn = (polls: typeof live.polls) =>
      polls
        .find((p) => p.id === levadaPollId)
        ?.questions.find((q) => q.question.slug === 'kuril-transfer')
        ?.results.find((r) => r.optionKey === 'against')?.percent;
    expect(percentIn(frozen.polls)).toBe(74);
    expect(percentIn(live.polls)).toBe(73);
    expect(pollsterChanges(frozen.polls, live.polls)).toEqual([
      { pollId: levadaPollId, pollster: 'Levada Center', fieldEnd: '2018-11-28T00:00:00.000Z', kind: 'corrected' },
    ]);
    // Every other pollster's page: nothing changed since (the frozen and live views compare equal).
    const others = await db.pollster.findMany({ where: { slug: { not: 'levada-center' }, polls: { some: {} } }, select: { slug: true } });
    expect(others.length).toBeGreaterThan(5);
    for (const { slug } of others) {
      const otherLive = await getPollsterBySlug(slug);
      if (!otherLive) throw new Error(`no pollster ${slug}`);
      const frozenPolls = (await pollsterAtRelease(V1, otherLive))?.polls ?? [];
      expect(frozenPolls.length, slug).toBe(otherLive.polls.length);
      expect(pollsterChanges(frozenPolls, otherLive.polls), slug).toEqual([]);
    }
  });
});

describe('indicator page as of a release', () => {
  it('draws the frozen value while the current chart shows the correction', async () => {
    const live = await getIndicatorBySlug('russia-japan-trade');
    const frozen = await indicatorAtRelease(V1, 'russia-japan-trade', live);
    if (!live || !frozen) throw new Error('indicator missing');
    expect(frozen.observations).toHaveLength(live.observations.length);
    expect(frozen.observations.find((o) => o.id === observationId)?.value).toBe(oldValue);
    expect(live.observations.find((o) => o.id === observationId)?.value).toBe(newValue);
    expect(buildIndicatorChart(frozen).latestActual?.value).toBe(oldValue);
    expect(buildIndicatorChart(live).latestActual?.value).toBe(newValue);
    expect(indicatorChanges(frozen, live)).toEqual([
      { key: `observation-${observationId}`, label: expect.stringContaining('(actual)'), href: null, kind: 'corrected' },
    ]);
    // Same description, topic and country as the live indicator (not in the dump).
    expect(frozen.topic).toBe(live.topic);
    expect(frozen.name).toBe(live.name);
  });

  it('serves the series data as of the release, and 404 for an unknown release', async () => {
    const file = (query: string) =>
      indicatorFile(new Request(`http://localhost/api/v1/indicators/russia-japan-trade/series.json${query}`), {
        params: Promise.resolve({ slug: 'russia-japan-trade', file: 'series.json' }),
      });
    const valueOf = async (query: string) => {
      const body = (await (await file(query)).json()) as { rows: Record<string, unknown>[] } | Record<string, unknown>[];
      const rows = Array.isArray(body) ? body : body.rows;
      return JSON.stringify(rows);
    };
    const atRelease = await valueOf(`?release=${V1}`);
    const current = await valueOf('');
    expect(atRelease).not.toBe(current);
    expect(atRelease).toContain(String(oldValue));
    expect((await file('?release=2030.1.1')).status).toBe(404);
    expect((await file('?release=bad')).status).toBe(400);
  });
});

describe('compare data as of a release', () => {
  it('has both panels as frozen', async () => {
    const url = (query: string) => new Request(`http://localhost/api/v1/compare.json?question=kuril-transfer&indicator=russia-japan-trade${query}`);
    const frozen = await (await compareDataResponse(url(`&release=${V1}`), 'json')).text();
    const current = await (await compareDataResponse(url(''), 'json')).text();
    expect(frozen).not.toBe(current);
    expect((await compareDataResponse(url('&release=2030.1.1'), 'json')).status).toBe(404);
    // The question panel of the release is the question rebuilt from the frozen dump.
    const q = await questionAtRelease(V1, 'kuril-transfer', null);
    expect(q?.polls.find((p) => p.pollId === levadaPollId)?.results.find((r) => r.optionKey === 'against')?.percent).toBe(74);
  });
});
