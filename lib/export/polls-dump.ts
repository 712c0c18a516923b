import type { PrismaClient } from '@/lib/generated/prisma/client';
import type { ColumnSegment, CsvColumn } from '@/lib/export/csv';
import { openSqlReader, placeholders, toDate, toNumber } from '@/lib/export/sql-reader';
import { parseSourceUrls } from '@/lib/data/sources';
import { disclosureScore } from '@/lib/stats/disclosure';
import type { TAskedWording, TBreakdownGroup, TPollMethod, TWordingText } from '@/lib/data/dto';

/**
 * The full polls dump in long format: one row per top-line result and one per breakdown
 * (crosstab) result, with every poll field repeated on each row. Bump the version and add a line to
 * the changelog in docs/EXPORT-FORMAT.md whenever a column is added, removed, renamed or changes
 * meaning; adding columns at the end is the only change an old reader survives.
 */
export const POLLS_DUMP_SCHEMA_VERSION = 2;

/** Poll-level fields, shared by all rows of one poll. */
export interface PollDumpPoll extends TPollMethod {
  id: number;
  exportKey: string;
  pollster: string;
  pollsterSlug: string;
  sponsor: string | null;
  sponsorSlug: string | null;
  fieldStart: Date | null;
  fieldEnd: Date | null;
  publishedAt: Date | null;
  updatedAt: Date;
  /** AAPOR disclosure score, 0–100 (lib/stats/disclosure) */
  disclosureScore: number;
}

/** The wording in another language than `wording`, with where it comes from. */
export type PollDumpWordingText = TWordingText;

/** One question as asked in one poll. */
export interface PollDumpQuestion extends TAskedWording {
  slug: string;
  title: string;
  canonicalWording: string;
  /** the wording in the language it was asked in, when recorded apart from `wording` */
  original: PollDumpWordingText | null;
  translations: PollDumpWordingText[];
}

export interface PollDumpOption {
  key: string;
  label: string;
  position: number;
}

export type PollDumpBreakdown = TBreakdownGroup;

/** One dump row. `question` is null only for a poll without questions, `option` for a question without results. */
export interface PollDumpRow {
  poll: PollDumpPoll;
  question: PollDumpQuestion | null;
  option: PollDumpOption | null;
  percent: number | null;
  count: number | null;
  breakdown: PollDumpBreakdown | null;
}

/** Prefix of the export key of a poll entered by hand (no external key): stable within one database. */
export const POLL_EXPORT_KEY_PREFIX = 'pollboard:poll:';

const c = <K extends string>(
  name: K,
  type: CsvColumn<PollDumpRow>['type'],
  nullable: boolean,
  description: string,
  get: CsvColumn<PollDumpRow>['get'],
): CsvColumn<PollDumpRow> & { name: K } => ({ name, type, nullable, description, get });

