/**
 * The synthetic polls database every benchmark and reliability script builds: a fixed seed, so two
 * runs measure the same rows. Written straight through better-sqlite3 prepared statements in one
 * transaction (100k polls take seconds); the schema must already be migrated.
 *
 * Shape: N polls, each asking one of Q questions (3 answer options, top-line percent and count),
 * from one of P pollsters; every 10th poll also carries a 2-subgroup age crosstab.
 */
import Database from 'better-sqlite3';
import { rng } from './rng';

/** Timestamps as the Prisma SQLite adapter writes them (ISO 8601 with +00:00). */
function ts(date: Date): string {
  return date.toISOString().replace('Z', '+00:00');
}

export interface SyntheticOptions {
  polls: number;
  questions?: number;
  pollsters?: number;
  /** Every n-th poll gets a crosstab (default 10, i.e. 10%). */
  crosstabEvery?: number;
  seed?: number;
}

export interface BuildResult {
  polls: number;
  /** Rows of the full polls dump: 3 top-line rows per poll + 6 crosstab rows per crosstabbed poll. */
  rows: number;
  questions: number;
  pollsters: number;
}

/** Slug of the i-th synthetic question (1-based). */
export function syntheticQuestionSlug(i: number): string {
  return `question-${i}`;
}

export function buildSyntheticDatabase(file: string, options: SyntheticOptions): BuildResult {
  const { polls: pollCount, questions = 5, pollsters = 20, crosstabEvery = 10, seed = 20181128 } = options;
  const random = rng(seed);
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = OFF');
  const now = ts(new Date(Date.UTC(2026, 10, 28)));
  const insertPollster = sqlite.prepare('INSERT INTO "Pollster" (id, slug, name, country, updatedAt) VALUES (?, ?, ?, ?, ?)');
  const insertQuestion = sqlite.prepare('INSERT INTO "Question" (id, slug, title, wording, topic, updatedAt) VALUES (?, ?, ?, ?, ?, ?)');
  const insertOption = sqlite.prepare('INSERT INTO "QuestionOption" (id, questionId, key, label, position) VALUES (?, ?, ?, ?, ?)');
  const insertPoll = sqlite.prepare(
    `INSERT INTO "Poll" (id, pollsterId, fieldStart, fieldEnd, datePrecision, publishedAt, publishedPrecision, sampleSize,
      population, mode, reportedMoe, moeConfidence, sourceUrls, notes, externalKey, createdAt, updatedAt)
     VALUES (?, ?, ?, ?, 'day', ?, 'day', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertPq = sqlite.prepare('INSERT INTO "PollQuestion" (id, pollId, questionId, wording, wordingKey, position) VALUES (?, ?, ?, ?, ?, 0)');
  const insertResult = sqlite.prepare('INSERT INTO "Result" (pollQuestionId, optionId, percent, count) VALUES (?, ?, ?, ?)');
  const insertBreakdown = sqlite.prepare('INSERT INTO "Breakdown" (id, pollQuestionId, dimension, subgroup, sampleSize, position) VALUES (?, ?, ?, ?, ?, ?)');
  const insertBreakdownResult = sqlite.prepare('INSERT INTO "BreakdownResult" (breakdownId, optionId, percent) VALUES (?, ?, ?)');
  const modes = ['face-to-face', 'telephone', 'online', 'mixed'];
  let rows = 0;
  sqlite.transaction(() => {
    // A fixture built before any server runs, not an edit by hand: keep the hand-edit triggers
    // (lib/freshness) quiet and record one "everything changed" instead of a count per row.
    sqlite.prepare('UPDATE "ChangeControl" SET "appWrite" = 1 WHERE "id" = 1').run();
    for (let i = 1; i <= pollsters; i += 1) insertPollster.run(i, `pollster-${i}`, `Pollster ${i}, Inc.`, 'Russia', now);
    for (let q = 1; q <= questions; q += 1) {
      insertQuestion.run(q, syntheticQuestionSlug(q), `Question ${q}`, `Would you support "proposal ${q}", or not?`, 'Synthetic', now);
      ['for', 'against', 'dont_know'].forEach((key, k) => insertOption.run((q - 1) * 3 + k + 1, q, key, ['For', 'Against', "Don't know"][k], k));
    }
    let breakdownId = 0;
    for (let p = 1; p <= pollCount; p += 1) {
      const day = new Date(Date.UTC(2000, 0, 1) + Math.floor(random() * 9000) * 86_400_000);
      const end = new Date(day.getTime() + 6 * 86_400_000);
      const n = 800 + Math.floor(random() * 1600);
      insertPoll.run(
        p,
        1 + Math.floor(random() * pollsters),
        ts(day),
        ts(end),
        ts(new Date(end.getTime() + 2 * 86_400_000)),
        n,
        'Adults 18+',
        modes[p % 4],
        random() < 0.3 ? 2.5 : null,
        random() < 0.3 ? 0.95 : null,
        JSON.stringify([`https://example.org/polls/${p}`, `https://example.org/release/${p}.pdf`]),
        random() < 0.2 ? 'Synthetic note, with a comma and "quotes"' : null,
        `bench:${p}`,
        now,
        now,
      );
      const q = 1 + (p % questions);
      insertPq.run(p, p, q, `Would you support "proposal ${q}", or not?`, `would-you-support-proposal-${q}-or-not`);
      const a = 20 + random() * 40;
      const b = Math.min(100 - a, 20 + random() * 40);
      const shares = [a, b, 100 - a - b].map((x) => Math.round(x * 10) / 10);
      shares.forEach((share, k) => insertResult.run(p, (q - 1) * 3 + k + 1, share, Math.round((share * n) / 100)));
      rows += 3;
      if (p % crosstabEvery === 0) {
        for (const [s, subgroup] of ['18-34', '35+'].entries()) {
          breakdownId += 1;
          insertBreakdown.run(breakdownId, p, 'age', subgroup, Math.floor(n / 2), s);
          shares.forEach((share, k) => insertBreakdownResult.run(breakdownId, (q - 1) * 3 + k + 1, Math.round((share + (s ? 3 : -3)) * 10) / 10));
          rows += 3;
        }
      }
    }
    sqlite.prepare(`INSERT INTO "ChangeLog" ("source", "touchesAll") VALUES ('script', 1)`).run();
    sqlite.prepare('UPDATE "ChangeControl" SET "appWrite" = 0 WHERE "id" = 1').run();
  })();
  sqlite.close();
  return { polls: pollCount, rows, questions, pollsters };
}

