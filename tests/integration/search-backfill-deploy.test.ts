/**
 * Upgrading a database with data to the pollster_search migration (issue #17, gap 1): the migration
 * adds PollsterSearch and empties QuestionSearch (the fold changed), and `npm run db:deploy` — what a
 * release runs before `next start`, which never backfills — fills both for the rows already there.
 * Run as a user runs it (a child process), on SQLite and PostgreSQL (by Vitest project).
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDbClient, type PrismaClient } from '@/lib/db';
import { deployMigrations } from '@/lib/migrations/deploy';
import { searchPollsters, searchQuestions } from '@/lib/data/question-list';
import { createEmptyPostgresDatabase, dropPostgresDatabase, testingOnPostgres } from '@/tests/support/postgres';

const MIGRATION = 'pollster_search';
const root = process.cwd();
let dir = '';
let url = '';
let client: PrismaClient | null = null;

const db = () => {
  if (!client) throw new Error('no client');
  return client;
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pollboard-search-deploy-'));
  url = testingOnPostgres() ? await createEmptyPostgresDatabase('pollboard_search_deploy') : `file:${path.join(dir, 'old.db')}`;
  // The database as the previous release left it: every migration before this one.
  const source = path.join(root, 'prisma', testingOnPostgres() ? 'migrations-postgresql' : 'migrations');
  const older = path.join(dir, 'migrations');
  await cp(source, older, { recursive: true });
  const folders = (await readdir(older, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  const ours = folders.filter((f) => f.endsWith(`_${MIGRATION}`));
  expect(ours).toHaveLength(1);
  const later = folders.filter((f) => f >= (ours[0] ?? ''));
  for (const f of later) await rm(path.join(older, f), { recursive: true });
  await deployMigrations({ databaseUrl: url, migrationsDir: older, log: () => {} });
  client = createDbClient(url);
  // Rows the old release wrote (as SQL here: today's write path would also fill the new table).
  const now = new Date('2026-11-01T00:00:00.000Z');
  await db()
    .$executeRaw`INSERT INTO "Pollster" ("slug", "name", "updatedAt") VALUES ('levada-tsentr', 'Левада-Центр', ${now}), ('norstat', 'Norstat for Høyre', ${now})`;
  await db().$executeRaw`INSERT INTO "Question" ("slug", "title", "wording", "updatedAt") VALUES ('aero', 'Ærø ferry', 'Keep the Ærø ferry?', ${now})`;
  const q = await db().$queryRaw<{ id: number | bigint }[]>`SELECT "id" FROM "Question" WHERE "slug" = 'aero'`;
  // The old fold kept accents: its row would never match "aero".
  await db().$executeRaw`INSERT INTO "QuestionSearch" ("questionId", "text") VALUES (${Number(q[0]?.id)}, 'ærø ferry')`;
}, 120_000);

afterAll(async () => {
  await client?.$disconnect();
  if (testingOnPostgres() && url) await dropPostgresDatabase(url);
  await rm(dir, { recursive: true, force: true });
});

describe('db:deploy to the pollster_search migration', { timeout: 240_000 }, () => {
  it('applies it and fills the folded search text of existing pollsters and questions', async () => {
    // As a release does: the old release's server is stopped before db:deploy (a SQLite file in WAL
    // mode is migrated only with no other connection open: lib/migrations/deploy.ts ensureWal).
    await client?.$disconnect();
    client = null;
    const run = spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), ['scripts/db-deploy.ts'], {
      env: { ...process.env, DATABASE_URL: url },
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`applied \\d+_${MIGRATION}`));
    expect(run.stdout).toContain('indexed 1 question(s) and 2 pollster(s) for search');
    client = createDbClient(url);

    const rows = await db().pollsterSearch.findMany({ include: { pollster: { select: { slug: true } } }, orderBy: { pollsterId: 'asc' } });
    expect(rows.map((r) => [r.pollster.slug, r.text])).toEqual([
      ['levada-tsentr', 'левада-центр\u001flevada-tsentr'],
      ['norstat', 'norstat for hoyre\u001fnorstat'],
    ]);
    expect((await searchPollsters('ЛЕВАДА', 20, db())).map((p) => p.slug)).toEqual(['levada-tsentr']);
    expect((await searchPollsters('for hoyre', 20, db())).map((p) => p.slug)).toEqual(['norstat']);
    expect((await searchQuestions({ q: 'aero ferry' }, { page: 1, pageSize: 10 }, db())).rows.map((r) => r.slug)).toEqual(['aero']);

    // Run again: nothing pending, nothing to fill.
    const again = spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), ['scripts/db-deploy.ts'], {
      env: { ...process.env, DATABASE_URL: url },
      encoding: 'utf8',
    });
    expect(again.status).toBe(0);
    expect(again.stdout).not.toContain('indexed');
  });
});
