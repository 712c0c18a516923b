import { Prisma, type PrismaClient } from '@/lib/generated/prisma/client';
import { CsvImportError, readExportCsv, type CsvIssue, type ParsedValue } from '@/lib/export/parse';
import { POLL_DUMP_COLUMNS, POLL_EXPORT_KEY_PREFIX, POLLS_DUMP_SCHEMA_VERSION, type PollDumpColumnName } from '@/lib/export/polls-dump';
import { wordingKey } from '@/lib/text';

/**
 * Import a polls dump (the CSV of /api/v1/export/polls.csv or `npm run db:export`) into a database,
 * empty or not, in ONE transaction.
 *
 * Idempotent: pollsters and questions are upserted by slug, answer options by (question, key),
 * polls by `export_key` (stored as Poll.externalKey). A key `pollboard:poll:<id>` (a hand-entered
 * poll of the source database) also matches the poll with that id when it has no external key and
 * the same pollster and field dates, so re-importing a database's own dump never duplicates it. A
 * matched poll is updated (same id, version + 1) and its questions, results and breakdowns replaced
 * by the file's. Pollsters, questions and options whose fields already match are left untouched.
 *
 * Every row is validated first (types, required cells, conflicting repeats of poll, question,
 * option and pollster fields) and all problems are reported together with row and column; a file
 * with any problem saves nothing. This runs from the command line (operator access to the
 * database), so there is no user session to check; the audit row names the tool.
 *
 * The write is planned in memory and done in bulk (writePlan): a few queries to learn what exists,
 * then multi-row statements per table: a few statements per few thousand rows where the ORM, row by
 * row, ran a dozen per poll (`npm run bench:dump-import` measures it).
 */

type Values = Record<PollDumpColumnName, ParsedValue>;

export interface ImportSummary {
  rows: number;
  polls: number;
  pollsCreated: number;
  pollsUpdated: number;
  pollsters: number;
  questions: number;
}

/** The first row of a group: later rows of the group must repeat its values. */
interface FirstRow {
  row: number;
  values: Values;
}

interface PollGroup extends FirstRow {
  key: string;
  questions: Map<string, QuestionGroup>;
}

interface QuestionGroup {
  slug: string;
  wording: string;
  wordingKey: string;
  first: FirstRow;
  results: { optionKey: string; percent: number; count: number | null }[];
  breakdowns: Map<string, { dimension: string; subgroup: string; sampleSize: number | null; first: FirstRow; results: { optionKey: string; percent: number }[] }>;
}

interface QuestionSpec {
  title: string;
  wording: string;
  first: FirstRow;
  options: Map<string, { label: string; position: number; first: FirstRow }>;
}

export interface ImportPlan {
  rows: number;
  polls: PollGroup[];
  /** Tracked questions by slug, with the answer options the file uses. */
  questions: Map<string, QuestionSpec>;
}

const POLL_FIELDS: PollDumpColumnName[] = [
  'pollster',
  'pollster_slug',
  'sponsor',
  'sponsor_slug',
  'field_start',
  'field_end',
  'date_precision',
  'published',
  'published_precision',
  'sample_size',
  'population',
  'mode',
  'mode_detail',
  'sampling_frame',
  'weighting',
  'reported_moe',
  'moe_confidence',
  'design_effect',
  'source_urls',
  'notes',
];

const QUESTION_FIELDS: PollDumpColumnName[] = ['question_title', 'question_wording'];
const OPTION_FIELDS: PollDumpColumnName[] = ['option_label', 'option_position'];

function same(a: ParsedValue, b: ParsedValue): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}

function show(v: ParsedValue): string {
  if (v === null) return '(empty)';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (Array.isArray(v)) return v.join(' ');
  return String(v);
}

const str = (v: ParsedValue): string | null => (typeof v === 'string' ? v : null);
const num = (v: ParsedValue): number | null => (typeof v === 'number' ? v : null);
const date = (v: ParsedValue): Date | null => (v instanceof Date ? v : null);

/**
 * Report the columns in which a row disagrees with the first row of its group (poll, question,
 * option, breakdown). Each group keeps a reference to its first row's values, so checking costs no
 * lookup and no copy: a 100k-row dump is checked about 2 million times.
 */
