import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpBody } from '@/lib/export/http';
import { CsvImportError, importPollDumpCsv } from '@/lib/import/polls-dump';
import { createTempDatabase, type TempDatabase } from '../support/temp-db';

const run = promisify(execFile);
const TSX = path.resolve('node_modules/tsx/dist/cli.mjs');
/** A script run the way `npm run` does, without npx's own start-up in front of it. */
const tsx = (args: string[], options: { env: NodeJS.ProcessEnv }) => run(process.execPath, [TSX, ...args], options);

// The source is read by every test and written by none (a test that changes a source makes its own).
let source: TempDatabase;
/** Databases a test made for itself, removed after the file. */
const owned: TempDatabase[] = [];

async function ownDatabase(prefix: string, options: { seeded?: boolean } = {}): Promise<TempDatabase> {
  const t = await createTempDatabase(prefix, options);
  owned.push(t);
  return t;
}

beforeAll(async () => {
  source = await createTempDatabase('pollboard-rt-src-', { seeded: true });
  // A crosstab and awkward text, so the round trip covers breakdown rows, quoting and injection guards.
  const pq = await source.db.pollQuestion.findFirstOrThrow({
    where: { poll: { sampleSize: 1600, pollster: { slug: 'levada-center' } } },
    include: { results: true },
  });
  await source.db.breakdown.create({
    data: {
      pollQuestionId: pq.id,
      dimension: 'age',
      subgroup: '18-24',
      sampleSize: 210,
      results: { create: pq.results.map((r) => ({ optionId: r.optionId, percent: r.percent - 5 })) },
    },
  });
  await source.db.breakdown.create({
    data: {
      pollQuestionId: pq.id,
      dimension: 'age',
      subgroup: '55+',
      sampleSize: null,
      position: 1,
      results: { create: pq.results.map((r) => ({ optionId: r.optionId, percent: r.percent + 4 })) },
    },
  });
  await source.db.poll.update({
    where: { id: pq.pollId },
    data: { notes: '=HYPERLINK("http://evil.example","x")\nsecond line, "quoted" — Левада 北方 🗳️', sponsorName: '-Sponsor' },
  });
});

afterAll(async () => {
  await Promise.all([source.cleanup(), ...owned.map((t) => t.cleanup())]);
});

async function exportCsv(t: TempDatabase): Promise<string> {
  return new Response(dumpBody(t.db, 'polls', { format: 'csv', databaseUrl: t.url })).text();
}

const VOLATILE = new Set(['poll_id', 'poll_updated_at']);

/** The dump without the columns that name database ids and timestamps. */
function stable(csv: string): string {
  const { data } = Papa.parse<string[]>(csv, { skipEmptyLines: 'greedy' });
  const header = data[0] ?? [];
  const keep = header.map((name, i) => (VOLATILE.has(name) ? -1 : i)).filter((i) => i >= 0);
  return Papa.unparse(
    data.map((row) => keep.map((i) => row[i] ?? '')),
    { newline: '\r\n' },
  );
}

