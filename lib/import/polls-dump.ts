import { z } from 'zod';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { CsvImportError, readExportCsv, type CsvIssue, type ParsedValue } from '@/lib/export/parse';
import { POLL_DUMP_COLUMNS, POLL_EXPORT_KEY_PREFIX, POLLS_DUMP_SCHEMA_VERSION, type PollDumpColumnName } from '@/lib/export/polls-dump';
import { wordingKey } from '@/lib/format/slug';
import { writePollsBulk, type BulkPoll, type BulkPollster, type BulkRows } from '@/lib/writes/bulk';
import { runWrite } from '@/lib/writes/write';

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
 * The write is planned in memory and done by the bulk write path (lib/writes/bulk.ts): a few queries
 * to learn what exists, then multi-row statements per table, where the ORM, row by row, ran a dozen
 * per poll (`npm run bench -- --only=dump-import` measures it).
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
  askedLanguage: string | null;
  wordingLanguage: string | null;
  wordingExact: boolean | null;
  /** wording_original and wording_translations, as WordingText rows */
  texts: { language: string; text: string; role: 'original' | 'translation'; status: string; sourceUrl: string | null }[];
  first: FirstRow;
  results: { optionKey: string; percent: number; count: number | null }[];
  breakdowns: Map<
    string,
    { dimension: string; subgroup: string; sampleSize: number | null; first: FirstRow; results: { optionKey: string; percent: number }[] }
  >;
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

const ZTranslations = z.array(
  z.object({ language: z.string().min(1), text: z.string().min(1), status: z.string().min(1), source_url: z.string().nullable().optional() }),
);