/** Poll fields: the same on every row of a poll (formatted once per poll). */
const POLL_COLUMNS = [
  c('schema_version', 'integer', false, 'Version of this column layout (see the changelog).', () => POLLS_DUMP_SCHEMA_VERSION),
  c(
    'export_key',
    'string',
    false,
    'Stable key of the poll across databases: its import/seed key, else `pollboard:poll:<id>`. `db:import` matches polls on it.',
    (r) => r.poll.exportKey,
  ),
  c('poll_id', 'integer', false, 'Id of the poll in this database (changes between databases).', (r) => r.poll.id),
  c('pollster', 'string', false, 'Pollster name.', (r) => r.poll.pollster),
  c('pollster_slug', 'string', false, 'Pollster slug (`/pollsters/<slug>`).', (r) => r.poll.pollsterSlug),
  c('sponsor', 'string', true, 'Sponsor (commissioning organisation), if disclosed.', (r) => r.poll.sponsor),
  c('sponsor_slug', 'string', true, 'Slug of the sponsor when it is a pollster record; empty for a free-text sponsor.', (r) => r.poll.sponsorSlug),
  c('field_start', 'date', true, 'First day of fieldwork (YYYY-MM-DD; see date_precision).', (r) => r.poll.fieldStart),
  c('field_end', 'date', true, 'Last day of fieldwork (YYYY-MM-DD; see date_precision).', (r) => r.poll.fieldEnd),
  c(
    'date_precision',
    'string',
    false,
    '`day`, `month` or `year`: how precisely the source gives the field dates (a `year` poll spans 01-01 to 12-31).',
    (r) => r.poll.datePrecision,
  ),
  c('published', 'date', true, 'Publication date (YYYY-MM-DD).', (r) => r.poll.publishedAt),
  c('published_precision', 'string', false, '`day`, `month` or `year` for `published`.', (r) => r.poll.publishedPrecision),
  c('sample_size', 'integer', true, 'Sample size n; empty = not disclosed.', (r) => r.poll.sampleSize),
  c('population', 'string', true, 'Population sampled (e.g. "Russia adults 18+").', (r) => r.poll.population),
  c('mode', 'string', true, '`face-to-face`, `telephone`, `online`, `mixed` or `other`.', (r) => r.poll.mode),
  c('mode_detail', 'string', true, 'Mode as described by the source.', (r) => r.poll.modeDetail),
  c('sampling_frame', 'string', true, 'Sampling frame.', (r) => r.poll.samplingFrame),
  c('weighting', 'string', true, 'Weighting description.', (r) => r.poll.weighting),
  c('reported_moe', 'number', true, 'Margin of error as published, in percentage points.', (r) => r.poll.reportedMoe),
  c('moe_confidence', 'number', true, 'Confidence level of the reported MoE (0.95).', (r) => r.poll.moeConfidence),
  c('design_effect', 'number', true, 'Design effect as reported by the pollster.', (r) => r.poll.designEffect),
  c('source_urls', 'url-list', false, 'Source URLs separated by one space (JSON: an array).', (r) => r.poll.sourceUrls),
  c('notes', 'string', true, 'Notes on the poll.', (r) => r.poll.notes),
  c('poll_updated_at', 'datetime', false, 'Last change of the poll record (ISO 8601 UTC).', (r) => r.poll.updatedAt),
] as const;

/** The question as asked: the same on every row of one poll question. */
const QUESTION_COLUMNS = [
  c('question_slug', 'string', true, 'Tracked question slug (`/questions/<slug>`).', (r) => r.question?.slug ?? null),
  c('question_title', 'string', true, 'Short title of the tracked question.', (r) => r.question?.title ?? null),
  c('question_wording', 'string', true, 'Canonical wording of the tracked question.', (r) => r.question?.canonicalWording ?? null),
  c('wording', 'string', true, 'Exact wording as asked in this poll.', (r) => r.question?.wording ?? null),
  c('wording_key', 'string', true, 'Key grouping equivalent wordings into one series.', (r) => r.question?.wordingKey ?? null),
] as const;

/** One result: top-line or crosstab. */
const RESULT_COLUMNS = [
  c('option_key', 'string', true, 'Answer option key (`for`, `against`, `dont_know`…).', (r) => r.option?.key ?? null),
  c('option_label', 'string', true, 'Answer option label.', (r) => r.option?.label ?? null),
  c('option_position', 'integer', true, 'Order of the option in the question (0-based).', (r) => r.option?.position ?? null),
  c('percent', 'number', true, 'Share answering this option, in percent (74 = 74%).', (r) => r.percent),
  c('count', 'integer', true, 'Respondents answering this option, where published (top-line rows only).', (r) => r.count),
  c('breakdown_dimension', 'string', true, 'Crosstab dimension (`age`, `party`…); empty on top-line rows.', (r) => r.breakdown?.dimension ?? null),
  c('breakdown_subgroup', 'string', true, 'Crosstab subgroup (`18-24`…); empty on top-line rows.', (r) => r.breakdown?.subgroup ?? null),
  c('breakdown_n', 'integer', true, 'Subgroup sample size; empty when not disclosed or on top-line rows.', (r) => r.breakdown?.sampleSize ?? null),
] as const;

/** Added in schema version 2 (transparency): at the end, so a reader of the first columns is unaffected. */
const POLL_COLUMNS_V2 = [
  c(
    'disclosure_score',
    'number',
    false,
    'AAPOR disclosure score of the poll, 0–100: items disclosed / 11 (see /methodology#disclosure-score).',
    (r) => r.poll.disclosureScore,
  ),
] as const;

