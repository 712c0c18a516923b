import { MAX_LISTED_KEYS } from '@/lib/freshness/touched';
import { Prisma, type PrismaClient } from '@/lib/generated/prisma/client';
import { wordingKey as deriveWordingKey } from '@/lib/format/slug';
import { touchPolls } from '@/lib/writes/versioned-update';
import { withWrite, type WriteContext, type WriteSource } from '@/lib/writes/write';

/**
 * The bulk write path: many polls (with their questions, results and crosstabs), the pollsters and
 * questions they name, in a few multi-row statements per table. The dump import (db:import), the
 * admin CSV import and the seed all write through it.
 *
 * ```ts
 * // Its own write: one transaction, one audit row, one ChangeLog row.
 * const summary = await writePollsBulk(db, rows, { actor: user.id, source: 'import', existingPolls: 'skip' });
 *
 * // Or part of a larger write (the caller writes the audit row, e.g. with the file name):
 * await runWrite(db, { actor: user.id, source: 'import' }, async (w) => {
 *   const summary = await writePollsBulk(w, rows, { existingPolls: 'skip' });
 *   await w.tx.importMapping.upsert(...);
 *   await w.audit({ entity: 'Import', entityId: shapeKey, action: 'import', after: { file, ...summary } });
 * });
 * ```
 *
 * Rows (`BulkRows`) are plain values, already validated by the caller (zod or the dump's column
 * rules): pollsters and questions by slug, polls by `externalKey`, answers by option key. A poll may
 * name a pollster or question that is not in `rows.pollsters`/`rows.questions` if it exists in the
 * database. Errors name the poll's externalKey; any error rolls the whole write back.
 *
 * Speed: statements, not rows, are what cost (Prisma's ORM spends ~0.4 ms of CPU per row in
 * createMany), so rows go in as multi-row INSERT … RETURNING through the raw-query path: ~30,000
 * dump rows/s on SQLite (`npm run bench -- --only=dump-import`).
 */

export interface BulkPollster {
  slug: string;
  name: string;
  country?: string | null;
  website?: string | null;
  notes?: string | null;
}

export interface BulkQuestion {
  slug: string;
  title: string;
  wording: string;
  topic?: string | null;
  country?: string | null;
  population?: string | null;
  language?: string | null;
  notes?: string | null;
  /** Answer options by key; missing ones are added to an existing question. */
  options: { key: string; label: string; position: number }[];
}

export interface BulkPollQuestion {
  questionSlug: string;
  /** The wording as asked; `wordingKey` defaults to lib/format/slug wordingKey(wording). */
  wording: string;
  wordingKey?: string;
  results: { optionKey: string; percent: number; count?: number | null }[];
  breakdowns?: { dimension: string; subgroup: string; sampleSize: number | null; results: { optionKey: string; percent: number }[] }[];
  /** Language asked in and language of `wording` (BCP 47); null/absent = not recorded. */
  askedLanguage?: string | null;
  wordingLanguage?: string | null;
  /** true = `wording` is the questionnaire's exact text; false = a summary; absent = not known. */
  wordingExact?: boolean | null;
  /** The wording in other languages (WordingText rows): the original as asked, translations. */
  texts?: { language: string; text: string; role: 'original' | 'translation'; status: string; sourceUrl?: string | null; sourceNote?: string | null }[];
}

export interface BulkPoll {
  /** Stable key across databases (import/seed key); a poll with this key already is "existing". */
  externalKey: string;
  pollsterSlug: string;
  /** A sponsor that is a pollster record, or a free-text sponsor name (not both). */
  sponsorSlug?: string | null;
  sponsorName?: string | null;
  fieldStart: Date | null;
  fieldEnd: Date | null;
  datePrecision: 'day' | 'month' | 'year';
  publishedAt?: Date | null;
  publishedPrecision?: 'day' | 'month' | 'year';
  sampleSize?: number | null;
  population?: string | null;
  mode?: string | null;
  modeDetail?: string | null;
  samplingFrame?: string | null;
  weighting?: string | null;
  /** Percentage points as published. */
  reportedMoe?: number | null;
  /** A proportion (0.95). */
  moeConfidence?: number | null;
  designEffect?: number | null;
  sourceUrls?: string[];
  notes?: string | null;
  enteredById?: number | null;
  questions: BulkPollQuestion[];
}

