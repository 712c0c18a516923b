import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDbClient } from '@/lib/db';
import { COPY_ORDER, copyDatabase, modelsMissingFromCopyOrder } from '@/lib/writes/db-copy';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { deployMigrations } from '@/lib/migrations/deploy';
import { seedDemo } from '@/lib/seed/demo';
import { createEmptyPostgresDatabase, dropPostgresDatabase } from '../../support/postgres';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

/** Everything a page reads, in a stable order, so two databases can be compared row for row. */
async function snapshot(db: PrismaClient) {
  return {
    pollsters: await db.pollster.findMany({ orderBy: { id: 'asc' } }),
    questions: await db.question.findMany({ orderBy: { id: 'asc' }, include: { options: { orderBy: { id: 'asc' } } } }),
    polls: await db.poll.findMany({ orderBy: { id: 'asc' } }),
    pollQuestions: await db.pollQuestion.findMany({ orderBy: { id: 'asc' } }),
    results: await db.result.findMany({ orderBy: { id: 'asc' } }),
    indicators: await db.indicator.findMany({ orderBy: { id: 'asc' } }),
    observations: await db.observation.findMany({ orderBy: { id: 'asc' } }),
    audit: await db.auditEvent.findMany({ orderBy: { id: 'asc' } }),
  };
}

function runCopy(args: string[]) {
  return spawnSync(process.execPath, [tsx, 'scripts/db-copy.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
}

describe('db:copy between SQLite and PostgreSQL with the seeded demo data', () => {
  let dir: string;
  let sqliteUrl: string;
  let pgUrl: string;
  let expected: Awaited<ReturnType<typeof snapshot>>;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pollboard-copy-'));
    sqliteUrl = `file:${path.join(dir, 'source.db')}`;
    await deployMigrations({ databaseUrl: sqliteUrl });
    const db = createDbClient(sqliteUrl);
    try {
      await seedDemo(db);
      // A gap in the ids: the copy must keep ids, not renumber.
      const doomed = await db.pollster.create({ data: { slug: 'deleted', name: 'Deleted' } });
      await db.pollster.delete({ where: { id: doomed.id } });
      await db.pollster.create({ data: { slug: 'fom', name: 'FOM', aaporMember: false } });
      expected = await snapshot(db);
    } finally {
      await db.$disconnect();
    }
    pgUrl = await createEmptyPostgresDatabase('pollboard_copy');
  });

  afterAll(async () => {
    await dropPostgresDatabase(pgUrl);
    rmSync(dir, { recursive: true, force: true });
  });

  it('knows every model of the schema', () => {
    expect(modelsMissingFromCopyOrder()).toEqual([]);
  });

  it('copies SQLite → PostgreSQL through the CLI, printing matching counts per table', () => {
    const result = runCopy(['--from', sqliteUrl, '--to', pgUrl, '--batch-size', '100']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Poll\s+589\s+589$/m);
    // 3 Russian + 30 impeachment pollsters from the seed, + FOM added above (one more was deleted).
    expect(result.stdout).toMatch(/^Pollster\s+34\s+34$/m);
    expect(result.stdout).toMatch(/^Observation\s+21\s+21$/m);
    for (const table of COPY_ORDER) expect(result.stdout).toMatch(new RegExp(`^${table}\\s+\\d+\\s+\\d+$`, 'm'));
    expect(result.stdout).toMatch(new RegExp(`db:copy: copied \\d+ rows in ${COPY_ORDER.length} tables .* counts match`));
  });

  it('the PostgreSQL copy has the same rows with the same ids, and new rows get fresh ids', async () => {
    const db = createDbClient(pgUrl);
    try {
      expect(await snapshot(db)).toEqual(expected);
      const maxId = Math.max(...expected.pollsters.map((p) => p.id));
      const next = await db.pollster.create({ data: { slug: 'new-one', name: 'New' } });
      expect(next.id).toBe(maxId + 1); // the sequence was reset past the copied ids
      const poll = await db.poll.create({ data: { pollsterId: next.id } });
      expect(poll.id).toBe(Math.max(...expected.polls.map((p) => p.id)) + 1);
      await db.poll.delete({ where: { id: poll.id } });
      await db.pollster.delete({ where: { id: next.id } });
    } finally {
      await db.$disconnect();
    }
  });

  it('refuses a non-empty target without --force and leaves it untouched', () => {
    const result = runCopy(['--from', sqliteUrl, '--to', pgUrl]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(/^db:copy: target is not empty \(Pollster 34, Question 5, .*\); use --force to replace its contents$/);
  });

  it('copies PostgreSQL → a new SQLite file, and with force over a non-empty one', async () => {
    const backUrl = `file:${path.join(dir, 'back.db')}`;
    const report = await copyDatabase({ fromUrl: pgUrl, toUrl: backUrl });
    expect(report.tables.find((t) => t.table === 'Poll')).toEqual({ table: 'Poll', source: 589, target: 589 });
    expect(existsSync(path.join(dir, 'back.db'))).toBe(true);
    const back = createDbClient(backUrl);
    try {
      expect(await snapshot(back)).toEqual(expected);
      // The SQLite AUTOINCREMENT counter follows the copied ids too.
      const next = await back.pollster.create({ data: { slug: 'after-copy', name: 'After' } });
      expect(next.id).toBe(Math.max(...expected.pollsters.map((p) => p.id)) + 1);
    } finally {
      await back.$disconnect();
    }

    await expect(copyDatabase({ fromUrl: pgUrl, toUrl: backUrl })).rejects.toThrow(/target is not empty/);
    const forced = await copyDatabase({ fromUrl: pgUrl, toUrl: backUrl, force: true });
    expect(forced.tables.every((t) => t.source === t.target)).toBe(true);
    const again = createDbClient(backUrl);
    try {
      expect(await again.pollster.findUnique({ where: { slug: 'after-copy' } })).toBeNull();
      expect(await snapshot(again)).toEqual(expected);
    } finally {
      await again.$disconnect();
    }
  });
});