function compareWithFirst(issues: CsvIssue[], row: number, v: Values, first: FirstRow, columns: readonly PollDumpColumnName[], what: string): void {
  for (const column of columns) {
    if (!same(first.values[column], v[column])) {
      issues.push({ row, column, message: `${show(v[column])} differs from row ${first.row} (${show(first.values[column])}) for the same ${what}` });
    }
  }
}

/** Validate and group the rows of a polls dump; throws CsvImportError listing every problem. */
export function planPollImport(text: string): ImportPlan {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  if (/(^|,)indicator_slug(,|$)/.test(firstLine) && !/(^|,)pollster_slug(,|$)/.test(firstLine)) {
    throw new CsvImportError([{ row: 1, column: '-', message: 'this is an indicators dump; db:import loads polls dumps (polls.csv)' }]);
  }
  // Problems found here, merged after parsing with the cell problems the parser found.
  const issues: CsvIssue[] = [];
  const polls = new Map<string, PollGroup>();
  const questions = new Map<string, QuestionSpec>();
  // A sponsor is a pollster too: one name per slug, whichever column the slug appeared in first.
  const pollsterNames = new Map<string, { row: number; name: ParsedValue }>();
  const checkPollster = (row: number, slug: ParsedValue, name: ParsedValue) => {
    const first = pollsterNames.get(show(slug));
    if (!first) pollsterNames.set(show(slug), { row, name });
    else if (!same(first.name, name)) {
      issues.push({ row, column: 'pollster', message: `${show(name)} differs from row ${first.row} (${show(first.name)}) for the same pollster_slug ${show(slug)}` });
    }
  };
  // Records are grouped as they are read and only a group's first row is kept (see readExportCsv).
  const parsed = readExportCsv(text, POLL_DUMP_COLUMNS, (row, v) => {
    const version = num(v.schema_version);
    if (version !== POLLS_DUMP_SCHEMA_VERSION) {
      issues.push({ row, column: 'schema_version', message: `this Pollboard reads schema_version ${POLLS_DUMP_SCHEMA_VERSION}, the file has ${show(v.schema_version)}` });
      return;
    }
    const key = str(v.export_key) as string;
    let poll = polls.get(key);
    if (!poll) {
      poll = { key, row, values: v, questions: new Map() };
      polls.set(key, poll);
    } else compareWithFirst(issues, row, v, poll, POLL_FIELDS, `export_key ${key}`);
    checkPollster(row, v.pollster_slug, v.pollster);
    if (v.sponsor_slug !== null) {
      if (v.sponsor === null) issues.push({ row, column: 'sponsor', message: 'required when sponsor_slug is given' });
      checkPollster(row, v.sponsor_slug, v.sponsor);
    }
    const slug = str(v.question_slug);
    if (slug === null) {
      for (const column of ['option_key', 'percent', 'breakdown_dimension'] as const) {
        if (v[column] !== null) issues.push({ row, column, message: 'needs question_slug' });
      }
      return;
    }
    for (const column of ['question_title', 'question_wording', 'wording'] as const) {
      if (v[column] === null) issues.push({ row, column, message: 'required when question_slug is given' });
    }
    let spec = questions.get(slug);
    if (!spec) {
      spec = { title: str(v.question_title) ?? '', wording: str(v.question_wording) ?? '', first: { row, values: v }, options: new Map() };
      questions.set(slug, spec);
    } else compareWithFirst(issues, row, v, spec.first, QUESTION_FIELDS, `question_slug ${slug}`);
    const wording = str(v.wording) ?? '';
    const wKey = str(v.wording_key) ?? wordingKey(wording);
    const qKey = `${slug}\u0000${wKey}`;
    let question = poll.questions.get(qKey);
    if (!question) {
      question = { slug, wording, wordingKey: wKey, first: { row, values: v }, results: [], breakdowns: new Map() };
      poll.questions.set(qKey, question);
    } else compareWithFirst(issues, row, v, question.first, ['wording'], 'poll question');
    const optionKey = str(v.option_key);
    if (optionKey !== null) {
      if (v.option_label === null) issues.push({ row, column: 'option_label', message: 'required when option_key is given' });
      if (v.option_position === null) issues.push({ row, column: 'option_position', message: 'required when option_key is given' });
      if (v.percent === null) issues.push({ row, column: 'percent', message: 'required when option_key is given' });
      const option = spec.options.get(optionKey);
      if (!option) spec.options.set(optionKey, { label: str(v.option_label) ?? '', position: num(v.option_position) ?? 0, first: { row, values: v } });
      else compareWithFirst(issues, row, v, option.first, OPTION_FIELDS, `option ${optionKey} of ${slug}`);
    } else if (v.percent !== null) {
      issues.push({ row, column: 'option_key', message: 'required when percent is given' });
    }
    const dimension = str(v.breakdown_dimension);
    const subgroup = str(v.breakdown_subgroup);
    if ((dimension === null) !== (subgroup === null)) {
      issues.push({ row, column: dimension === null ? 'breakdown_dimension' : 'breakdown_subgroup', message: 'breakdown_dimension and breakdown_subgroup go together' });
      return;
    }
    const percent = num(v.percent);
    if (dimension !== null && subgroup !== null) {
      const bKey = `${dimension}\u0000${subgroup}`;
      let breakdown = question.breakdowns.get(bKey);
      if (!breakdown) {
        breakdown = { dimension, subgroup, sampleSize: num(v.breakdown_n), first: { row, values: v }, results: [] };
        question.breakdowns.set(bKey, breakdown);
      } else compareWithFirst(issues, row, v, breakdown.first, ['breakdown_n'], 'breakdown');
      if (optionKey !== null && percent !== null) {
        if (breakdown.results.some((r) => r.optionKey === optionKey)) issues.push({ row, column: 'option_key', message: `${optionKey} appears twice in this breakdown` });
        breakdown.results.push({ optionKey, percent });
      }
    } else if (optionKey !== null && percent !== null) {
      if (question.results.some((r) => r.optionKey === optionKey)) issues.push({ row, column: 'option_key', message: `${optionKey} appears twice in this poll question` });
      question.results.push({ optionKey, percent, count: num(v.count) });
    }
  });
  if (parsed.issues.length + issues.length > 0) {
    // Cell problems first, as when the whole file was parsed before grouping (the sort is stable).
    const all = [...parsed.issues, ...issues].sort((a, b) => a.row - b.row);
    throw new CsvImportError(all, issues.length + parsed.problemCount);
  }
  return { rows: parsed.records, polls: [...polls.values()], questions };
}