/**
 * The same shape as buildSyntheticDatabase, written by SQLite itself: a numbers table and one
 * INSERT … SELECT per table, with pseudo-random values from a fixed integer hash of the row number
 * (so a run is reproducible without a JavaScript loop per row). A million polls (5.6 million rows
 * with results and crosstabs) take seconds where row-by-row statements take minutes.
 */
export function buildSyntheticDatabaseSql(file: string, options: SyntheticOptions): BuildResult {
  const { polls, questions = 5, pollsters = 20, crosstabEvery = 10, seed = 20181128 } = options;
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -262144');
  sqlite.pragma('temp_store = MEMORY');
  const now = ts(new Date(Date.UTC(2026, 10, 28)));
  // h(x, k): a multiplicative hash of the row number and a salt, 0 … 1,000,002.
  const h = (x: string, k: number) => `((${x} * 2654435761 + ${(seed % 100_000) * 7 + k * 97_531}) % 1000003)`;
  const day = (offsetDays: string) => `strftime('%Y-%m-%dT%H:%M:%S.000+00:00', '2000-01-01', '+' || (${offsetDays}) || ' days')`;
  const wording = (q: string) => `'Would you support "proposal ' || ${q} || '", or not?'`;
  // Secondary indexes are dropped for the load and built once at the end: filling them row by row
  // in random key order costs more than the inserts themselves.
  const tables = ['Pollster', 'Question', 'QuestionOption', 'Poll', 'PollQuestion', 'Result', 'Breakdown', 'BreakdownResult'];
  const indexes = sqlite
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${tables.map(() => '?').join(', ')})`)
    .all(...tables) as { name: string; sql: string }[];
  sqlite.transaction(() => {
    for (const index of indexes) sqlite.exec(`DROP INDEX "${index.name}"`);
    sqlite.exec(`CREATE TEMP TABLE seq (x INTEGER PRIMARY KEY)`);
    sqlite
      .prepare(`WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < ?) INSERT INTO seq SELECT x FROM n`)
      .run(Math.max(polls, questions, pollsters));
    sqlite
      .prepare(
        `INSERT INTO "Pollster" (id, slug, name, country, updatedAt) SELECT x, 'pollster-' || x, 'Pollster ' || x || ', Inc.', 'Russia', ? FROM seq WHERE x <= ?`,
      )
      .run(now, pollsters);
    sqlite
      .prepare(
        `INSERT INTO "Question" (id, slug, title, wording, topic, updatedAt) SELECT x, 'question-' || x, 'Question ' || x, ${wording('x')}, 'Synthetic', ? FROM seq WHERE x <= ?`,
      )
      .run(now, questions);
    sqlite
      .prepare(
        `INSERT INTO "QuestionOption" (id, questionId, key, label, position)
       SELECT (x - 1) * 3 + k + 1, x, CASE k WHEN 0 THEN 'for' WHEN 1 THEN 'against' ELSE 'dont_know' END,
         CASE k WHEN 0 THEN 'For' WHEN 1 THEN 'Against' ELSE 'Don''t know' END, k
       FROM seq, (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2) WHERE x <= ? ORDER BY x, k`,
      )
      .run(questions);
    sqlite.exec(`CREATE TEMP TABLE p (x INTEGER PRIMARY KEY, d INTEGER, n INTEGER, q INTEGER, a REAL, b REAL)`);
    sqlite
      .prepare(
        `INSERT INTO p SELECT x, ${h('x', 2)} % 9000, 800 + ${h('x', 3)} % 1600, 1 + x % ?, ROUND(20 + ${h('x', 6)} % 400 / 10.0, 1), ROUND(20 + ${h('x', 7)} % 400 / 10.0, 1)
       FROM seq WHERE x <= ?`,
      )
      .run(questions, polls);
    sqlite.exec(`UPDATE p SET b = ROUND(MIN(100 - a, b), 1)`);
    sqlite
      .prepare(
        `INSERT INTO "Poll" (id, pollsterId, fieldStart, fieldEnd, datePrecision, publishedAt, publishedPrecision, sampleSize,
         population, mode, reportedMoe, moeConfidence, sourceUrls, notes, externalKey, createdAt, updatedAt)
       SELECT x, 1 + ${h('x', 1)} % ?, ${day('d')}, ${day('d + 6')}, 'day', ${day('d + 8')}, 'day', n, 'Adults 18+',
         CASE x % 4 WHEN 0 THEN 'face-to-face' WHEN 1 THEN 'telephone' WHEN 2 THEN 'online' ELSE 'mixed' END,
         CASE WHEN ${h('x', 4)} % 10 < 3 THEN 2.5 END, CASE WHEN ${h('x', 5)} % 10 < 3 THEN 0.95 END,
         '["https://example.org/polls/' || x || '","https://example.org/release/' || x || '.pdf"]',
         CASE WHEN ${h('x', 8)} % 10 < 2 THEN 'Synthetic note, with a comma and "quotes"' END, 'bench:' || x, ?, ?
       FROM p`,
      )
      .run(pollsters, now, now);
    sqlite
      .prepare(
        `INSERT INTO "PollQuestion" (id, pollId, questionId, wording, wordingKey, position) SELECT x, x, q, ${wording('q')}, 'would-you-support-proposal-' || q || '-or-not', 0 FROM p`,
      )
      .run();
    const share = `CASE k WHEN 0 THEN a WHEN 1 THEN b ELSE ROUND(100 - a - b, 1) END`;
    sqlite
      .prepare(
        `INSERT INTO "Result" (pollQuestionId, optionId, percent, count) SELECT x, (q - 1) * 3 + k + 1, ${share}, CAST(ROUND(${share} * n / 100.0) AS INTEGER) FROM p, (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2) ORDER BY x, k`,
      )
      .run();
    sqlite
      .prepare(
        `INSERT INTO "Breakdown" (id, pollQuestionId, dimension, subgroup, sampleSize, position)
         SELECT 2 * (x / ?) - 1 + s, x, 'age', CASE s WHEN 0 THEN '18-34' ELSE '35+' END, n / 2, s FROM p, (SELECT 0 AS s UNION ALL SELECT 1) WHERE x % ? = 0 ORDER BY x, s`,
      )
      .run(crosstabEvery, crosstabEvery);
    sqlite
      .prepare(
        `INSERT INTO "BreakdownResult" (breakdownId, optionId, percent)
         SELECT 2 * (x / ?) - 1 + s, (q - 1) * 3 + k + 1, ROUND(${share} + CASE s WHEN 0 THEN -3 ELSE 3 END, 1)
         FROM p, (SELECT 0 AS s UNION ALL SELECT 1), (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2) WHERE x % ? = 0 ORDER BY x, s, k`,
      )
      .run(crosstabEvery, crosstabEvery);
    sqlite.exec('DROP TABLE p; DROP TABLE seq;');
    for (const index of indexes) sqlite.exec(index.sql);
  })();
  sqlite.pragma('optimize');
  sqlite.close();
  return { polls, rows: 3 * polls + 6 * Math.floor(polls / crosstabEvery), questions, pollsters };
}
