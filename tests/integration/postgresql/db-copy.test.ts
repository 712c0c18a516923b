import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDbClient } from '@/lib/db';
import { COPY_ORDER, copyDatabase, modelsMissingFromCopyOrder } from '@/lib/writes/db-copy';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { deployMigrations } from '@/lib/migrations/deploy';
import { seedDemo } from '@/lib/seed/demo';
import {
  createEmptyPostgresDatabase,
  createMigratedPostgresDatabase,
  dropPostgresDatabase,
  SEEDED_TEMPLATE_DATABASE,
  TEMPLATE_DATABASE,
} from '../../support/postgres';
import { copySeededSqliteFile } from '../../support/sqlite-template';

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

const execFileAsync = promisify(execFile);

/** The CLI as a user runs it; async, so the worker's event loop (and PostgreSQL pool) keeps going meanwhile. */
async function runCopy(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [tsx, 'scripts/db-copy.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { status: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('db:copy between SQLite and PostgreSQL with the seeded demo data', () => {
  // The source is read by every test and written by none: the demo seed with a gap in the ids.
  let dir: string;
  let sqliteUrl: string;
  let expected: Awaited<ReturnType<typeof snapshot>>;
  const pgDatabases: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pollboard-copy-'));
    const sourceFile = path.join(dir, 'source.db');
    sqliteUrl = `file:${sourceFile}`;
    // The run's seeded SQLite template when there is one (tests/support/sqlite-global-setup.ts).
    const copied = copySeededSqliteFile(sourceFile);
    if (!copied) await deployMigrations({ databaseUrl: sqliteUrl });
    const db = createDbClient(sqliteUrl);
    try {
      if (!copied) await seedDemo(db);
      // A gap in the ids: the copy must keep ids, not renumber.
      const doomed = await db.pollster.create({ data: { slug: 'deleted', name: 'Deleted' } });
      await db.pollster.delete({ where: { id: doomed.id } });
      await db.pollster.create({ data: { slug: 'fom', name: 'FOM', aaporMember: false } });
      expected = await snapshot(db);
    } finally {
      await db.$disconnect();
    }
  });

  afterAll(async () => {
    for (const url of pgDatabases) await dropPostgresDatabase(url);
    rmSync(dir, { recursive: true, force: true });
  });

  /** A PostgreSQL database of the calling test alone: empty (no tables), migrated, or with the demo seed. */
  async function ownPostgres(kind: 'empty' | 'migrated' | 'seeded'): Promise<string> {
    const url =
      kind === 'empty'
        ? await createEmptyPostgresDatabase('pollboard_copy')
        : await createMigratedPostgresDatabase('pollboard_copy', kind === 'seeded' ? SEEDED_TEMPLATE_DATABASE : TEMPLATE_DATABASE);
    pgDatabases.push(url);
    return url;
  }

  it('knows every model of the schema', () => {
    expect(modelsMissingFromCopyOrder()).toEqual([]);
  });

  it('copies SQLite → an empty PostgreSQL database through the CLI: counts per table, same rows and ids, sequences reset', async () => {
    const pgUrl = await ownPostgres('empty');
    const result = await runCopy(['--from', sqliteUrl, '--to', pgUrl, '--batch-size', '100']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    // Expected counts from the source snapshot, not from the copy's output.
    expect(expected.polls.length).toBeGreaterThan(100); // more than one batch
    expect(result.stdout).toMatch(new RegExp(`^Poll\\s+${expected.polls.length}\\s+${expected.polls.length}$`, 'm'));
    expect(result.stdout).toMatch(new RegExp(`^Pollster\\s+${expected.pollsters.length}\\s+${expected.pollsters.length}$`, 'm'));
    expect(result.stdout).toMatch(new RegExp(`^Observation\\s+${expected.observations.length}\\s+${expected.observations.length}$`, 'm'));
    for (const table of COPY_ORDER) expect(result.stdout).toMatch(new RegExp(`^${table}\\s+\\d+\\s+\\d+$`, 'm'));
    expect(result.stdout).toMatch(new RegExp(`db:copy: copied \\d+ rows in ${COPY_ORDER.length} tables .* counts match`));

    const db = createDbClient(pgUrl);
    try {
      expect(await snapshot(db)).toEqual(expected);
      const maxId = Math.max(...expected.pollsters.map((p) => p.id));
      const next = await db.pollster.create({ data: { slug: 'new-one', name: 'New' } });
      expect(next.id).toBe(maxId + 1); // the sequence was reset past the copied ids
      const poll = await db.poll.create({ data: { pollsterId: next.id } });
      expect(poll.id).toBe(Math.max(...expected.polls.map((p) => p.id)) + 1);
    } finally {
      await db.$disconnect();
    }
  });

  it('refuses a non-empty target without --force and leaves it untouched', async () => {
    const pgUrl = await ownPostgres('seeded');
    const db = createDbClient(pgUrl);
    try {
      const before = await snapshot(db);
      expect(before.pollsters.length).toBeGreaterThan(0);
      const result = await runCopy(['--from', sqliteUrl, '--to', pgUrl]);
      expect(result.status).toBe(1);
      const questions = before.questions.length;
      expect(result.stderr.trim()).toMatch(
        new RegExp(`^db:copy: target is not empty \\(Pollster ${before.pollsters.length}, Question ${questions}, .*\\); use --force to replace its contents$`),
      );
      expect(await snapshot(db)).toEqual(before);
    } finally {
      await db.$disconnect();
    }
  });

  it('copies PostgreSQL → a new SQLite file, and with force over a non-empty one', async () => {
    const pgUrl = await ownPostgres('migrated');
    await copyDatabase({ fromUrl: sqliteUrl, toUrl: pgUrl });
    const backUrl = `file:${path.join(dir, 'back.db')}`;
    const report = await copyDatabase({ fromUrl: pgUrl, toUrl: backUrl });
    expect(report.tables.find((t) => t.table === 'Poll')).toEqual({ table: 'Poll', source: expected.polls.length, target: expected.polls.length });
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