const QUESTION_COLUMNS_V2 = [
  c(
    'asked_language',
    'string',
    true,
    'Language the question was asked in (BCP 47: ru, ja, en); empty = not recorded.',
    (r) => r.question?.askedLanguage ?? null,
  ),
  c('wording_language', 'string', true, 'Language of `wording`; empty = not recorded.', (r) => r.question?.wordingLanguage ?? null),
  c(
    'wording_exact',
    'boolean',
    true,
    '`true` when `wording` is the questionnaire’s exact text, `false` when a summary; empty = not known.',
    (r) => r.question?.wordingExact ?? null,
  ),
  c(
    'wording_original',
    'string',
    true,
    'The wording in the language it was asked in, when recorded apart from `wording`.',
    (r) => r.question?.original?.text ?? null,
  ),
  c('wording_original_language', 'string', true, 'Language of `wording_original`.', (r) => r.question?.original?.language ?? null),
  c(
    'wording_original_status',
    'string',
    true,
    '`questionnaire` (the pollster’s text) or `press-report` (as quoted by the cited report; may be a paraphrase).',
    (r) => r.question?.original?.status ?? null,
  ),
  c('wording_original_source', 'string', true, 'Source URL of `wording_original`.', (r) => r.question?.original?.sourceUrl ?? null),
  c('wording_translations', 'string', true, 'Other translations as a JSON array of {language, text, status, source_url}; empty when none.', (r) =>
    r.question && r.question.translations.length > 0
      ? JSON.stringify(r.question.translations.map((t) => ({ language: t.language, text: t.text, status: t.status, source_url: t.sourceUrl })))
      : null,
  ),
] as const;

/** The documented columns of the polls dump (CSV header order = JSON key order). */
export const POLL_DUMP_COLUMNS = [...POLL_COLUMNS, ...QUESTION_COLUMNS, ...RESULT_COLUMNS, ...POLL_COLUMNS_V2, ...QUESTION_COLUMNS_V2] as const;

/** The same columns grouped by what they depend on, for the serialisers' per-poll caching. */
export const POLL_DUMP_SEGMENTS: readonly ColumnSegment<PollDumpRow>[] = [
  { columns: POLL_COLUMNS, key: (r) => r.poll },
  { columns: QUESTION_COLUMNS, key: (r) => r.question },
  { columns: RESULT_COLUMNS },
  { columns: POLL_COLUMNS_V2, key: (r) => r.poll },
  { columns: QUESTION_COLUMNS_V2, key: (r) => r.question },
];

export type PollDumpColumnName = (typeof POLL_DUMP_COLUMNS)[number]['name'];

/**
 * Polls per batch (about 900 rows). Measured with `npm run bench -- --only=export`: at 1,000 polls a batch's
 * rows live long enough to be promoted to V8's old generation and the heap grew to ~175 MB of
 * garbage before a full GC; at 250 it stays near 50 MB and the dump is no slower.
 */
export const POLL_DUMP_BATCH_SIZE = 250;
/** Rows are handed to the serialiser every this many polls of a batch (see readPollDumpBatches). */
const POLL_DUMP_YIELD_POLLS = 10;

export interface DumpBatchOptions {
  /** Polls (or observations) read per query round (keyset pagination on the id). */
  batchSize?: number;
  /**
   * The DATABASE_URL `db` was built from. When it is a SQLite file, rows are read on a read-only
   * better-sqlite3 connection to that file (much faster than Prisma's raw-query path); otherwise,
   * and always on PostgreSQL, through `db`.
   */
  databaseUrl?: string;
}

/** As read: dates as the driver gives them, source URLs still one stored string. */
interface PollSqlRow extends Omit<TPollMethod, 'sourceUrls'> {
  id: number;
  externalKey: string | null;
  pollsterId: number;
  sponsorId: number | null;
  sponsorName: string | null;
  fieldStart: Date | string | null;
  fieldEnd: Date | string | null;
  publishedAt: Date | string | null;
  sourceUrls: string;
  updatedAt: Date | string;
}

/** A SQL_POLLS row as values (SqlReader.values), in SELECT order. */
type PollSqlValues = [
  PollSqlRow['id'],
  PollSqlRow['externalKey'],
  PollSqlRow['pollsterId'],
  PollSqlRow['sponsorId'],
  PollSqlRow['sponsorName'],
  PollSqlRow['fieldStart'],
  PollSqlRow['fieldEnd'],
  PollSqlRow['datePrecision'],
  PollSqlRow['publishedAt'],
  PollSqlRow['publishedPrecision'],
  PollSqlRow['sampleSize'],
  PollSqlRow['population'],
  PollSqlRow['mode'],
  PollSqlRow['modeDetail'],
  PollSqlRow['samplingFrame'],
  PollSqlRow['weighting'],
  PollSqlRow['reportedMoe'],
  PollSqlRow['moeConfidence'],
  PollSqlRow['designEffect'],
  PollSqlRow['sourceUrls'],
  PollSqlRow['notes'],
  PollSqlRow['updatedAt'],
];