describe('polls dump round trip: seed → export → import into an empty database → export', () => {
  it('gives the same dump apart from ids and timestamps', async () => {
    const target = await ownDatabase('pollboard-rt-dst-');
    const first = await exportCsv(source);
    expect(first).toContain('"\'=HYPERLINK(""http://evil.example"",""x"")\nsecond line, ""quoted"" — Левада 北方 🗳️"');
    expect(first).toContain(",'-Sponsor,");
    const summary = await importPollDumpCsv(target.db, first, { source: 'test' });
    const polls = await source.db.poll.count();
    expect(polls).toBeGreaterThan(0);
    expect(summary).toMatchObject({
      polls,
      pollsCreated: polls,
      pollsUpdated: 0,
      pollsters: await source.db.pollster.count({ where: { polls: { some: {} } } }),
      questions: await source.db.question.count({ where: { asked: { some: {} } } }),
    });
    const second = await exportCsv(target);
    expect(stable(second)).toBe(stable(first));
    expect(second.split('\r\n').length).toBe(first.split('\r\n').length);

    // The values survived as values: the injection guard was undone on import, numbers are numbers.
    const poll = await target.db.poll.findFirstOrThrow({
      where: { sponsorName: '-Sponsor' },
      include: { questions: { include: { breakdowns: { include: { results: true } } } } },
    });
    expect(poll.notes?.startsWith('=HYPERLINK(')).toBe(true);
    const breakdowns = poll.questions[0]?.breakdowns ?? [];
    expect(breakdowns.map((b) => [b.subgroup, b.sampleSize, b.position])).toEqual([
      ['18-24', 210, 0],
      ['55+', null, 1],
    ]);
    expect(await target.db.auditEvent.count({ where: { entity: 'Import' } })).toBe(1);
  });

  it('is idempotent: importing the same file again changes no counts', async () => {
    const target = await ownDatabase('pollboard-rt-again-');
    const dump = await exportCsv(source);
    await importPollDumpCsv(target.db, dump);
    const counts = async () => ({
      polls: await target.db.poll.count(),
      pq: await target.db.pollQuestion.count(),
      results: await target.db.result.count(),
      breakdowns: await target.db.breakdown.count(),
      breakdownResults: await target.db.breakdownResult.count(),
      pollsters: await target.db.pollster.count(),
      questions: await target.db.question.count(),
      options: await target.db.questionOption.count(),
    });
    const before = await counts();
    const summary = await importPollDumpCsv(target.db, dump);
    expect(before.polls).toBeGreaterThan(0);
    expect(summary).toMatchObject({ pollsCreated: 0, pollsUpdated: before.polls });
    expect(await counts()).toEqual(before);
    expect(stable(await exportCsv(target))).toBe(stable(dump));
  });

  it('does not duplicate hand-entered polls when a database re-imports its own dump', async () => {
    const own = await ownDatabase('pollboard-rt-own-', { seeded: true });
    const pollster = await own.db.pollster.findFirstOrThrow({ where: { slug: 'vciom' } });
    const question = await own.db.question.findFirstOrThrow({ where: { slug: 'kuril-transfer' }, include: { options: true } });
    await own.db.poll.create({
      data: {
        pollsterId: pollster.id,
        fieldStart: new Date(Date.UTC(2024, 0, 10)),
        fieldEnd: new Date(Date.UTC(2024, 0, 12)),
        sampleSize: 1000,
        sourceUrls: '[]',
        questions: {
          create: {
            questionId: question.id,
            wording: 'Hand entered',
            wordingKey: 'hand-entered',
            results: { create: question.options.map((o, i) => ({ optionId: o.id, percent: 10 + i })) },
          },
        },
      },
    });
    const polls = await own.db.poll.count();
    const dump = await exportCsv(own);
    expect(dump).toMatch(/pollboard:poll:\d+/);
    const summary = await importPollDumpCsv(own.db, dump);
    expect(summary.pollsCreated).toBe(0);
    expect(await own.db.poll.count()).toBe(polls);
    expect(stable(await exportCsv(own))).toBe(stable(dump));
  });

  it('rejects a broken file with row and column messages and saves nothing', async () => {
    const dump = await exportCsv(source);
    const { data } = Papa.parse<string[]>(dump, { skipEmptyLines: 'greedy' });
    const header = data[0] as string[];
    const percent = header.indexOf('percent');
    const sample = header.indexOf('sample_size');
    const rows = data.map((r) => [...r]);
    (rows[3] as string[])[percent] = 'abc';
    (rows[5] as string[])[sample] = '12.5';
    // Two rows of one poll disagreeing on a poll-level field.
    const keyCol = header.indexOf('export_key');
    const twin = rows.findIndex((r, i) => i > 1 && r[keyCol] === (rows[1] as string[])[keyCol]);
    (rows[twin] as string[])[header.indexOf('population')] = 'Somebody else';
    const broken = Papa.unparse(rows, { newline: '\r\n' });

    const empty = await createTempDatabase('pollboard-rt-bad-');
    try {
      const error = await importPollDumpCsv(empty.db, broken).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CsvImportError);
      const issues = (error as CsvImportError).issues;
      expect(issues).toContainEqual({ row: 4, column: 'percent', message: 'expected a number (got "abc")' });
      expect(issues).toContainEqual({ row: 6, column: 'sample_size', message: 'expected a whole number (got "12.5")' });
      expect(issues.some((i) => i.row === twin + 1 && i.column === 'population' && /differs from row 2/.test(i.message))).toBe(true);
      expect((error as Error).message).toContain('row 4, column percent');
      expect(await empty.db.poll.count()).toBe(0);
      expect(await empty.db.pollster.count()).toBe(0);

      // A failure inside the transaction (after some polls were written) rolls everything back.
      const wrongHeader = broken.replace('schema_version,', 'schema_versio,');
      await expect(importPollDumpCsv(empty.db, wrongHeader)).rejects.toThrow(/column schema_version: missing column/);
      const indicators = await new Response(dumpBody(source.db, 'indicators', { format: 'csv' })).text();
      await expect(importPollDumpCsv(empty.db, indicators)).rejects.toThrow(/this is an indicators dump/);
      const newer = dump.replace(/\r\n2,/g, '\r\n3,');
      await expect(importPollDumpCsv(empty.db, newer)).rejects.toThrow(/reads schema_version 2, the file has 3/);
      expect(await empty.db.poll.count()).toBe(0);
    } finally {
      await empty.cleanup();
    }
  });

  it('rolls back every write when the database refuses one mid-way', async () => {
    const dump = await exportCsv(source);
    const empty = await createTempDatabase('pollboard-rt-rollback-');
    try {
      // A trigger that fails the 100th poll insert: the first 99 must not survive.
      if (empty.provider === 'postgresql') {
        await empty.db.$executeRawUnsafe(
          `CREATE FUNCTION fail_late() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF (SELECT count(*) FROM "Poll") >= 99 THEN RAISE EXCEPTION 'disk full (simulated)'; END IF; RETURN NEW; END $$`,
        );
        await empty.db.$executeRawUnsafe(`CREATE TRIGGER fail_late BEFORE INSERT ON "Poll" FOR EACH ROW EXECUTE FUNCTION fail_late()`);
      } else {
        const { default: Database } = await import('better-sqlite3');
        const raw = new Database(empty.url.slice('file:'.length));
        raw.exec(
          `CREATE TRIGGER fail_late BEFORE INSERT ON "Poll" WHEN (SELECT count(*) FROM "Poll") >= 99 BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END;`,
        );
        raw.close();
      }
      // (Prisma reports SQLite's RAISE(ABORT) as a constraint violation; the point is that it throws.)
      await expect(importPollDumpCsv(empty.db, dump)).rejects.toThrow();
      expect(await empty.db.poll.count()).toBe(0);
      expect(await empty.db.pollster.count()).toBe(0);
      expect(await empty.db.auditEvent.count()).toBe(0);
    } finally {
      await empty.cleanup();
    }
  });

  it('works end to end through npm run db:export and db:import', async () => {
    const fresh = await ownDatabase('pollboard-rt-cli-');
    const file = path.join(fresh.dir, 'polls.csv');
    const polls = await source.db.poll.count();
    expect(polls).toBeGreaterThan(0);
    {
      const env = { ...process.env, DATABASE_URL: source.url };
      await tsx(['scripts/db-export.ts', file], { env });
      const exported = readFileSync(file, 'utf8');
      expect(exported.startsWith('schema_version,export_key,')).toBe(true);
      const { stdout } = await tsx(['scripts/db-import.ts', file], { env: { ...process.env, DATABASE_URL: fresh.url } });
      expect(stdout).toContain(`${polls} polls (${polls} created, 0 updated)`);
      const bad = path.join(fresh.dir, 'bad.csv');
      writeFileSync(bad, exported.replace(/\r\n2,seed/, '\r\nx,seed'));
      const failed = await tsx(['scripts/db-import.ts', bad], { env: { ...process.env, DATABASE_URL: fresh.url } }).catch(
        (e: { code: number; stderr: string }) => e,
      );
      expect((failed as { code: number }).code).toBe(1);
      expect((failed as { stderr: string }).stderr).toContain('row 2, column schema_version: expected a whole number (got "x")');
    }
  }, 120_000);
});