export interface ImportOptions {
  /** Who or what ran the import, for the audit row (e.g. `db:import polls.csv`). */
  source?: string;
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

/** A value that an earlier step of this import must have produced (an id it inserted or found). */
function need<K, V>(map: ReadonlyMap<K, V>, key: K, what: string): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`${what} missing after upsert`);
  return value;
}

function chunked<T>(items: readonly T[], columns: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_PARAMS / columns));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export type SqlValue = string | number | Date | null;

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
export async function insertRows<R = never>(tx: Tx, table: string, columns: readonly string[], rows: readonly SqlValue[][], tail = ''): Promise<R[]> {
  const head = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (`;
  const returned: R[] = [];
  for (const chunk of chunked(rows, columns.length)) {
    const strings: string[] = [];
    const values: SqlValue[] = [];
    let text = head;
    chunk.forEach((row, r) => {
      row.forEach((value, c) => {
        if (value === null) text += 'NULL';
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

/** The largest id a PostgreSQL `integer` column holds; a bigger one cannot name a poll. */
const MAX_INT4 = 2_147_483_647;

/** Upsert the pollsters the polls name (as pollster or sponsor), by slug; returns slug → id. */
async function savePollsters(tx: Tx, plan: ImportPlan): Promise<Map<string, number>> {
  // First-use order, as the row-by-row import created them, so new pollsters get the same ids.
  const names = new Map<string, string>();
  for (const { values: v } of plan.polls) {
    const slug = str(v.pollster_slug) as string;
    if (!names.has(slug)) names.set(slug, str(v.pollster) as string);
    const sponsorSlug = str(v.sponsor_slug);
    if (sponsorSlug !== null && !names.has(sponsorSlug)) names.set(sponsorSlug, str(v.sponsor) as string);
  }
  const ids = new Map<string, number>();
  for (const slugs of chunked([...names.keys()], 1)) {
    for (const p of await tx.pollster.findMany({ where: { slug: { in: slugs } }, select: { id: true, slug: true, name: true } })) {
      ids.set(p.slug, p.id);
      const name = names.get(p.slug) as string;
      // Only real changes are written: an unchanged pollster keeps its updatedAt.
      if (p.name !== name) await tx.pollster.update({ where: { id: p.id }, data: { name } });
    }
  }
  const now = new Date();
  const made = await insertRows<{ id: number | bigint; slug: string }>(
    tx,
    'Pollster',
    ['slug', 'name', 'createdAt', 'updatedAt'],
    [...names].filter(([slug]) => !ids.has(slug)).map(([slug, name]) => [slug, name, now, now]),
    ' RETURNING "id", "slug"',
  );
  for (const p of made) ids.set(p.slug, Number(p.id));
  return ids;
}

interface SavedQuestion {
  id: number;
  options: Map<string, number>;
}

/** Upsert the questions by slug and their answer options by (question, key); returns slug → ids. */
async function saveQuestions(tx: Tx, plan: ImportPlan): Promise<Map<string, SavedQuestion>> {
  const saved = new Map<string, SavedQuestion>();
  for (const slugs of chunked([...plan.questions.keys()], 1)) {
    const found = await tx.question.findMany({
      where: { slug: { in: slugs } },
      select: { id: true, slug: true, title: true, wording: true, options: { select: { id: true, key: true, label: true, position: true } } },
    });
    for (const q of found) {
      const spec = plan.questions.get(q.slug) as QuestionSpec;
      if (q.title !== spec.title || q.wording !== spec.wording) await tx.question.update({ where: { id: q.id }, data: { title: spec.title, wording: spec.wording } });
      const options = new Map<string, number>();
      for (const o of q.options) {
        const want = spec.options.get(o.key);
        if (want && (want.label !== o.label || want.position !== o.position)) await tx.questionOption.update({ where: { id: o.id }, data: { label: want.label, position: want.position } });
        options.set(o.key, o.id);
      }
      saved.set(q.slug, { id: q.id, options });
    }
  }
  const now = new Date();
  const made = await insertRows<{ id: number | bigint; slug: string }>(
    tx,
    'Question',
    ['slug', 'title', 'wording', 'createdAt', 'updatedAt'],
    [...plan.questions].filter(([slug]) => !saved.has(slug)).map(([slug, spec]) => [slug, spec.title, spec.wording, now, now]),
    ' RETURNING "id", "slug"',
  );
  for (const q of made) saved.set(q.slug, { id: Number(q.id), options: new Map() });
  const newOptions: SqlValue[][] = [];
  for (const [slug, spec] of plan.questions) {
    const question = saved.get(slug) as SavedQuestion;
    for (const [key, o] of spec.options) if (!question.options.has(key)) newOptions.push([question.id, key, o.label, o.position]);
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
 * The ids of the polls the file's keys already name: by externalKey, or a `pollboard:poll:<id>`
 * key by id when that poll has no external key and the same pollster and field dates.
 */
async function findExistingPolls(tx: Tx, polls: readonly PollGroup[]): Promise<Map<string, number>> {
  const existing = new Map<string, number>();
  for (const keys of chunked(polls.map((p) => p.key), 1)) {
    const found = await tx.poll.findMany({ where: { externalKey: { in: keys } }, select: { id: true, externalKey: true } });
    for (const p of found) if (p.externalKey !== null) existing.set(p.externalKey, p.id);
  }
  const byId = new Map<number, PollGroup>();
  for (const poll of polls) {
    if (existing.has(poll.key) || !poll.key.startsWith(POLL_EXPORT_KEY_PREFIX)) continue;
    const id = Number(poll.key.slice(POLL_EXPORT_KEY_PREFIX.length));
    // Only the form the exporter writes (`pollboard:poll:7`, not `…:07`), so two keys never claim one poll.
    if (Number.isSafeInteger(id) && id > 0 && id <= MAX_INT4 && poll.key === `${POLL_EXPORT_KEY_PREFIX}${id}`) byId.set(id, poll);
  }
  for (const ids of chunked([...byId.keys()], 1)) {
    const found = await tx.poll.findMany({
      where: { id: { in: ids }, externalKey: null },
      select: { id: true, fieldStart: true, fieldEnd: true, pollster: { select: { slug: true } } },
    });
    for (const p of found) {
      const poll = byId.get(p.id) as PollGroup;
      const v = poll.values;
      if (p.pollster.slug === str(v.pollster_slug) && sameDate(p.fieldStart, date(v.field_start)) && sameDate(p.fieldEnd, date(v.field_end))) existing.set(poll.key, p.id);
    }
  }
  return existing;
}

/** The Poll columns an import writes (besides id, externalKey and the timestamps), in pollRow's order. */
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

function pollRow(v: Values, pollsterIds: ReadonlyMap<string, number>): SqlValue[] {
  const slug = str(v.pollster_slug) as string;
  const sponsorSlug = str(v.sponsor_slug);
  return [
    need(pollsterIds, slug, `pollster ${slug}`),
    sponsorSlug === null ? null : need(pollsterIds, sponsorSlug, `pollster ${sponsorSlug}`),
    sponsorSlug === null ? str(v.sponsor) : null,
    date(v.field_start),
    date(v.field_end),
    str(v.date_precision) as string,
    date(v.published),
    str(v.published_precision) as string,
    num(v.sample_size),
    str(v.population),
    str(v.mode),
    str(v.mode_detail),
    str(v.sampling_frame),
    str(v.weighting),
    num(v.reported_moe),
    num(v.moe_confidence),
    num(v.design_effect),
    JSON.stringify(Array.isArray(v.source_urls) ? v.source_urls : []),
    str(v.notes),
  ];
}

/** Insert the questions, results and breakdowns of polls that have none (new, or just emptied). */
async function writeChildren(tx: Tx, polls: readonly { id: number; poll: PollGroup }[], questions: ReadonlyMap<string, SavedQuestion>): Promise<void> {
  const questionId = (q: QuestionGroup): number => need(questions, q.slug, `question ${q.slug}`).id;
  const optionId = (q: QuestionGroup, key: string): number => need(need(questions, q.slug, `question ${q.slug}`).options, key, `option ${key} of ${q.slug}`);
  // Rows come back matched by their unique keys, not by position: neither database promises that
  // RETURNING lists rows in VALUES order.
  const pqKey = (pollId: number, qId: number, wKey: string) => `${pollId}\u0000${qId}\u0000${wKey}`;
  const asked = polls.flatMap(({ id, poll }) => [...poll.questions.values()].map((q, position) => ({ pollId: id, q, position })));
  const pqIds = new Map<string, number>();
  const pqs = await insertRows<{ id: number | bigint; pollId: number | bigint; questionId: number | bigint; wordingKey: string }>(
    tx,
    'PollQuestion',
    ['pollId', 'questionId', 'wording', 'wordingKey', 'position'],
    asked.map(({ pollId, q, position }) => [pollId, questionId(q), q.wording, q.wordingKey, position]),
    ' RETURNING "id", "pollId", "questionId", "wordingKey"',
  );
  for (const pq of pqs) pqIds.set(pqKey(Number(pq.pollId), Number(pq.questionId), pq.wordingKey), Number(pq.id));
  const pqIdOf = (pollId: number, q: QuestionGroup) => need(pqIds, pqKey(pollId, questionId(q), q.wordingKey), `poll question ${q.slug} of poll ${pollId}`);

  await insertRows(
    tx,
    'Result',
    ['pollQuestionId', 'optionId', 'percent', 'count'],
    asked.flatMap(({ pollId, q }) => q.results.map((r) => [pqIdOf(pollId, q), optionId(q, r.optionKey), r.percent, r.count])),
  );

  const breakdowns = asked.flatMap(({ pollId, q }) => [...q.breakdowns.values()].map((b, position) => ({ pollQuestionId: pqIdOf(pollId, q), q, b, position })));
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

/**
 * Write a validated plan. Everything is read and written in bulk — a few `findMany` to learn what
 * exists, then `createMany` in chunks — because statements, not rows, are what cost: the row-by-row
 * version ran a dozen statements per poll and imported ~200 rows/s.
 */
async function writePlan(tx: Tx, plan: ImportPlan, source: string): Promise<ImportSummary> {
  const pollsterIds = await savePollsters(tx, plan);
  const questionIds = await saveQuestions(tx, plan);
  const existing = await findExistingPolls(tx, plan.polls);

  // A matched poll keeps its id (corrections and audit rows point at it): its fields are updated and
  // its questions, results and breakdowns replaced; deleting its PollQuestions cascades to the rest.
  const updated = plan.polls.filter((p) => existing.has(p.key));
  for (const ids of chunked(updated.map((p) => need(existing, p.key, `poll ${p.key}`)), 1)) {
    await tx.pollQuestion.deleteMany({ where: { pollId: { in: ids } } });
  }
  // One upsert statement per chunk instead of an UPDATE per poll: every id was just read, so each
  // row takes the DO UPDATE branch, and createdAt, externalKey and enteredById keep their values as
  // the row-by-row update left them. A poll deleted by someone else since (PostgreSQL reads committed
  // data) would be inserted instead, with version 1: refuse that, as a failed UPDATE did.
  const now = new Date();
  const upserted = await insertRows<{ id: number | bigint; version: number | bigint }>(
    tx,
    'Poll',
    ['id', ...POLL_COLUMNS, 'createdAt', 'updatedAt'],
    updated.map((p) => [need(existing, p.key, `poll ${p.key}`), ...pollRow(p.values, pollsterIds), now, now]),
    ` ON CONFLICT ("id") DO UPDATE SET ${[...POLL_COLUMNS, 'updatedAt'].map((c) => `"${c}" = excluded."${c}"`).join(', ')}, "version" = "Poll"."version" + 1 RETURNING "id", "version"`,
  );
  const recreated = upserted.find((p) => Number(p.version) === 1);
  if (recreated) throw new Error(`poll ${Number(recreated.id)} was deleted while the import ran; nothing was saved`);

  const created = plan.polls.filter((p) => !existing.has(p.key));
  const createdIds = new Map<string, number>();
  const made = await insertRows<{ id: number | bigint; externalKey: string }>(
    tx,
    'Poll',
    [...POLL_COLUMNS, 'externalKey', 'createdAt', 'updatedAt'],
    created.map((p) => [...pollRow(p.values, pollsterIds), p.key, now, now]),
    ' RETURNING "id", "externalKey"',
  );
  for (const p of made) createdIds.set(p.externalKey, Number(p.id));

  for (let i = 0; i < plan.polls.length; i += POLLS_PER_ROUND) {
    const round = plan.polls.slice(i, i + POLLS_PER_ROUND).map((poll) => ({ id: existing.get(poll.key) ?? need(createdIds, poll.key, `poll ${poll.key}`), poll }));
    await writeChildren(tx, round, questionIds);
  }

  const summary: ImportSummary = {
    rows: plan.rows,
    polls: plan.polls.length,
    pollsCreated: created.length,
    pollsUpdated: updated.length,
    pollsters: pollsterIds.size,
    questions: questionIds.size,
  };
  await tx.auditEvent.create({ data: { entity: 'Import', entityId: source, action: 'import', after: JSON.stringify(summary) } });
  return summary;
}

/** Validate, then write everything in one transaction (all or nothing). */
export async function importPollDumpCsv(db: PrismaClient, text: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const plan = planPollImport(text);
  // The timeout bounds the whole write, not a statement: generous, because a large dump on a busy
  // machine (or over the network to PostgreSQL) takes minutes, and a timeout rolls everything back.
  return db.$transaction((tx) => writePlan(tx, plan, options.source ?? 'polls-dump'), { timeout: 600_000, maxWait: 30_000 });
}

export { CsvImportError };
