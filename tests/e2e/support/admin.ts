import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createUserRecord } from '@/lib/auth/create-user';
import { createDbClient, type DbClient } from '@/lib/db';
import { test, type FullProject } from '@playwright/test';
import { resolveDatabaseUrl } from '@/lib/db/url';
import { ZPollInput } from '@/lib/schemas/poll';
import { createPoll } from '@/lib/writes/polls';
import { createQuestion } from '@/lib/writes/catalog';
import { versionedUpdate } from '@/lib/writes/versioned-update';
import { ZQuestionInput } from '@/lib/schemas/question';
import { tableCounts } from '../../support/db-counts';

export { E2E_SETUP_TOKEN } from './constants';

/** A project's database (its metadata in playwright.config.ts; tests/e2e/support/servers.ts): a SQLite file or a PostgreSQL database. */
export function projectDatabaseUrl(project: FullProject): string {
  const url = (project.metadata as { databaseUrl?: unknown }).databaseUrl;
  if (typeof url !== 'string') throw new Error(`project ${project.name} names no databaseUrl in its metadata (playwright.config.ts)`);
  return resolveDatabaseUrl(url).url;
}

/** The database of the server the running test's project talks to. */
export function e2eDatabaseUrl(): string {
  return projectDatabaseUrl(test.info().project);
}

/**
 * A client for the one call, disconnected afterwards: the specs read a few times per test, and a
 * client left open would hold a PostgreSQL connection (or the SQLite file) until the worker exits.
 */
async function withE2eDb<T>(read: (db: DbClient) => Promise<T>, databaseUrl: string = e2eDatabaseUrl()): Promise<T> {
  const db = createDbClient(databaseUrl);
  try {
    return await read(db);
  } finally {
    await db.$disconnect();
  }
}

/** COUNT(*) comes back as a bigint from both providers; the specs compare plain numbers. */
function withNumbers(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === 'bigint' ? Number(value) : value]));
}

/**
 * Read-only query against the running server's database: the "follow-up read" of a test. A tagged
 * template, so Prisma renders each `${value}` as the provider's placeholder (`?` on SQLite, `$1` on
 * PostgreSQL). Write SQL both accept: quoted identifiers ("User", "sampleSize"), `= false` for booleans.
 * Booleans come back as true/false from both.
 *
 * @example await queryE2eDb<{ n: number }>`SELECT COUNT(*) AS n FROM "User" WHERE "email" = ${email}`
 */
export async function queryE2eDb<T>(sql: TemplateStringsArray, ...values: unknown[]): Promise<T[]> {
  const rows = await withE2eDb((db) => db.$queryRaw<Record<string, unknown>[]>(sql, ...values));
  return rows.map(withNumbers) as T[];
}

/** Row counts of every model's table (from the Prisma schema, so the same list on both providers). */
export async function tableCountsE2e(): Promise<Record<string, number>> {
  return withE2eDb(tableCounts);
}

/**
 * The id Next gave a server action in this build, from .next/server/server-reference-manifest.json
 * (what the browser sends in the Next-Action header).
 */
export function serverActionId(file: string, exportName: string): string {
  const manifestPath = path.resolve('.next/server/server-reference-manifest.json');
  if (!existsSync(manifestPath)) throw new Error('no build: .next/server/server-reference-manifest.json is missing');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { node: Record<string, { exportedName?: string; filename?: string }> };
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (entry.exportedName === exportName && entry.filename?.replace(/\\/g, '/').endsWith(file)) return id;
  }
  throw new Error(`server action ${file}#${exportName} not found in the manifest`);
}

/**
 * Creates the account once on the e2e server's database, through the same function as
 * `npm run admin:create` (lib/auth/create-user, without that command's migration step: the server
 * has migrated the database already); a test that runs again finds it and does nothing. In the test
 * process itself: a child process per spec cost seconds of start-up on a busy machine.
 */