export interface BulkRows {
  pollsters?: BulkPollster[];
  questions?: BulkQuestion[];
  polls: BulkPoll[];
}

export interface BulkOptions {
  /**
   * A poll whose externalKey already exists: 'replace' updates its fields (same id, version + 1)
   * and replaces its questions, results and crosstabs (the dump import); 'skip' leaves it alone
   * (the CSV import and the seed: importing a file twice adds nothing).
   */
  existingPolls: 'replace' | 'skip';
  /**
   * Pollsters, questions and options that exist: 'update' gives them the rows' name, title,
   * wording, label and position when those differ (the dump import); 'keep' leaves an editor's
   * corrections alone and only creates what is missing (default).
   */
  existingCatalog?: 'update' | 'keep';
  /**
   * Also match an externalKey `pollboard:poll:<id>` (how the dump names a hand-entered poll) to the
   * poll with that id when it has no external key and the same pollster and field dates, so a
   * database re-importing its own dump does not duplicate it (the dump import).
   */
  matchExportIds?: { prefix: string };
  /** With a client (its own write): who and where, and the audit row (default: entity Import). */
  actor?: number | null;
  source?: WriteSource;
  audit?: { entity: 'Import' | 'Seed'; entityId: string; action: string; after?: Record<string, unknown> };
  /** Transaction limit with a client (default 10 minutes: a big import on a busy machine takes minutes). */
  timeout?: number;
}

export interface BulkSummary {
  polls: number;
  pollsCreated: number;
  pollsUpdated: number;
  pollsSkipped: number;
  /** Ids of the created and updated polls, in the order of `rows.polls` (skipped ones left out). */
  pollIds: number[];
  /** externalKey → id of every poll of the rows (created, updated or skipped). */
  pollIdByKey: Map<string, number>;
  pollsters: number;
  pollstersCreated: string[];
  questions: number;
  questionsCreated: string[];
}

type Tx = Prisma.TransactionClient;

/**
 * Cells (rows × columns) per statement, so bound parameters stay under SQLite's limit of 32,766
 * (PostgreSQL allows 65,535): Prisma splits ORM queries to the driver's limit by itself but sends
 * a raw statement as it is. (Per row, statements of 8,000 and of 30,000 cells measured the same.)
 */
const MAX_PARAMS = 30_000;

/** Polls whose children are written per round: bounds the in-memory arrays of one round. */
const POLLS_PER_ROUND = 5_000;

/** The largest id a PostgreSQL `integer` column holds; a bigger one cannot name a poll. */
const MAX_INT4 = 2_147_483_647;

export class BulkWriteError extends Error {
  override readonly name = 'BulkWriteError';
}

/** A value that an earlier step of this write must have produced (an id it inserted or found). */
function need<K, V>(map: ReadonlyMap<K, V>, key: K, what: string): V {
  const value = map.get(key);
  if (value === undefined) throw new BulkWriteError(`${what} is neither in the rows nor in the database`);
  return value;
}

function chunked<T>(items: readonly T[], columns: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_PARAMS / columns));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

type SqlValue = string | number | boolean | Date | null;

/**
 * Multi-row `INSERT INTO table (columns) VALUES (…), (…) [tail]` in chunks of at most MAX_PARAMS
 * cells, through Prisma's raw-query path (inside the caller's transaction). The ORM's `createMany`
 * spends ~0.4 ms of CPU per row compiling and rendering the query (Prisma 7's query compiler), which
 * alone capped the import near 2,000 rows/s. The SQL is portable: quoted identifiers, Prisma's
 * placeholders, `ON CONFLICT … excluded` and `RETURNING` mean the same on SQLite and PostgreSQL,
 * and both adapters write Date values the way the ORM does. With a `RETURNING` tail the returned
 * rows come back; their order is not relied on.
 *
 * NULL and finite numbers are written as SQL literals rather than bound: each bound value costs a
 * few µs in Prisma's raw path (tagged, JSON-encoded, decoded, copied), most cells of these tables
 * are ids, percentages or empty, and `String(n)` of a finite number is always a valid SQL numeric
 * literal (digits, point, exponent), so nothing from the file reaches the SQL text except numbers.
 */
