import type { PrismaClient } from '@/lib/generated/prisma/client';
import type { CsvColumn } from '@/lib/export/csv';
import { parseSourceUrls } from '@/lib/data/sources';

/**
 * The full polls dump in long format: one row per top-line result and one per breakdown
 * (crosstab) result, with every poll field repeated on each row. Bump the version and add a line to
 * the README's "Data export" changelog whenever a column is added, removed, renamed or changes
 * meaning; adding columns at the end is the only change an old reader survives.
 */
export const POLLS_DUMP_SCHEMA_VERSION = 1;

/** Poll-level fields, shared by all rows of one poll. */
export interface PollDumpPoll {
  id: number;
  exportKey: string;
  pollster: string;
  pollsterSlug: string;
  sponsor: string | null;
  sponsorSlug: string | null;
  fieldStart: Date | null;
  fieldEnd: Date | null;
  datePrecision: string;
  publishedAt: Date | null;
  publishedPrecision: string;
  sampleSize: number | null;
  population: string | null;
  mode: string | null;
  modeDetail: string | null;
  samplingFrame: string | null;
  weighting: string | null;
  reportedMoe: number | null;
  moeConfidence: number | null;
  designEffect: number | null;
  sourceUrls: string[];
  notes: string | null;
  updatedAt: Date;
}

/** One question as asked in one poll. */
export interface PollDumpQuestion {
  slug: string;
  title: string;
  canonicalWording: string;
  wording: string;
  wordingKey: string;
}

export interface PollDumpOption {
  key: string;
  label: string;
  position: number;
}

export interface PollDumpBreakdown {
  dimension: string;
  subgroup: string;
  sampleSize: number | null;
}

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

/** The documented columns of the polls dump (CSV header order = JSON key order). */
export const POLL_DUMP_COLUMNS = [
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
  c('question_slug', 'string', true, 'Tracked question slug (`/questions/<slug>`).', (r) => r.question?.slug ?? null),
  c('question_title', 'string', true, 'Short title of the tracked question.', (r) => r.question?.title ?? null),
  c('question_wording', 'string', true, 'Canonical wording of the tracked question.', (r) => r.question?.canonicalWording ?? null),
  c('wording', 'string', true, 'Exact wording as asked in this poll.', (r) => r.question?.wording ?? null),
  c('wording_key', 'string', true, 'Key grouping equivalent wordings into one series.', (r) => r.question?.wordingKey ?? null),
  c('option_key', 'string', true, 'Answer option key (`for`, `against`, `dont_know`…).', (r) => r.option?.key ?? null),
  c('option_label', 'string', true, 'Answer option label.', (r) => r.option?.label ?? null),
  c('option_position', 'integer', true, 'Order of the option in the question (0-based).', (r) => r.option?.position ?? null),
  c('percent', 'number', true, 'Share answering this option, in percent (74 = 74%).', (r) => r.percent),
  c('count', 'integer', true, 'Respondents answering this option, where published (top-line rows only).', (r) => r.count),
  c('breakdown_dimension', 'string', true, 'Crosstab dimension (`age`, `party`…); empty on top-line rows.', (r) => r.breakdown?.dimension ?? null),
  c('breakdown_subgroup', 'string', true, 'Crosstab subgroup (`18-24`…); empty on top-line rows.', (r) => r.breakdown?.subgroup ?? null),
  c('breakdown_n', 'integer', true, 'Subgroup sample size; empty when not disclosed or on top-line rows.', (r) => r.breakdown?.sampleSize ?? null),
  c('poll_updated_at', 'datetime', false, 'Last change of the poll record (ISO 8601 UTC).', (r) => r.poll.updatedAt),
] as const;

export type PollDumpColumnName = (typeof POLL_DUMP_COLUMNS)[number]['name'];

export interface DumpBatchOptions {
  /** Polls read per query round (keyset pagination on Poll.id). */
  batchSize?: number;
}