/** As read: SQLite gives booleans as 0/1. */
interface PollQuestionSqlRow extends Omit<TAskedWording, 'wordingExact'> {
  id: number;
  pollId: number;
  questionId: number;
  wordingExact: boolean | number | null;
}

interface WordingTextSqlRow {
  pqId: number;
  language: string;
  text: string;
  role: string;
  status: string;
  sourceUrl: string | null;
}

/** A SQL_RESULTS row as values: pqId, optionId, percent, count. */
type ResultSqlValues = [pqId: number, optionId: number, percent: number, count: number | bigint | null];

interface BreakdownSqlRow {
  id: number;
  pqId: number;
  dimension: string;
  subgroup: string;
  sampleSize: number | null;
}

interface BreakdownResultSqlRow {
  breakdownId: number;
  optionId: number;
  percent: number;
}

// One slim query per level, keyed by the batch's poll-id range; names (pollsters, questions,
// options) come from small caches filled on first sight, so each row carries numbers only.
const SQL_POLLS = `SELECT "id", "externalKey", "pollsterId", "sponsorId", "sponsorName", "fieldStart", "fieldEnd",
  "datePrecision", "publishedAt", "publishedPrecision", "sampleSize", "population", "mode", "modeDetail",
  "samplingFrame", "weighting", "reportedMoe", "moeConfidence", "designEffect", "sourceUrls", "notes", "updatedAt"
  FROM "Poll" WHERE "id" > ? ORDER BY "id" LIMIT ?`;
const SQL_POLL_QUESTIONS = `SELECT "id", "pollId", "questionId", "wording", "wordingKey", "askedLanguage", "wordingLanguage", "wordingExact"
  FROM "PollQuestion" WHERE "pollId" >= ? AND "pollId" <= ? ORDER BY "pollId", "position", "id"`;
const SQL_RESULTS = `SELECT r."pollQuestionId" AS "pqId", r."optionId", r."percent", r."count"
  FROM "PollQuestion" pq JOIN "Result" r ON r."pollQuestionId" = pq."id" JOIN "QuestionOption" o ON o."id" = r."optionId"
  WHERE pq."pollId" >= ? AND pq."pollId" <= ? ORDER BY r."pollQuestionId", o."position", o."id"`;
const SQL_BREAKDOWNS = `SELECT b."id", b."pollQuestionId" AS "pqId", b."dimension", b."subgroup", b."sampleSize"
  FROM "PollQuestion" pq JOIN "Breakdown" b ON b."pollQuestionId" = pq."id"
  WHERE pq."pollId" >= ? AND pq."pollId" <= ? ORDER BY b."pollQuestionId", b."position", b."id"`;
const SQL_WORDING_TEXTS = `SELECT t."pollQuestionId" AS "pqId", t."language", t."text", t."role", t."status", t."sourceUrl"
  FROM "PollQuestion" pq JOIN "WordingText" t ON t."pollQuestionId" = pq."id"
  WHERE pq."pollId" >= ? AND pq."pollId" <= ? ORDER BY t."pollQuestionId", t."role", t."language"`;
const SQL_BREAKDOWN_RESULTS = `SELECT br."breakdownId", br."optionId", br."percent"
  FROM "PollQuestion" pq JOIN "Breakdown" b ON b."pollQuestionId" = pq."id"
  JOIN "BreakdownResult" br ON br."breakdownId" = b."id" JOIN "QuestionOption" o ON o."id" = br."optionId"
  WHERE pq."pollId" >= ? AND pq."pollId" <= ? ORDER BY br."breakdownId", o."position", o."id"`;

/** SQLite gives booleans as 0/1. */
function toBool(value: boolean | number | bigint | null): boolean | null {
  if (value === null) return null;
  return typeof value === 'boolean' ? value : Number(value) !== 0;
}

function groupBy<T>(rows: readonly T[], key: (row: T) => number): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

/**
 * Read the polls dump in keyset-paginated batches (by Poll.id), yielding each batch's rows.
 * Memory is bounded by the batch size, never by the database: the caller writes a batch before the
 * next one is read. Rows come in a stable order: poll id; question position; top-line results by
 * option position; then each breakdown (by position) with its results by option position.
 * A poll question without results gives one row with empty option columns, a poll without
 * questions one row with empty question columns, so nothing is silently dropped.
 */
