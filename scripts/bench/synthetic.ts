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