interface PollSqlRow {
  id: number;
  externalKey: string | null;
  pollster: string;
  pollsterSlug: string;
  sponsorPollster: string | null;
  sponsorSlug: string | null;
  sponsorName: string | null;
  fieldStart: Date | null;
  fieldEnd: Date | null;
  datePrecision: string;
  publishedAt: Date | null;
  publishedPrecision: string;
  sampleSize: number | null;
  population: string | null;
  mode: string | null;
  modeDetail: string | null;
  samplingFrame: string | null;
  weighting: string | null;
  reportedMoe: number | null;
  moeConfidence: number | null;
  designEffect: number | null;
  sourceUrls: string;
  notes: string | null;
  updatedAt: Date;
}

interface ResultSqlRow {
  pollId: number;
  pqId: number;
  questionId: number;
  wording: string;
  wordingKey: string;
  key: string | null;
  label: string | null;
  position: number | null;
  percent: number | null;
  count: number | null;
}

interface BreakdownSqlRow {
  pqId: number;
  breakdownId: number;
  dimension: string;
  subgroup: string;
  sampleSize: number | null;
  key: string | null;
  label: string | null;
  position: number | null;
  percent: number | null;
}

// Raw SQL through Prisma keeps one portable query per level (quoted identifiers work on SQLite and
// PostgreSQL alike) and avoids building nested objects for 300k+ rows; see scripts/bench-export.ts.

function toDate(value: Date | string | null): Date | null {
  if (value === null) return null;
  return value instanceof Date ? value : new Date(value);
}

function toNumber(value: number | bigint | null): number | null {
  if (value === null) return null;
  return typeof value === 'bigint' ? Number(value) : value;
}

/**
 * Read the polls dump in keyset-paginated batches (by Poll.id), yielding each batch's rows.
 * Memory is bounded by the batch size, never by the database: the caller writes a batch before the
 * next one is read. Rows come in a stable order: poll id, question position, option position,
 * then breakdowns in their order.
 */
