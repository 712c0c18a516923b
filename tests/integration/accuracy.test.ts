import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PrismaClient } from '@/lib/generated/prisma/client';

// Route handlers use the app's `db` (built from DATABASE_URL at import time): point it at this
// file's temp database first.
const dbFile = vi.hoisted(() => {
  const dir = `${process.env.TMPDIR ?? '/tmp'}/pollboard-accuracy-${process.pid}-${Date.now()}`;
  process.env.DATABASE_URL = `file:${dir}/test.db`;
  return `${dir}/test.db`;
});

type Ctx<P> = { params: Promise<P> };
let db: PrismaClient;
let pollsterApi: (r: Request, c: Ctx<{ slug: string }>) => Promise<Response>;

interface PollsterBody {
  data: {
    accuracy: {
      windowDays: number;
      outcomes: number;
      record: { polls: number; mae: number; bias: number; maeInterval: { low: number; high: number } | null } | null;
    };
    disclosureScore: { score: number | null; polls: number };
    herding: { question: string; pooled: { verdict: string; polls: number; pValue: number | null } }[];
  };
}

const rows = Papa.parse<Record<string, string>>(readFileSync(path.join(process.cwd(), 'prisma/seed-data/fte_raw_polls_1998_2009.csv'), 'utf8'), {
  header: true,
  skipEmptyLines: true,
}).data.filter((r) => r.year === '2008' && r.type_simple === 'Pres-G');
const day = 86_400_000;
const usDate = (s: string) => {
  const [m, d, y] = s.split('/').map(Number);
  return Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1);
};

beforeAll(async () => {
  // A copy of the run's migrated template (tests/support/sqlite-template.ts).
  const { createMigratedSqliteFile } = await import('../support/sqlite-template');
  await createMigratedSqliteFile(dbFile);
  ({ db } = await import('@/lib/db'));
  const { seedElections } = await import('@/lib/seed/elections');
  const first = await seedElections(db);
  expect(first).toEqual({ pollsCreated: 566, outcomesCreated: 55 });
  expect(await seedElections(db)).toEqual({ pollsCreated: 0, outcomesCreated: 0 });
  pollsterApi = (await import('@/app/api/v1/pollsters/[slug]/route')).GET;
});

afterAll(async () => {
  await db.$disconnect();
  rmSync(path.dirname(dbFile), { recursive: true, force: true });
});

async function pollster(slug: string, query = ''): Promise<PollsterBody> {
  const res = await pollsterApi(new Request(`http://localhost/api/v1/pollsters/${slug}${query}`), { params: Promise.resolve({ slug }) });
  expect(res.status).toBe(200);
  return (await res.json()) as PollsterBody;
}

describe('pollster accuracy against the 2008 presidential results', () => {
  it('matches FiveThirtyEight’s own error column for the same polls (MAE within rounding)', async () => {
    for (const [name, slug, windowDays] of [
      ['Rasmussen Reports', 'rasmussen-reports', 21],
      ['SurveyUSA', 'surveyusa', 21],
      ['Rasmussen Reports', 'rasmussen-reports', 7],
    ] as const) {
      const mine = rows.filter((r) => r.pollster === name && usDate(r.electiondate ?? '') - usDate(r.polldate ?? '') <= windowDays * day);
      const expectedMae = mine.reduce((s, r) => s + Number(r.error), 0) / mine.length;
      // FiveThirtyEight's bias is signed toward the Democrat (cand1) like ours: poll margin − actual margin.
      const expectedBias = mine.reduce((s, r) => s + (Number(r.margin_poll) - Number(r.margin_actual)), 0) / mine.length;
      const body = await pollster(slug, `?window=${windowDays}`);
      const acc = body.data.accuracy;
      expect(acc.windowDays).toBe(windowDays);
      expect(acc.record?.polls).toBe(mine.length);
      expect(acc.outcomes).toBe(new Set(mine.map((r) => r.race)).size);
      // the file's margin_actual is from unrounded shares: agree to within 0.02 points
      expect(Math.abs((acc.record?.mae ?? 0) - expectedMae)).toBeLessThan(0.02);
      expect(Math.abs((acc.record?.bias ?? 0) - expectedBias)).toBeLessThan(0.02);
      expect(acc.record?.maeInterval?.low).toBeLessThan(acc.record?.mae ?? 0);
      expect(acc.record?.maeInterval?.high).toBeGreaterThan(acc.record?.mae ?? 0);
    }
  });

  it('gives the disclosure score and a herding verdict with its test for a seeded pollster, and 400 on a bad window', async () => {
    const body = await pollster('rasmussen-reports');
    expect(body.data.disclosureScore.polls).toBe(rows.filter((r) => r.pollster === 'Rasmussen Reports').length);
    // FiveThirtyEight gives pollster, median date only (no start), n, mode and a source: conductedBy, sampleSize, mode, source (+ sponsor when named)
    expect(body.data.disclosureScore.score).toBeGreaterThanOrEqual((4 / 11) * 100 - 0.1);
    const h = body.data.herding.find((x) => x.question === 'us-president-2008');
    expect(h?.pooled.polls).toBeGreaterThanOrEqual(8);
    expect(h?.pooled.pValue).not.toBeNull();
    const bad = await pollsterApi(new Request('http://localhost/api/v1/pollsters/rasmussen-reports?window=0'), {
      params: Promise.resolve({ slug: 'rasmussen-reports' }),
    });
    expect(bad.status).toBe(400);
  });

  it('enters an outcome in one transaction with its audit row, and names bad fields', async () => {
    const { createOutcome } = await import('@/lib/writes/outcomes');
    await expect(
      createOutcome(db, null, {
        questionSlug: 'us-president-2008',
        wordingKey: 'x',
        label: 'Test',
        kind: 'poll',
        date: '2008-13-01',
        sourceUrl: 'nope',
        results: 'obama = 50',
      }),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
      fieldErrors: { kind: [expect.any(String)], date: [expect.any(String)], sourceUrl: [expect.any(String)], results: [expect.stringMatching(/two options/)] },
    });
    await expect(
      createOutcome(db, null, {
        questionSlug: 'us-president-2008',
        wordingKey: 'x',
        label: 'Test',
        kind: 'election',
        date: '2008-11-04',
        sourceUrl: 'https://example.org',
        results: 'obama = 50\nnader = 2',
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION', fieldErrors: { results: [expect.stringMatching(/nader/)] } });
    const before = await db.outcome.count();
    const saved = await createOutcome(db, null, {
      questionSlug: 'us-president-2008',
      wordingKey: 'hypothetical-race',
      label: 'Hypothetical race',
      kind: 'election',
      date: '2008-11-04',
      sourceUrl: 'https://example.org/result',
      results: 'obama = 51.5\nmccain = 47',
    });
    expect(await db.outcome.count()).toBe(before + 1);
    const results = await db.outcomeResult.findMany({ where: { outcomeId: saved.id }, include: { option: true } });
    expect(results.map((r) => [r.option.key, r.percent]).sort()).toEqual([
      ['mccain', 47],
      ['obama', 51.5],
    ]);
    expect(await db.auditEvent.count({ where: { entity: 'Outcome', entityId: String(saved.id), action: 'create' } })).toBe(1);
  });
});