export async function* readPollDumpBatches(db: PrismaClient, options: DumpBatchOptions = {}): AsyncGenerator<PollDumpRow[]> {
  const batchSize = options.batchSize ?? POLL_DUMP_BATCH_SIZE;
  const sql = openSqlReader(db, options.databaseUrl);
  const pollsters = new Map<number, { slug: string; name: string }>();
  const questions = new Map<number, { slug: string; title: string; wording: string }>();
  const answerOptions = new Map<number, PollDumpOption>();

  const fillPollsters = async (ids: Iterable<number>) => {
    const missing = [...new Set(ids)].filter((id) => !pollsters.has(id));
    if (missing.length === 0) return;
    const rows = await sql.all<{ id: number; slug: string; name: string }>(
      `SELECT "id", "slug", "name" FROM "Pollster" WHERE "id" IN (${placeholders(missing.length)})`,
      missing,
    );
    for (const r of rows) pollsters.set(r.id, { slug: r.slug, name: r.name });
  };
  const fillQuestions = async (ids: Iterable<number>) => {
    const missing = [...new Set(ids)].filter((id) => !questions.has(id));
    if (missing.length === 0) return;
    const list = placeholders(missing.length);
    const rows = await sql.all<{ id: number; slug: string; title: string; wording: string }>(
      `SELECT "id", "slug", "title", "wording" FROM "Question" WHERE "id" IN (${list})`,
      missing,
    );
    for (const r of rows) questions.set(r.id, { slug: r.slug, title: r.title, wording: r.wording });
    const opts = await sql.all<{ id: number; key: string; label: string; position: number }>(
      `SELECT "id", "key", "label", "position" FROM "QuestionOption" WHERE "questionId" IN (${list})`,
      missing,
    );
    for (const o of opts) answerOptions.set(o.id, { key: o.key, label: o.label, position: o.position });
  };
  const optionOf = (id: number): PollDumpOption => {
    const option = answerOptions.get(id);
    if (!option) throw new Error(`answer option ${id} not found`);
    return option;
  };

  try {
    let after = 0;
    for (;;) {
      // The two biggest queries (a row per poll, a row per top-line result) come as arrays of values.
      const polls = (await sql.values(SQL_POLLS, [after, batchSize])) as PollSqlValues[];
      if (polls.length === 0) return;
      const first = (polls[0] as PollSqlValues)[0];
      const last = (polls[polls.length - 1] as PollSqlValues)[0];
      after = last;
      const range = [first, last];
      const pqs = await sql.all<PollQuestionSqlRow>(SQL_POLL_QUESTIONS, range);
      const texts = groupBy(await sql.all<WordingTextSqlRow>(SQL_WORDING_TEXTS, range), (t) => t.pqId);
      const results = groupBy((await sql.values(SQL_RESULTS, range)) as ResultSqlValues[], (r) => r[0]);
      const breakdowns = groupBy(await sql.all<BreakdownSqlRow>(SQL_BREAKDOWNS, range), (b) => b.pqId);
      const breakdownResults = breakdowns.size
        ? groupBy(await sql.all<BreakdownResultSqlRow>(SQL_BREAKDOWN_RESULTS, range), (r) => r.breakdownId)
        : new Map<number, BreakdownResultSqlRow[]>();
      await fillPollsters(polls.flatMap((p) => (p[3] === null ? [p[2]] : [p[2], p[3]])));
      await fillQuestions(pqs.map((pq) => pq.questionId));
      const pqsByPoll = groupBy(pqs, (pq) => pq.pollId);

      let rows: PollDumpRow[] = [];
      for (const [index, p] of polls.entries()) {
        const [
          id,
          externalKey,
          pollsterId,
          sponsorId,
          sponsorName,
          fieldStart,
          fieldEnd,
          datePrecision,
          publishedAt,
          publishedPrecision,
          sampleSize,
          population,
          mode,
          modeDetail,
          samplingFrame,
          weighting,
          reportedMoe,
          moeConfidence,
          designEffect,
          sourceUrls,
          notes,
          updatedAt,
        ] = p;
        // Hand rows on every few polls: objects serialised soon after they are made die young.
        if (index > 0 && index % POLL_DUMP_YIELD_POLLS === 0) {
          yield rows;
          rows = [];
        }
        const pollster = pollsters.get(pollsterId);
        if (!pollster) throw new Error(`pollster ${pollsterId} of poll ${id} not found`);
        const sponsor = sponsorId === null ? null : (pollsters.get(sponsorId) ?? null);
        const poll: PollDumpPoll = {
          id,
          exportKey: externalKey ?? `${POLL_EXPORT_KEY_PREFIX}${id}`,
          pollster: pollster.name,
          pollsterSlug: pollster.slug,
          sponsor: sponsor?.name ?? sponsorName,
          sponsorSlug: sponsor?.slug ?? null,
          fieldStart: toDate(fieldStart),
          fieldEnd: toDate(fieldEnd),
          datePrecision,
          publishedAt: toDate(publishedAt),
          publishedPrecision,
          sampleSize: toNumber(sampleSize),
          population,
          mode,
          modeDetail,
          samplingFrame,
          weighting,
          reportedMoe,
          moeConfidence,
          designEffect,
          sourceUrls: parseSourceUrls(sourceUrls),
          notes,
          updatedAt: toDate(updatedAt) as Date,
          disclosureScore: 0,
        };
        const asked = pqsByPoll.get(id);
        // The facts field by field, not `{ ...poll, … }`: with the spread of the 24-field poll (once per
        // poll), `node --trace-gc` showed the old generation growing ~1 MB per scavenge to ~200 MB of
        // garbage between full GCs and the dump peaking at ~390 MB RSS at 1,000,000 polls; field by
        // field, the reader's heap stays flat (~42 MB live, one full GC in the whole read).
        poll.disclosureScore = disclosureScore({
          sponsor: poll.sponsor,
          pollster: poll.pollster,
          fieldStart: poll.fieldStart,
          fieldEnd: poll.fieldEnd,
          datePrecision: poll.datePrecision,
          population: poll.population,
          samplingFrame: poll.samplingFrame,
          // the same facts as the poll page (lib/charts/poll-detail pollDisclosureFacts)
          mode: poll.mode ?? poll.modeDetail,
          sampleSize: poll.sampleSize,
          wordingExact: (asked ?? []).map((pq) => toBool(pq.wordingExact)),
          weighting: poll.weighting,
          reportedMoe: poll.reportedMoe,
          designEffect: poll.designEffect,
          sourceUrls: poll.sourceUrls,
        }).score;
        if (!asked) {
          rows.push({ poll, question: null, option: null, percent: null, count: null, breakdown: null });
          continue;
        }
        for (const pq of asked) {
          const q = questions.get(pq.questionId);
          if (!q) throw new Error(`question ${pq.questionId} of poll ${id} not found`);
          const question: PollDumpQuestion = {
            slug: q.slug,
            title: q.title,
            canonicalWording: q.wording,
            wording: pq.wording,
            wordingKey: pq.wordingKey,
            askedLanguage: pq.askedLanguage,
            wordingLanguage: pq.wordingLanguage,
            wordingExact: toBool(pq.wordingExact),
            original: null,
            translations: [],
          };
          for (const t of texts.get(pq.id) ?? []) {
            const text: PollDumpWordingText = { language: t.language, text: t.text, status: t.status, sourceUrl: t.sourceUrl };
            if (t.role === 'original' && question.original === null) question.original = text;
            else question.translations.push(text);
          }
          const topLine = results.get(pq.id);
          if (topLine) {
            for (const r of topLine) {
              rows.push({ poll, question, option: optionOf(r[1]), percent: r[2], count: toNumber(r[3]), breakdown: null });
            }
          } else {
            rows.push({ poll, question, option: null, percent: null, count: null, breakdown: null });
          }
          for (const b of breakdowns.get(pq.id) ?? []) {
            const breakdown: PollDumpBreakdown = { dimension: b.dimension, subgroup: b.subgroup, sampleSize: toNumber(b.sampleSize) };
            const list = breakdownResults.get(b.id);
            if (!list) {
              rows.push({ poll, question, option: null, percent: null, count: null, breakdown });
              continue;
            }
            for (const r of list) rows.push({ poll, question, option: optionOf(r.optionId), percent: r.percent, count: null, breakdown });
          }
        }
      }
      if (rows.length > 0) yield rows;
      if (polls.length < batchSize) return;
    }
  } finally {
    await sql.close();
  }
}