async function insertRows<R = never>(tx: Tx, table: string, columns: readonly string[], rows: readonly SqlValue[][], tail = ''): Promise<R[]> {
  const head = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (`;
  const returned: R[] = [];
  for (const chunk of chunked(rows, columns.length)) {
    const strings: string[] = [];
    const values: SqlValue[] = [];
    let text = head;
    chunk.forEach((row, r) => {
      row.forEach((value, c) => {
        if (value === null) text += 'NULL';
        // TRUE/FALSE are literals on both databases (SQLite ≥ 3.23 stores 1/0)
        else if (typeof value === 'boolean') text += value ? 'TRUE' : 'FALSE';
        else if (typeof value === 'number' && Number.isFinite(value)) text += String(value);
        else {
          strings.push(text);
          values.push(value);
          text = '';
        }
        text += c < row.length - 1 ? ', ' : r < chunk.length - 1 ? '), (' : `)${tail}`;
      });
    });
    strings.push(text);
    const sql = new Prisma.Sql(strings, values);
    if (tail.includes('RETURNING')) returned.push(...(await tx.$queryRaw<R[]>(sql)));
    else await tx.$executeRaw(sql);
  }
  return returned;
}

function sameDate(a: Date | null, b: Date | null): boolean {
  return a === null || b === null ? a === b : a.getTime() === b.getTime();
}

const orNull = <T>(v: T | null | undefined): T | null => (v === undefined ? null : v);

/** Upsert the pollsters the polls name (as pollster or sponsor), by slug; returns slug → id. */
async function savePollsters(w: WriteContext, rows: BulkRows, update: boolean, created: string[]): Promise<Map<string, number>> {
  const tx = w.tx;
  const specs = new Map<string, BulkPollster | null>();
  for (const p of rows.pollsters ?? []) specs.set(p.slug, p);
  // First-use order, as the row-by-row import created them, so new pollsters get the same ids.
  const named: string[] = [];
  for (const poll of rows.polls) {
    for (const slug of [poll.pollsterSlug, poll.sponsorSlug]) {
      if (slug && !named.includes(slug)) named.push(slug);
      if (slug && !specs.has(slug)) specs.set(slug, null);
    }
  }
  const order = [...new Set([...named, ...specs.keys()])];
  const ids = new Map<string, number>();
  for (const slugs of chunked(order, 1)) {
    for (const p of await tx.pollster.findMany({ where: { slug: { in: slugs } }, select: { id: true, slug: true, name: true } })) {
      ids.set(p.slug, p.id);
      const spec = specs.get(p.slug);
      // Only real changes are written: an unchanged pollster keeps its updatedAt.
      if (update && spec && p.name !== spec.name) {
        await tx.pollster.update({ where: { id: p.id }, data: { name: spec.name } });
        // A pollster's name shows on every page that lists its polls.
        w.touch.pollsters(p.slug).every('questions', 'polls');
      }
    }
  }
  const now = new Date();
  const missing = order.filter((slug) => !ids.has(slug));
  const made = await insertRows<{ id: number | bigint; slug: string }>(
    tx,
    'Pollster',
    ['slug', 'name', 'country', 'website', 'notes', 'createdAt', 'updatedAt'],
    missing.map((slug) => {
      const spec = specs.get(slug);
      if (!spec) throw new BulkWriteError(`pollster ${slug} is neither in the rows nor in the database`);
      return [slug, spec.name, orNull(spec.country), orNull(spec.website), orNull(spec.notes), now, now];
    }),
    ' RETURNING "id", "slug"',
  );
  for (const p of made) {
    ids.set(p.slug, Number(p.id));
    created.push(p.slug);
    w.touch.pollsters(p.slug);
  }
  return ids;
}

interface SavedQuestion {
  id: number;
  options: Map<string, number>;
}

/** Upsert the questions by slug and their answer options by (question, key); returns slug → ids. */
async function saveQuestions(w: WriteContext, rows: BulkRows, update: boolean, created: string[]): Promise<Map<string, SavedQuestion>> {
  const tx = w.tx;
  const specs = new Map<string, BulkQuestion | null>();
  for (const q of rows.questions ?? []) specs.set(q.slug, q);
  for (const poll of rows.polls) for (const pq of poll.questions) if (!specs.has(pq.questionSlug)) specs.set(pq.questionSlug, null);
  const saved = new Map<string, SavedQuestion>();
  for (const slugs of chunked([...specs.keys()], 1)) {
    const found = await tx.question.findMany({
      where: { slug: { in: slugs } },
      select: { id: true, slug: true, title: true, wording: true, options: { select: { id: true, key: true, label: true, position: true } } },
    });
    for (const q of found) {
      const spec = specs.get(q.slug);
      let changed = false;
      if (update && spec && (q.title !== spec.title || q.wording !== spec.wording)) {
        await tx.question.update({ where: { id: q.id }, data: { title: spec.title, wording: spec.wording } });
        changed = true;
      }
      const options = new Map<string, number>();
      for (const o of q.options) {
        const want = spec?.options.find((x) => x.key === o.key);
        if (update && want && (want.label !== o.label || want.position !== o.position)) {
          await tx.questionOption.update({ where: { id: o.id }, data: { label: want.label, position: want.position } });
          changed = true;
        }
        options.set(o.key, o.id);
      }
      // A question's title and options show on every poll and pollster page that has it.
      if (changed) w.touch.questions(q.slug).every('polls', 'pollsters');
      saved.set(q.slug, { id: q.id, options });
    }
  }
  const now = new Date();
  const missing = [...specs.keys()].filter((slug) => !saved.has(slug));
  const made = await insertRows<{ id: number | bigint; slug: string }>(
    tx,
    'Question',
    ['slug', 'title', 'wording', 'topic', 'country', 'population', 'language', 'notes', 'createdAt', 'updatedAt'],
    missing.map((slug) => {
      const s = specs.get(slug);
      if (!s) throw new BulkWriteError(`question ${slug} is neither in the rows nor in the database`);
      return [slug, s.title, s.wording, orNull(s.topic), orNull(s.country), orNull(s.population), orNull(s.language), orNull(s.notes), now, now];
    }),
    ' RETURNING "id", "slug"',
  );
  for (const q of made) {
    saved.set(q.slug, { id: Number(q.id), options: new Map() });
    created.push(q.slug);
    w.touch.questions(q.slug);
  }
  const newOptions: SqlValue[][] = [];
  for (const [slug, spec] of specs) {
    if (!spec) continue;
    const question = need(saved, slug, `question ${slug}`);
    for (const o of spec.options) {
      if (question.options.has(o.key)) continue;
      newOptions.push([question.id, o.key, o.label, o.position]);
      w.touch.questions(slug);
    }
  }
  const questionById = new Map([...saved.values()].map((q) => [q.id, q]));
  const options = await insertRows<{ id: number | bigint; questionId: number | bigint; key: string }>(
    tx,
    'QuestionOption',
    ['questionId', 'key', 'label', 'position'],
    newOptions,
    ' RETURNING "id", "questionId", "key"',
  );
  for (const o of options) questionById.get(Number(o.questionId))?.options.set(o.key, Number(o.id));
  return saved;
}

/**
 * The ids of the polls the rows' keys already name: by externalKey, or (matchExportIds) a
 * `<prefix><id>` key by id when that poll has no external key and the same pollster and field dates.
 */
async function findExistingPolls(tx: Tx, polls: readonly BulkPoll[], match: BulkOptions['matchExportIds']): Promise<Map<string, number>> {
  const existing = await findPollsByExternalKey(
    tx,
    polls.map((p) => p.externalKey),
  );
  if (!match) return existing;
  const byId = new Map<number, BulkPoll>();
  for (const poll of polls) {
    if (existing.has(poll.externalKey) || !poll.externalKey.startsWith(match.prefix)) continue;
    const id = Number(poll.externalKey.slice(match.prefix.length));
    // Only the form the exporter writes (`pollboard:poll:7`, not `…:07`), so two keys never claim one poll.
    if (Number.isSafeInteger(id) && id > 0 && id <= MAX_INT4 && poll.externalKey === `${match.prefix}${id}`) byId.set(id, poll);
  }
  for (const ids of chunked([...byId.keys()], 1)) {
    const found = await tx.poll.findMany({
      where: { id: { in: ids }, externalKey: null },
      select: { id: true, fieldStart: true, fieldEnd: true, pollster: { select: { slug: true } } },
    });
    for (const p of found) {
      const poll = need(byId, p.id, `poll ${p.id}`);
      if (p.pollster.slug === poll.pollsterSlug && sameDate(p.fieldStart, poll.fieldStart) && sameDate(p.fieldEnd, poll.fieldEnd))
        existing.set(poll.externalKey, p.id);
    }
  }
  return existing;
}

/** Keys per look-up statement: under both databases' bound-parameter limits (SQLite 32,766, PostgreSQL 65,535). */
const KEYS_PER_LOOKUP = 10_000;

/**
 * Which of these externalKeys name a stored poll (key → id), through the unique index, in raw
 * statements of 10,000 keys: the ORM's `findMany({ where: { externalKey: { in } } })` costs about
 * twice the CPU per key (4.5 vs 2.2 µs), which a 1,000,000-row import pays once up front and once
 * per part. Used by the bulk writer and by the CSV import's check for rows already stored.
 */
export async function findPollsByExternalKey(client: Pick<Tx, '$queryRaw'>, keys: readonly string[]): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for (let i = 0; i < keys.length; i += KEYS_PER_LOOKUP) {
    const rows = await client.$queryRaw<{ id: number | bigint; externalKey: string }[]>`
      SELECT "id", "externalKey" FROM "Poll" WHERE "externalKey" IN (${Prisma.join(keys.slice(i, i + KEYS_PER_LOOKUP))})`;
    for (const r of rows) found.set(r.externalKey, Number(r.id));
  }
  return found;
}

/** The Poll columns a bulk write sets (besides id, externalKey, enteredById and the timestamps), in pollRow's order. */
const POLL_COLUMNS = [
  'pollsterId',
  'sponsorId',
  'sponsorName',
  'fieldStart',
  'fieldEnd',
  'datePrecision',
  'publishedAt',
  'publishedPrecision',
  'sampleSize',
  'population',
  'mode',
  'modeDetail',
  'samplingFrame',
  'weighting',
  'reportedMoe',
  'moeConfidence',
  'designEffect',
  'sourceUrls',
  'notes',
] as const;

function pollRow(p: BulkPoll, pollsterIds: ReadonlyMap<string, number>): SqlValue[] {
  const sponsorSlug = p.sponsorSlug ?? null;
  return [
    need(pollsterIds, p.pollsterSlug, `pollster ${p.pollsterSlug}`),
    sponsorSlug === null ? null : need(pollsterIds, sponsorSlug, `pollster ${sponsorSlug}`),
    sponsorSlug === null ? orNull(p.sponsorName) : null,
    p.fieldStart,
    p.fieldEnd,
    p.datePrecision,
    orNull(p.publishedAt),
    p.publishedPrecision ?? 'day',
    orNull(p.sampleSize),
    orNull(p.population),
    orNull(p.mode),
    orNull(p.modeDetail),
    orNull(p.samplingFrame),
    orNull(p.weighting),
    orNull(p.reportedMoe),
    orNull(p.moeConfidence),
    orNull(p.designEffect),
    JSON.stringify(p.sourceUrls ?? []),
    orNull(p.notes),
  ];
}

/** Insert the questions, results and breakdowns of polls that have none (new, or just emptied). */
async function writeChildren(tx: Tx, polls: readonly { id: number; poll: BulkPoll }[], questions: ReadonlyMap<string, SavedQuestion>): Promise<void> {
  const questionOf = (q: BulkPollQuestion) => need(questions, q.questionSlug, `question ${q.questionSlug}`);
  const optionId = (q: BulkPollQuestion, key: string): number => need(questionOf(q).options, key, `option ${key} of ${q.questionSlug}`);
  // Once per distinct wording, not per poll and result: a file repeats a few wordings many times.
  const wordingKeys = new Map<string, string>();
  const keyOf = (q: BulkPollQuestion): string => {
    if (q.wordingKey !== undefined) return q.wordingKey;
    let key = wordingKeys.get(q.wording);
    if (key === undefined) {
      key = deriveWordingKey(q.wording);
      wordingKeys.set(q.wording, key);
    }
    return key;
  };
  // Rows come back matched by their unique keys, not by position: neither database promises that
  // RETURNING lists rows in VALUES order.
  const pqKey = (pollId: number, qId: number, wKey: string) => `${pollId}\u0000${qId}\u0000${wKey}`;
  const asked = polls.flatMap(({ id, poll }) => poll.questions.map((q, position) => ({ pollId: id, q, position })));
  const pqIds = new Map<string, number>();
  const pqs = await insertRows<{ id: number | bigint; pollId: number | bigint; questionId: number | bigint; wordingKey: string }>(
    tx,
    'PollQuestion',
    ['pollId', 'questionId', 'wording', 'wordingKey', 'position', 'askedLanguage', 'wordingLanguage', 'wordingExact'],
    asked.map(({ pollId, q, position }) => [
      pollId,
      questionOf(q).id,
      q.wording,
      keyOf(q),
      position,
      orNull(q.askedLanguage),
      orNull(q.wordingLanguage),
      orNull(q.wordingExact),
    ]),
    ' RETURNING "id", "pollId", "questionId", "wordingKey"',
  );
  for (const pq of pqs) pqIds.set(pqKey(Number(pq.pollId), Number(pq.questionId), pq.wordingKey), Number(pq.id));
  const pqIdOf = (pollId: number, q: BulkPollQuestion) =>
    need(pqIds, pqKey(pollId, questionOf(q).id, keyOf(q)), `poll question ${q.questionSlug} of poll ${pollId}`);

  const now = new Date();
  await insertRows(
    tx,
    'WordingText',
    ['pollQuestionId', 'language', 'text', 'role', 'status', 'sourceUrl', 'sourceNote', 'createdAt'],
    asked.flatMap(({ pollId, q }) =>
      (q.texts ?? []).map((t) => [pqIdOf(pollId, q), t.language, t.text, t.role, t.status, orNull(t.sourceUrl), orNull(t.sourceNote), now]),
    ),
  );

  await insertRows(
    tx,
    'Result',
    ['pollQuestionId', 'optionId', 'percent', 'count'],
    asked.flatMap(({ pollId, q }) => q.results.map((r) => [pqIdOf(pollId, q), optionId(q, r.optionKey), r.percent, orNull(r.count)])),
  );

  const breakdowns = asked.flatMap(({ pollId, q }) => (q.breakdowns ?? []).map((b, position) => ({ pollQuestionId: pqIdOf(pollId, q), q, b, position })));
  const bKey = (pqId: number, dimension: string, subgroup: string) => `${pqId}\u0000${dimension}\u0000${subgroup}`;
  const breakdownIds = new Map<string, number>();
  const made = await insertRows<{ id: number | bigint; pollQuestionId: number | bigint; dimension: string; subgroup: string }>(
    tx,
    'Breakdown',
    ['pollQuestionId', 'dimension', 'subgroup', 'sampleSize', 'position'],
    breakdowns.map(({ pollQuestionId, b, position }) => [pollQuestionId, b.dimension, b.subgroup, b.sampleSize, position]),
    ' RETURNING "id", "pollQuestionId", "dimension", "subgroup"',
  );
  for (const b of made) breakdownIds.set(bKey(Number(b.pollQuestionId), b.dimension, b.subgroup), Number(b.id));
  await insertRows(
    tx,
    'BreakdownResult',
    ['breakdownId', 'optionId', 'percent'],
    breakdowns.flatMap(({ pollQuestionId, q, b }) => {
      const breakdownId = need(breakdownIds, bKey(pollQuestionId, b.dimension, b.subgroup), `breakdown ${b.dimension} ${b.subgroup}`);
      return b.results.map((r) => [breakdownId, optionId(q, r.optionKey), r.percent]);
    }),
  );
}

async function writeBulk(w: WriteContext, rows: BulkRows, options: BulkOptions): Promise<BulkSummary> {
  const tx = w.tx;
  const update = options.existingCatalog === 'update';
  const pollstersCreated: string[] = [];
  const questionsCreated: string[] = [];
  const pollsterIds = await savePollsters(w, rows, update, pollstersCreated);
  const questionIds = await saveQuestions(w, rows, update, questionsCreated);
  const existing = await findExistingPolls(tx, rows.polls, options.matchExportIds);
  const pollIdByKey = new Map(existing);

  const updated = options.existingPolls === 'replace' ? rows.polls.filter((p) => existing.has(p.externalKey)) : [];
  const updatedIds = updated.map((p) => need(existing, p.externalKey, `poll ${p.externalKey}`));
  // The questions and pollsters the replaced polls leave keep their pages right too. Past the
  // number of keys a change lists anyway, "all of them" is the answer, without reading them.
  if (updatedIds.length > MAX_LISTED_KEYS) w.touch.every('polls', 'questions', 'pollsters');
  else if (updatedIds.length > 0) await touchPolls(w, updatedIds);
  // A matched poll keeps its id (corrections and audit rows point at it): its fields are updated and
  // its questions, results and breakdowns replaced; deleting its PollQuestions cascades to the rest.
  for (const ids of chunked(updatedIds, 1)) await tx.pollQuestion.deleteMany({ where: { pollId: { in: ids } } });
  // One upsert statement per chunk instead of an UPDATE per poll: every id was just read, so each
  // row takes the DO UPDATE branch, and createdAt, externalKey and enteredById keep their values.
  // A poll deleted by someone else since (PostgreSQL reads committed data) would be inserted
  // instead, with version 1: refuse that, as a failed UPDATE did.
  const now = new Date();
  const upserted = await insertRows<{ id: number | bigint; version: number | bigint }>(
    tx,
    'Poll',
    ['id', ...POLL_COLUMNS, 'createdAt', 'updatedAt'],
    updated.map((p) => [need(existing, p.externalKey, `poll ${p.externalKey}`), ...pollRow(p, pollsterIds), now, now]),
    ` ON CONFLICT ("id") DO UPDATE SET ${[...POLL_COLUMNS, 'updatedAt'].map((c) => `"${c}" = excluded."${c}"`).join(', ')}, "version" = "Poll"."version" + 1 RETURNING "id", "version"`,
  );
  const recreated = upserted.find((p) => Number(p.version) === 1);
  if (recreated) throw new BulkWriteError(`poll ${Number(recreated.id)} was deleted while the import ran; nothing was saved`);

  const created = rows.polls.filter((p) => !existing.has(p.externalKey));
  const made = await insertRows<{ id: number | bigint; externalKey: string }>(
    tx,
    'Poll',
    [...POLL_COLUMNS, 'externalKey', 'enteredById', 'createdAt', 'updatedAt'],
    created.map((p) => [...pollRow(p, pollsterIds), p.externalKey, orNull(p.enteredById), now, now]),
    ' RETURNING "id", "externalKey"',
  );
  for (const p of made) pollIdByKey.set(p.externalKey, Number(p.id));

  const written = [...updated, ...created];
  const writtenKeys = new Set(written.map((p) => p.externalKey));
  const ordered = rows.polls.filter((p) => writtenKeys.has(p.externalKey));
  for (let i = 0; i < ordered.length; i += POLLS_PER_ROUND) {
    const round = ordered.slice(i, i + POLLS_PER_ROUND).map((poll) => ({ id: need(pollIdByKey, poll.externalKey, `poll ${poll.externalKey}`), poll }));
    await writeChildren(tx, round, questionIds);
  }

  // What the written polls touch, from the rows themselves (no query): their ids, questions, pollsters.
  const pollIds = ordered.map((p) => need(pollIdByKey, p.externalKey, `poll ${p.externalKey}`));
  w.touch.polls(...pollIds);
  for (const p of ordered) {
    w.touch.pollsters(p.pollsterSlug, p.sponsorSlug);
    w.touch.questions(...p.questions.map((q) => q.questionSlug));
  }
  return {
    polls: rows.polls.length,
    pollsCreated: created.length,
    pollsUpdated: updated.length,
    pollsSkipped: rows.polls.length - written.length,
    pollIds,
    pollIdByKey,
    pollsters: pollsterIds.size,
    pollstersCreated,
    questions: questionIds.size,
    questionsCreated,
  };
}

/**
 * Write many polls at once (see the module comment). Given a PrismaClient it is its own write
 * (`options.actor` and `options.source` required) and writes one audit row (`options.audit`, by
 * default entity Import) when it changed anything; given a WriteContext it joins that write and the
 * caller writes the audit row.
 */
export async function writePollsBulk(target: PrismaClient | WriteContext, rows: BulkRows, options: BulkOptions): Promise<BulkSummary> {
  const own = !('touch' in target);
  return withWrite(
    target,
    { actor: options.actor ?? null, source: options.source ?? 'import', timeout: options.timeout ?? 600_000, maxWait: 30_000 },
    async (w) => {
      const summary = await writeBulk(w, rows, options);
      const changed = summary.pollIds.length + summary.pollstersCreated.length + summary.questionsCreated.length > 0;
      if (own && changed) {
        const audit = options.audit ?? { entity: 'Import' as const, entityId: options.source ?? 'import', action: 'import' };
        const { pollIdByKey: _byKey, pollIds: _ids, ...counts } = summary;
        await w.audit({ entity: audit.entity, entityId: audit.entityId, action: audit.action, after: { ...counts, ...audit.after } });
      }
      return summary;
    },
  );
}

// ── Indicators ──────────────────────────────────────────────────────────────

export interface BulkIndicator {
  slug: string;
  name: string;
  description?: string | null;
  unit: string;
  currency?: string | null;
  source?: string | null;
  country?: string | null;
  topic?: string | null;
  observations: {
    externalKey: string;
    period: string;
    periodType: string;
    periodStart: Date;
    value: number;
    kind: 'actual' | 'estimate' | 'target' | 'forecast';
    basis?: string | null;
    derived?: boolean;
    isPrimary?: boolean;
    sourceUrl?: string | null;
    sourceName?: string | null;
    notes?: string | null;
  }[];
}

/**
 * Create the indicators (by slug) and observations (by externalKey) that are missing, inside a
 * write; existing ones are left as they are (an editor's corrections stay). Returns the number of
 * observations created. The seed uses it; the caller writes the audit row.
 */
export async function writeIndicatorsBulk(
  w: WriteContext,
  indicators: readonly BulkIndicator[],
): Promise<{ indicatorsCreated: number; observationsCreated: number }> {
  const tx = w.tx;
  let indicatorsCreated = 0;
  let observationsCreated = 0;
  for (const { observations, ...spec } of indicators) {
    let indicator = await tx.indicator.findUnique({ where: { slug: spec.slug }, select: { id: true } });
    if (!indicator) {
      indicator = await tx.indicator.create({ data: spec, select: { id: true } });
      indicatorsCreated += 1;
      w.touch.indicators(spec.slug);
    }
    const known = new Set(
      (await tx.observation.findMany({ where: { externalKey: { in: observations.map((o) => o.externalKey) } }, select: { externalKey: true } })).map(
        (o) => o.externalKey,
      ),
    );
    const fresh = observations.filter((o) => !known.has(o.externalKey));
    if (fresh.length === 0) continue;
    await tx.observation.createMany({ data: fresh.map((o) => ({ ...o, indicatorId: indicator.id })) });
    observationsCreated += fresh.length;
    w.touch.indicators(spec.slug);
  }
  return { indicatorsCreated, observationsCreated };
}

/**
 * Clears the fieldwork start of the given polls, inside the caller's write (the elections seed: its
 * source gives only a median date, which the import reads as a one-day fieldwork). In chunks, so a
 * long id list stays under the databases' parameter limits.
 */
export async function clearFieldStart(w: WriteContext, pollIds: readonly number[]): Promise<number> {
  let cleared = 0;
  for (let i = 0; i < pollIds.length; i += MAX_LISTED_KEYS) {
    const ids = pollIds.slice(i, i + MAX_LISTED_KEYS);
    cleared += (await w.tx.poll.updateMany({ where: { id: { in: ids } }, data: { fieldStart: null } })).count;
  }
  return cleared;
}