export async function ensureUser(user: { email: string; password: string }, role: 'admin' | 'editor', databaseUrl: string = e2eDatabaseUrl()): Promise<void> {
  await withE2eDb(async (db) => {
    if ((await db.user.count({ where: { email: user.email } })) > 0) return;
    await createUserRecord(db, { email: user.email, password: user.password, role, name: 'E2E data editor' });
  }, databaseUrl);
}

/**
 * A Levada poll on the Kuril question, written to the e2e server's database through the same write
 * path as the poll form's action (lib/writes/polls.ts: one transaction, one audit row, the
 * freshness signal told): for tests that need a poll of their own to work on. Returns its id.
 */
export async function createKurilPollE2e(
  userId: number | null,
  poll: { fieldStart: string; fieldEnd: string; shares: { for: number; against: number; dont_know: number } },
): Promise<number> {
  return withE2eDb(async (db) => {
    const question = await db.question.findUniqueOrThrow({ where: { slug: 'kuril-transfer' }, include: { options: true } });
    const wording = 'Should Russia hand the southern Kuril islands to Japan in exchange for a peace treaty?';
    return createLevadaPoll(db, userId, { ...poll, question, wording });
  });
}

/**
 * A question of the test's own (no other spec reads or writes it) with one poll, through the write
 * path: for specs that watch how the app treats one question's pages across writes.
 */
export async function createQuestionWithPollE2e(slug: string, shares: { for: number; against: number }): Promise<{ pollId: number }> {
  return withE2eDb(async (db) => {
    const wording = 'Do you support the proposal?';
    const created = await createQuestion(
      db,
      null,
      ZQuestionInput.parse({ slug, title: `Page cache check ${slug}`, wording, options: 'for = For\nagainst = Against' }),
    );
    const question = await db.question.findUniqueOrThrow({ where: { id: created.id }, include: { options: true } });
    return { pollId: await createLevadaPoll(db, null, { question, wording, fieldStart: '2020-03-02', fieldEnd: '2020-03-06', shares }) };
  });
}

/** A Levada Center poll (n 1,600, face to face) of `question` with one share per option key, written the way the poll form's action writes one. */
async function createLevadaPoll(
  db: DbClient,
  userId: number | null,
  poll: {
    question: { id: number; slug: string; options: { id: number; key: string }[] };
    wording: string;
    fieldStart: string;
    fieldEnd: string;
    shares: Record<string, number>;
  },
): Promise<number> {
  const levada = await db.pollster.findUniqueOrThrow({ where: { slug: 'levada-center' } });
  const optionId = (key: string) => {
    const option = poll.question.options.find((o) => o.key === key);
    if (!option) throw new Error(`${poll.question.slug} has no option ${key}`);
    return String(option.id);
  };
  const input = ZPollInput.parse({
    pollsterId: String(levada.id),
    fieldStart: poll.fieldStart,
    fieldEnd: poll.fieldEnd,
    population: 'Russia adults 18+',
    mode: 'face-to-face',
    sampleSize: '1600',
    sourceUrls: 'https://www.levada.ru/en/',
    questions: [
      {
        questionId: String(poll.question.id),
        wording: poll.wording,
        results: Object.entries(poll.shares).map(([key, share]) => ({ optionId: optionId(key), percent: String(share) })),
        breakdowns: [],
      },
    ],
  });
  return (await createPoll(db, userId, input)).id;
}

/** Edits a poll's columns through the write path (versioned, audited), as the admin form would. */
export async function editPollE2e(pollId: number, data: { notes?: string; sampleSize?: number }): Promise<void> {
  await withE2eDb(async (db) => {
    const poll = await db.poll.findUniqueOrThrow({ where: { id: pollId }, select: { version: true } });
    const result = await versionedUpdate(db, { entity: 'Poll', id: pollId, expectedVersion: poll.version, userId: null, data });
    if (!result.ok) throw new Error(`poll ${pollId} not saved: ${result.reason}`);
  });
}