export async function* readPollDumpBatches(db: PrismaClient, options: DumpBatchOptions = {}): AsyncGenerator<PollDumpRow[]> {
  const batchSize = options.batchSize ?? 1000;
  const questions = new Map<number, { slug: string; title: string; wording: string }>();
  let after = 0;
  for (;;) {
    const polls = await db.$queryRaw<PollSqlRow[]>`
      SELECT p."id", p."externalKey", ps."name" AS "pollster", ps."slug" AS "pollsterSlug",
        sp."name" AS "sponsorPollster", sp."slug" AS "sponsorSlug", p."sponsorName",
        p."fieldStart", p."fieldEnd", p."datePrecision", p."publishedAt", p."publishedPrecision",
        p."sampleSize", p."population", p."mode", p."modeDetail", p."samplingFrame", p."weighting",
        p."reportedMoe", p."moeConfidence", p."designEffect", p."sourceUrls", p."notes", p."updatedAt"
      FROM "Poll" p
      JOIN "Pollster" ps ON ps."id" = p."pollsterId"
      LEFT JOIN "Pollster" sp ON sp."id" = p."sponsorId"
      WHERE p."id" > ${after}
      ORDER BY p."id"
      LIMIT ${batchSize}`;
    if (polls.length === 0) return;
    const first = (polls[0] as PollSqlRow).id;
    const last = (polls[polls.length - 1] as PollSqlRow).id;
    after = last;

    const results = await db.$queryRaw<ResultSqlRow[]>`
      SELECT pq."pollId", pq."id" AS "pqId", pq."questionId", pq."wording", pq."wordingKey",
        o."key", o."label", o."position", r."percent", r."count"
      FROM "PollQuestion" pq
      LEFT JOIN "Result" r ON r."pollQuestionId" = pq."id"
      LEFT JOIN "QuestionOption" o ON o."id" = r."optionId"
      WHERE pq."pollId" >= ${first} AND pq."pollId" <= ${last}
      ORDER BY pq."pollId", pq."position", pq."id", o."position", o."id"`;
    const breakdowns = await db.$queryRaw<BreakdownSqlRow[]>`
      SELECT b."pollQuestionId" AS "pqId", b."id" AS "breakdownId", b."dimension", b."subgroup", b."sampleSize",
        o."key", o."label", o."position", br."percent"
      FROM "PollQuestion" pq
      JOIN "Breakdown" b ON b."pollQuestionId" = pq."id"
      LEFT JOIN "BreakdownResult" br ON br."breakdownId" = b."id"
      LEFT JOIN "QuestionOption" o ON o."id" = br."optionId"
      WHERE pq."pollId" >= ${first} AND pq."pollId" <= ${last}
      ORDER BY pq."pollId", b."pollQuestionId", b."position", b."id", o."position", o."id"`;

    // Questions are few and repeat on every row: fetch each once per dump.
    const missing = new Set<number>();
    for (const r of results) if (!questions.has(r.questionId)) missing.add(r.questionId);
    if (missing.size > 0) {
      const found = await db.question.findMany({
        where: { id: { in: [...missing] } },
        select: { id: true, slug: true, title: true, wording: true },
      });
      for (const q of found) questions.set(q.id, q);
    }

    const breakdownsByPq = new Map<number, BreakdownSqlRow[]>();
    for (const b of breakdowns) {
      const list = breakdownsByPq.get(b.pqId);
      if (list) list.push(b);
      else breakdownsByPq.set(b.pqId, [b]);
    }

    const resultsByPoll = new Map<number, ResultSqlRow[]>();
    for (const r of results) {
      const list = resultsByPoll.get(r.pollId);
      if (list) list.push(r);
      else resultsByPoll.set(r.pollId, [r]);
    }

    const rows: PollDumpRow[] = [];
    for (const p of polls) {
      const poll: PollDumpPoll = {
        id: p.id,
        exportKey: p.externalKey ?? `${POLL_EXPORT_KEY_PREFIX}${p.id}`,
        pollster: p.pollster,
        pollsterSlug: p.pollsterSlug,
        sponsor: p.sponsorPollster ?? p.sponsorName,
        sponsorSlug: p.sponsorSlug,
        fieldStart: toDate(p.fieldStart),
        fieldEnd: toDate(p.fieldEnd),
        datePrecision: p.datePrecision,
        publishedAt: toDate(p.publishedAt),
        publishedPrecision: p.publishedPrecision,
        sampleSize: toNumber(p.sampleSize),
        population: p.population,
        mode: p.mode,
        modeDetail: p.modeDetail,
        samplingFrame: p.samplingFrame,
        weighting: p.weighting,
        reportedMoe: p.reportedMoe,
        moeConfidence: p.moeConfidence,
        designEffect: p.designEffect,
        sourceUrls: parseSourceUrls(p.sourceUrls),
        notes: p.notes,
        updatedAt: toDate(p.updatedAt) as Date,
      };
      const pollResults = resultsByPoll.get(p.id);
      if (!pollResults) {
        rows.push({ poll, question: null, option: null, percent: null, count: null, breakdown: null });
        continue;
      }
      let question: PollDumpQuestion | null = null;
      let currentPq = -1;
      const flushBreakdowns = (pqId: number, q: PollDumpQuestion) => {
        const list = breakdownsByPq.get(pqId);
        if (!list) return;
        let current: PollDumpBreakdown | null = null;
        let currentId = -1;
        for (const b of list) {
          if (b.breakdownId !== currentId) {
            currentId = b.breakdownId;
            current = { dimension: b.dimension, subgroup: b.subgroup, sampleSize: toNumber(b.sampleSize) };
          }
          rows.push({
            poll,
            question: q,
            option: b.key === null ? null : { key: b.key, label: b.label ?? '', position: toNumber(b.position) ?? 0 },
            percent: b.percent,
            count: null,
            breakdown: current,
          });
        }
      };
      for (const r of pollResults) {
        if (r.pqId !== currentPq) {
          if (question) flushBreakdowns(currentPq, question);
          currentPq = r.pqId;
          const q = questions.get(r.questionId);
          if (!q) throw new Error(`question ${r.questionId} of poll ${p.id} not found`);
          question = { slug: q.slug, title: q.title, canonicalWording: q.wording, wording: r.wording, wordingKey: r.wordingKey };
        }
        rows.push({
          poll,
          question,
          option: r.key === null ? null : { key: r.key, label: r.label ?? '', position: toNumber(r.position) ?? 0 },
          percent: r.percent,
          count: toNumber(r.count),
          breakdown: null,
        });
      }
      if (question) flushBreakdowns(currentPq, question);
    }
    yield rows;
    if (polls.length < batchSize) return;
  }
}