/** The original and translations of a poll question's wording from its dump columns (schema version 2). */
function wordingTexts(issues: CsvIssue[], row: number, v: Values): QuestionGroup['texts'] {
  const texts: QuestionGroup['texts'] = [];
  const original = str(v.wording_original);
  if (original !== null) {
    const language = str(v.wording_original_language);
    if (language === null) issues.push({ row, column: 'wording_original_language', message: 'required when wording_original is given' });
    texts.push({
      language: language ?? '',
      text: original,
      role: 'original',
      status: str(v.wording_original_status) ?? 'press-report',
      sourceUrl: str(v.wording_original_source),
    });
  }
  const raw = str(v.wording_translations);
  if (raw !== null) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = undefined;
    }
    const list = ZTranslations.safeParse(parsed);
    if (!list.success) issues.push({ row, column: 'wording_translations', message: 'must be a JSON array of {language, text, status, source_url}' });
    else for (const t of list.data) texts.push({ language: t.language, text: t.text, role: 'translation', status: t.status, sourceUrl: t.source_url ?? null });
  }
  return texts;
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
      issues.push({
        row,
        column: 'pollster',
        message: `${show(name)} differs from row ${first.row} (${show(first.name)}) for the same pollster_slug ${show(slug)}`,
      });
    }
  };
  // Records are grouped as they are read and only a group's first row is kept (see readExportCsv).
  const parsed = readExportCsv(text, POLL_DUMP_COLUMNS, (row, v) => {
    const version = num(v.schema_version);
    if (version !== POLLS_DUMP_SCHEMA_VERSION) {
      issues.push({
        row,
        column: 'schema_version',
        message: `this Pollboard reads schema_version ${POLLS_DUMP_SCHEMA_VERSION}, the file has ${show(v.schema_version)}`,
      });
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
      question = {
        slug,
        wording,
        wordingKey: wKey,
        askedLanguage: str(v.asked_language),
        wordingLanguage: str(v.wording_language),
        wordingExact: typeof v.wording_exact === 'boolean' ? v.wording_exact : null,
        texts: wordingTexts(issues, row, v),
        first: { row, values: v },
        results: [],
        breakdowns: new Map(),
      };
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
      issues.push({
        row,
        column: dimension === null ? 'breakdown_dimension' : 'breakdown_subgroup',
        message: 'breakdown_dimension and breakdown_subgroup go together',
      });
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
        if (breakdown.results.some((r) => r.optionKey === optionKey))
          issues.push({ row, column: 'option_key', message: `${optionKey} appears twice in this breakdown` });
        breakdown.results.push({ optionKey, percent });
      }
    } else if (optionKey !== null && percent !== null) {
      if (question.results.some((r) => r.optionKey === optionKey))
        issues.push({ row, column: 'option_key', message: `${optionKey} appears twice in this poll question` });
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

type Precision = 'day' | 'month' | 'year';

/** The plan as the bulk write path's rows (lib/writes/bulk.ts): plain values, already validated. */
export function toBulkRows(plan: ImportPlan): BulkRows {
  // First-use order, as the row-by-row import created them, so new pollsters get the same ids.
  const pollsters = new Map<string, BulkPollster>();
  const polls = plan.polls.map((p): BulkPoll => {
    const v = p.values;
    const slug = str(v.pollster_slug) ?? '';
    if (!pollsters.has(slug)) pollsters.set(slug, { slug, name: str(v.pollster) ?? '' });
    const sponsorSlug = str(v.sponsor_slug);
    if (sponsorSlug !== null && !pollsters.has(sponsorSlug)) pollsters.set(sponsorSlug, { slug: sponsorSlug, name: str(v.sponsor) ?? '' });
    return {
      externalKey: p.key,
      pollsterSlug: slug,
      sponsorSlug,
      sponsorName: sponsorSlug === null ? str(v.sponsor) : null,
      fieldStart: date(v.field_start),
      fieldEnd: date(v.field_end),
      // Validated against the column's allowed values by readExportCsv.
      datePrecision: (str(v.date_precision) ?? 'day') as Precision,
      publishedAt: date(v.published),
      publishedPrecision: (str(v.published_precision) ?? 'day') as Precision,
      sampleSize: num(v.sample_size),
      population: str(v.population),
      mode: str(v.mode),
      modeDetail: str(v.mode_detail),
      samplingFrame: str(v.sampling_frame),
      weighting: str(v.weighting),
      reportedMoe: num(v.reported_moe),
      moeConfidence: num(v.moe_confidence),
      designEffect: num(v.design_effect),
      sourceUrls: Array.isArray(v.source_urls) ? v.source_urls : [],
      notes: str(v.notes),
      questions: [...p.questions.values()].map((q) => ({
        questionSlug: q.slug,
        wording: q.wording,
        wordingKey: q.wordingKey,
        askedLanguage: q.askedLanguage,
        wordingLanguage: q.wordingLanguage,
        wordingExact: q.wordingExact,
        texts: q.texts,
        results: q.results,
        breakdowns: [...q.breakdowns.values()].map((b) => ({ dimension: b.dimension, subgroup: b.subgroup, sampleSize: b.sampleSize, results: b.results })),
      })),
    };
  });
  const questions = [...plan.questions].map(([slug, spec]) => ({
    slug,
    title: spec.title,
    wording: spec.wording,
    options: [...spec.options].map(([key, o]) => ({ key, label: o.label, position: o.position })),
  }));
  return { pollsters: [...pollsters.values()], questions, polls };
}

/** Validate, then write everything in one transaction (all or nothing). */
export async function importPollDumpCsv(db: PrismaClient, text: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const plan = planPollImport(text);
  const rows = toBulkRows(plan);
  // The timeout bounds the whole write, not a statement: generous, because a large dump on a busy
  // machine (or over the network to PostgreSQL) takes minutes, and a timeout rolls everything back.
  return runWrite(db, { actor: null, source: 'dump-import', timeout: 600_000, maxWait: 30_000 }, async (w) => {
    const written = await writePollsBulk(w, rows, { existingPolls: 'replace', existingCatalog: 'update', matchExportIds: { prefix: POLL_EXPORT_KEY_PREFIX } });
    const summary: ImportSummary = {
      rows: plan.rows,
      polls: written.polls,
      pollsCreated: written.pollsCreated,
      pollsUpdated: written.pollsUpdated,
      pollsters: written.pollsters,
      questions: written.questions,
    };
    await w.audit({ entity: 'Import', entityId: options.source ?? 'polls-dump', action: 'import', after: summary });
    return summary;
  });
}

export { CsvImportError };
