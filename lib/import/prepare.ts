import Papa from 'papaparse';
import { SUM_TOLERANCE, latestToday, resultSetSum, sumTooHigh, sumTooLowWarning } from '@/lib/schemas/field-rules';
import type { TImportOptions } from '@/lib/import/options';
import type { DatePrecision } from '@/lib/format/partial-date';
import {
  type TCell,
  type TDateOrder,
  type TDateSpan,
  type TDecimalMark,
  type TImportDate,
  YearTracker,
  isMissing,
  modeOf,
  numericDatePair,
  parseCountCell,
  parseDateSpan,
  parseNumberCell,
  parsePercentCell,
  parseUrlsCell,
  populationOf,
  resolveSpan,
} from '@/lib/import/cells';
import { flat, hash64, shapeKey } from '@/lib/import/hash';
import {
  IMPORT_FIELD_LABELS,
  REPEATABLE_FIELDS,
  REQUIRED_FIELDS,
  type TColumnTarget,
  type TImportField,
  type TImportMapping,
  parseTarget,
} from '@/lib/import/targets';
import { slugify } from '@/lib/format/slug';

/**
 * The pure half of the CSV import: CSV text + column mapping → polls to store, with every input row
 * accounted for: `rows in = stored + refused (row, column, reason) + exact duplicates (listed)`.
 * Nothing is dropped silently. It runs in the browser (preview) and again on the server (the commit
 * never trusts the browser's result). Row numbers count the header as row 1, as a spreadsheet does.
 *
 * Wide files give one poll per row; long files (an `option` and a `value` column) give one poll per
 * group of rows with the same identifying cells, pivoted.
 */

export interface TImportIssue {
  severity: 'error' | 'warning';
  /** Spreadsheet row number (header = 1); null for a problem with the whole file. */
  row: number | null;
  /** The CSV header of the column concerned, when there is one. */
  column: string | null;
  message: string;
}

export interface TImportResult {
  option: string;
  percent: number;
}

export interface TImportBreakdown {
  dimension: string;
  subgroup: string;
  sampleSize: number | null;
  results: TImportResult[];
}

export interface TImportRecord {
  /** The input rows this poll came from (one in a wide file, one per option in a long file). */
  rows: number[];
  pollster: string;
  sponsor: string | null;
  fieldStart: TImportDate;
  fieldEnd: TImportDate;
  datePrecision: DatePrecision;
  published: TImportDate | null;
  sampleSize: number | null;
  population: string | null;
  mode: string | null;
  modeDetail: string | null;
  moe: number | null;
  designEffect: number | null;
  weighting: string | null;
  /** The exact wording; null when the file has none (the question's wording is used). */
  wording: string | null;
  questionSlug: string;
  questionTitle: string;
  results: TImportResult[];
  breakdowns: TImportBreakdown[];
  sourceUrls: string[];
  notes: string | null;
  /** Hash of pollster + field dates + question + wording + n + every result: equal = exact duplicates. */
  exactKey: string;
  /** Hash of pollster + field dates + question: equal with different exact keys = possible duplicates. */
  possibleKey: string;
  /** Poll.externalKey: a hash of the exact key, so a re-import finds what it created. */
  externalKey: string;
  /** First row of an earlier poll with the same pollster, dates and question but other figures. */
  possibleDuplicateOf: number | null;
  /** Id of a stored poll with the same pollster, dates and question but other figures (set by the commit). */
  possibleDuplicateOfPoll?: number | null;
}

export type TRowStatus = 'stored' | 'refused' | 'duplicate';

/** What became of one input row; rows stored without a remark are only counted. */
export interface TRowOutcome {
  row: number;
  status: TRowStatus;
  errors: TImportIssue[];
  warnings: TImportIssue[];
  /** For an exact duplicate: the row (or "database") it repeats. */
  duplicateOf: number | 'database' | null;
}

export interface TImportCounts {
  rowsIn: number;
  stored: number;
  refused: number;
  duplicates: number;
  withWarnings: number;
  possibleDuplicates: number;
  polls: number;
  questions: number;
}

export interface TFileFacts {
  dateOrder: TDateOrder;
  /** Why that order: "row 14: 23/4/2019" or "no date decides; chosen". */
  dateOrderReason: string;
  decimal: TDecimalMark;
  decimalReason: string;
  /** Some date has no year: the editor must give the first one's. */
  yearlessDates: boolean;
  /** Long format (option + value columns). */
  long: boolean;
}

export interface TQuestionPlan {
  slug: string;
  title: string;
  /** Wording of the first poll of the file, for a question created by the import. */
  wording: string | null;
  population: string | null;
  /** Option labels in order of first appearance. */
  options: string[];
}

export interface TImportPlan {
  headers: string[];
  shapeKey: string;
  mapping: TImportMapping;
  facts: TFileFacts;
  /** Problems with the file or the mapping as a whole (missing columns, CSV syntax). */
  fileIssues: TImportIssue[];
  /** The polls to store, in file order. */
  records: TImportRecord[];
  /** Every row that was refused, is a duplicate, or has a warning (stored rows without remarks are counted only). */
  outcomes: TRowOutcome[];
  questions: TQuestionPlan[];
  counts: TImportCounts;
}

/** Above this many questions a mapping is probably wrong (an id as question): the editor confirms. */
export const MANY_QUESTIONS = 50;

export function importOptions(partial: Partial<TImportOptions> = {}): TImportOptions {
  return {
    mode: 'valid-rows',
    dateOrder: 'auto',
    decimal: 'auto',
    firstYear: null,
    defaultPollster: null,
    confirmManyQuestions: false,
    questionSlug: undefined,
    questionTitle: null,
    ...partial,
  };
}

interface ColumnPlan {
  index: number;
  header: string;
  target: TColumnTarget;
}

/** One row read: poll-level fields (null when the row is refused) and the shares it carries. */
interface RowRead {
  row: number;
  errors: TImportIssue[];
  warnings: TImportIssue[];
  /** Cells identifying the poll (long format); unique per row in a wide file. */
  groupKey: string;
  poll: Omit<
    TImportRecord,
    'rows' | 'results' | 'breakdowns' | 'exactKey' | 'possibleKey' | 'externalKey' | 'possibleDuplicateOf' | 'possibleDuplicateOfPoll'
  > | null;
  items: { dimension: string | null; subgroup: string | null; option: string; percent: number; column: string }[];
  breakdownN: { dimension: string; subgroup: string; n: number }[];
}

function fileError(message: string, column: string | null = null): TImportIssue {
  return { severity: 'error', row: null, column, message };
}

const PRECISION_RANK: Record<DatePrecision, number> = { day: 0, month: 1, year: 2 };

interface Resolved {
  plans: ColumnPlan[];
  fieldColumns: Map<TImportField, ColumnPlan[]>;
  labelFor: Map<number, ColumnPlan>;
  effective: TImportMapping;
  issues: TImportIssue[];
  long: boolean;
}

function resolveMapping(headers: readonly string[], mapping: TImportMapping, options: TImportOptions): Resolved {
  const issues: TImportIssue[] = [];
  const plans: ColumnPlan[] = [];
  const effective: TImportMapping = {};
  const fieldColumns = new Map<TImportField, ColumnPlan[]>();
  headers.forEach((header, index) => {
    const raw = mapping[header] ?? 'ignore';
    const target = parseTarget(raw);
    if (!target) {
      issues.push(fileError(`Column “${header}”: unknown target “${raw}”.`, header));
      return;
    }
    effective[header] = raw;
    if (target.kind === 'ignore') return;
    const plan = { index, header, target };
    if (target.kind === 'field') {
      const others = fieldColumns.get(target.field) ?? [];
      const other = others[0];
      if (other && !REPEATABLE_FIELDS.includes(target.field) && target.field !== 'question') {
        issues.push(fileError(`Columns “${other.header}” and “${header}” are both mapped to ${IMPORT_FIELD_LABELS[target.field]}; map one.`, header));
        return;
      }
      fieldColumns.set(target.field, [...others, plan]);
    }
    plans.push(plan);
  });
  const has = (f: TImportField) => (fieldColumns.get(f)?.length ?? 0) > 0;
  for (const field of REQUIRED_FIELDS) {
    if (field === 'fieldStart' && (has('fieldStart') || has('fieldEnd'))) continue;
    if (field === 'pollster' && options.defaultPollster) continue;
    if (!has(field)) {
      issues.push(
        fileError(
          `Missing required column: no column is mapped to ${IMPORT_FIELD_LABELS[field]}. Map one${field === 'pollster' ? ', or give a pollster for every row' : ''}.`,
        ),
      );
    }
  }
  const long = has('option') || has('value');
  if (long && !(has('option') && has('value'))) issues.push(fileError('Long format needs both an option column and a share (value) column.'));
  const resultPlans = plans.filter((p) => p.target.kind === 'result');
  const optionNames: string[] = [];
  for (const p of resultPlans) {
    if (p.target.kind !== 'result') continue;
    const lower = p.target.option.toLowerCase();
    if (optionNames.some((o) => o.toLowerCase() === lower)) issues.push(fileError(`Two columns are mapped to the option “${p.target.option}”.`, p.header));
    else optionNames.push(p.target.option);
  }
  if (resultPlans.length === 0 && !long)
    issues.push(
      fileError('Missing required column: no column is mapped to a result (a share of an answer option), and no option/value columns (long format).'),
    );
  const labelFor = new Map<number, ColumnPlan>();
  for (const p of plans) {
    if (p.target.kind === 'label') {
      const column = p.target.column;
      const result = resultPlans.find((r) => r.header === column);
      if (!result) issues.push(fileError(`Column “${p.header}” labels “${column}”, which is not a result column.`, p.header));
      else labelFor.set(result.index, p);
    }
    if (p.target.kind === 'breakdownResult') {
      const option = p.target.option.toLowerCase();
      if (!optionNames.some((o) => o.toLowerCase() === option)) {
        issues.push(
          fileError(`Column “${p.header}” is a subgroup share of “${p.target.option}”, but no column holds the overall share of that option.`, p.header),
        );
      }
    }
  }
  if (!has('question') && !options.questionSlug) {
    issues.push(fileError('Choose a default question (slug), or map a column to Question: every poll must belong to a question.'));
  }
  return { plans, fieldColumns, labelFor, effective, issues, long };
}

/**
 * Decide per file what the cells cannot say alone: day/month or month/day order (a first number
 * above 12 proves day/month, a second one month/day), decimal comma or point, and whether some
 * date lacks a year. The editor sees the reason and may override.
 */
export function analyseFile(headers: readonly string[], rows: readonly (readonly string[])[], mapping: TImportMapping, options: TImportOptions): TFileFacts {
  const dateCols: number[] = [];
  const numberCols: number[] = [];
  let long = false;
  headers.forEach((h, i) => {
    const t = parseTarget(mapping[h] ?? 'ignore');
    if (!t) return;
    if (t.kind === 'field' && ['fieldStart', 'fieldEnd', 'published'].includes(t.field)) dateCols.push(i);
    if (t.kind === 'result' || t.kind === 'breakdownResult' || (t.kind === 'field' && ['value', 'moe', 'sampleSize'].includes(t.field))) numberCols.push(i);
    if (t.kind === 'field' && (t.field === 'option' || t.field === 'value')) long = true;
  });
  let dmyAt: string | null = null;
  let mdyAt: string | null = null;
  let yearless = false;
  let commaAt: string | null = null;
  let dotted = 0;
  let slashed = 0;
  rows.forEach((cells, r) => {
    for (const i of dateCols) {
      const raw = (cells[i] ?? '').trim();
      if (raw === '') continue;
      for (const part of raw.split(/\s*[–—]\s*|\s+-\s+|\s+to\s+/i)) {
        const pair = numericDatePair(part);
        if (pair && part.includes('.')) dotted += 1;
        if (pair && !part.includes('.')) {
          slashed += 1;
          if (pair[0] > 12 && pair[1] <= 12 && !dmyAt) dmyAt = `row ${r + 2}: ${raw}`;
          if (pair[1] > 12 && pair[0] <= 12 && !mdyAt) mdyAt = `row ${r + 2}: ${raw}`;
        }
      }
      if (!yearless) {
        const span = parseDateSpan(raw, 'mdy');
        if (span.ok && span.value.to.y === null) yearless = true;
      }
    }
    if (!commaAt) {
      for (const i of numberCols) {
        const raw = (cells[i] ?? '').trim();
        if (/^[-+]?\d+,\d{1,2}\s*%?$/.test(raw)) {
          commaAt = `row ${r + 2}: ${raw}`;
          break;
        }
      }
    }
  });
  let dateOrder: TDateOrder;
  let dateOrderReason: string;
  if (options.dateOrder !== 'auto') {
    dateOrder = options.dateOrder;
    dateOrderReason = 'chosen by the editor';
  } else if (dmyAt && !mdyAt) {
    dateOrder = 'dmy';
    dateOrderReason = `day/month/year, because ${dmyAt as string} cannot be month/day`;
  } else if (mdyAt && !dmyAt) {
    dateOrder = 'mdy';
    dateOrderReason = `month/day/year, because ${mdyAt as string} cannot be day/month`;
  } else if (mdyAt && dmyAt) {
    dateOrder = 'mdy';
    dateOrderReason = `the file mixes orders (${mdyAt as string}; ${dmyAt as string}); read as month/day/year, rows that do not fit are refused`;
  } else if (dotted > 0 && slashed === 0) {
    dateOrder = 'dmy';
    dateOrderReason = 'day.month.year (dates written with dots)';
  } else {
    dateOrder = 'mdy';
    dateOrderReason = 'no date decides it (every day is 12 or less, or dates are ISO); read as month/day/year — change it if the file is day/month';
  }
  const decimal: TDecimalMark = options.decimal !== 'auto' ? options.decimal : commaAt ? 'comma' : 'point';
  const decimalReason = options.decimal !== 'auto' ? 'chosen by the editor' : commaAt ? `decimal comma, because of ${commaAt as string}` : 'decimal point';
  return { dateOrder, dateOrderReason, decimal, decimalReason, yearlessDates: yearless, long };
}

/** Distinct strings {@link keeper} remembers; past this, strings are still copied flat but not shared. */
const KEEP_LIMIT = 50_000;

/**
 * Strings a plan keeps until the commit ends go through this: a repeated value (a pollster, a date,
 * a question) is stored once, and every kept string is a flat copy. The CSV parser's cells are
 * slices of the decoded file (V8 sliced strings for 13 characters and more), so one kept cell would
 * keep the whole decoded text (twice the file's size) alive through the commit.
 */
function keeper(): (text: string) => string {
  const known = new Map<string, string>();
  return (text) => {
    const hit = known.get(text);
    if (hit !== undefined) return hit;
    const copy = flat(text);
    if (known.size < KEEP_LIMIT) known.set(copy, copy);
    return copy;
  };
}

/** Prepare to read rows: resolve the mapping against the headers; rows must then be read in file order. */
function createRowReader(headers: readonly string[], resolved: Resolved, options: TImportOptions, facts: TFileFacts) {
  const { plans, fieldColumns, labelFor, long } = resolved;
  const one = (f: TImportField) => fieldColumns.get(f)?.[0];
  const years = new YearTracker(options.firstYear);
  // Once per file, not per row (the latest date anywhere on Earth, lib/schemas/field-rules).
  const today = latestToday();
  // One slug per distinct question cell, not per row: transliteration costs ~5 µs a call.
  const slugs = new Map<string, string>();
  const slugOf = (key: string): string => {
    let slug = slugs.get(key);
    if (slug === undefined) {
      slug = slugify(key);
      slugs.set(key, slug);
    }
    return slug;
  };
  const keep = keeper();
  // One object per distinct date: a file of a million polls has a few thousand field dates.
  const dates = new Map<string, TImportDate>();
  const dateOf = (d: TImportDate): TImportDate => {
    const key = `${d.start}|${d.end}|${d.precision}`;
    const known = dates.get(key);
    if (known) return known;
    const copy = { start: keep(d.start), end: keep(d.end), precision: d.precision };
    if (dates.size < KEEP_LIMIT) dates.set(key, copy);
    return copy;
  };
  const identifying = plans.filter(
    (p) => p.target.kind === 'field' && !['option', 'value', 'breakdownDimension', 'breakdownSubgroup'].includes(p.target.field),
  );

  return (cells: readonly string[], row: number): RowRead => {
    const errors: TImportIssue[] = [];
    const warnings: TImportIssue[] = [];
    const err = (column: string | null, message: string) => errors.push({ severity: 'error', row, column, message });
    const warn = (column: string | null, message: string) => warnings.push({ severity: 'warning', row, column, message });
    const cell = (p: ColumnPlan | undefined): string => (p ? (cells[p.index] ?? '') : '').trim();
    const text = (f: TImportField): string | null => {
      const v = cell(one(f));
      return isMissing(v) ? null : keep(v.replace(/\s+/g, ' '));
    };
    const take = <T>(p: ColumnPlan | undefined, parsed: TCell<T>): T | undefined => {
      if (parsed.ok) return parsed.value;
      err(p?.header ?? null, parsed.message);
      return undefined;
    };
    if (cells.length > headers.length && cells.slice(headers.length).some((c) => c.trim() !== '')) {
      warn(null, `The row has ${cells.length} cells but the header has ${headers.length}; the extra cells are ignored.`);
    }
    const groupKey = long ? identifying.map((p) => cell(p)).join('\u0001') : `row:${row}`;
    const items: RowRead['items'] = [];
    const breakdownN: RowRead['breakdownN'] = [];

    const pollsterCol = one('pollster');
    const pollster = text('pollster') ?? options.defaultPollster ?? '';
    if (pollster === '') err(pollsterCol?.header ?? null, 'Pollster is empty.');

    // Field dates: one column (a date or a range in the cell) or two (start and end).
    const startCol = one('fieldStart');
    const endCol = one('fieldEnd');
    let fieldStart: TImportDate | undefined;
    let fieldEnd: TImportDate | undefined;
    const spanOf = (p: ColumnPlan | undefined): TDateSpan | null | undefined => {
      if (!p) return null;
      const raw = cell(p);
      if (isMissing(raw)) return null;
      return take(p, parseDateSpan(raw, facts.dateOrder));
    };
    const s = spanOf(startCol);
    const e = spanOf(endCol);
    if (s === undefined || e === undefined) {
      // already reported
    } else if (!s && !e) {
      err(startCol?.header ?? endCol?.header ?? null, 'The field date is empty.');
    } else {
      const span: TDateSpan = { from: (s ?? e)?.from ?? { y: null, m: null, d: null }, to: (e ?? s)?.to ?? { y: null, m: null, d: null } };
      const year = years.yearFor(span.to);
      const resolvedSpan = resolveSpan(span, year);
      const where = (e ? endCol : startCol)?.header ?? null;
      if (!resolvedSpan.ok) err(where, resolvedSpan.message);
      else {
        fieldStart = dateOf(resolvedSpan.value.from);
        fieldEnd = dateOf(resolvedSpan.value.to);
        if (fieldStart.start > today) err(where, `${fieldStart.start} is in the future.`);
        else if (fieldEnd.start > today) err(where, `${fieldEnd.start} is in the future.`);
        if (fieldEnd.end < fieldStart.start) err(where, `Field end (${fieldEnd.end}) is before field start (${fieldStart.start}).`);
      }
    }

    const pubCol = one('published');
    let published: TImportDate | null = null;
    const pubSpan = spanOf(pubCol);
    if (pubSpan) {
      const y = pubSpan.to.y ?? (fieldEnd ? Number(fieldEnd.end.slice(0, 4)) : null);
      const r = resolveSpan({ from: pubSpan.to, to: pubSpan.to }, y);
      if (!r.ok) err(pubCol?.header ?? null, r.message);
      else {
        published = dateOf(r.value.to);
        if (published.start > today) err(pubCol?.header ?? null, `${published.start} is in the future.`);
        if (fieldStart && published.end < fieldStart.start)
          err(pubCol?.header ?? null, `Published (${published.end}) is before fieldwork started (${fieldStart.start}).`);
      }
    }

    const nCol = one('sampleSize');
    let sampleSize: number | null = null;
    if (nCol) {
      const n = take(nCol, parseCountCell(cell(nCol), facts.decimal));
      if (n) {
        sampleSize = n.value;
        if (n.rounded) warn(nCol.header, `n = ${cell(nCol)} is not a whole number; stored as ${n.value}.`);
      }
    }
    const moeCol = one('moe');
    const moe = moeCol ? (take(moeCol, parseNumberCell(cell(moeCol), facts.decimal)) ?? null) : null;
    if (moeCol && moe !== null && (moe <= 0 || moe > 50)) err(moeCol.header, `${moe} is not a margin of error in points (0–50).`);
    const deffCol = one('designEffect');
    const designEffect = deffCol ? (take(deffCol, parseNumberCell(cell(deffCol), facts.decimal)) ?? null) : null;
    if (deffCol && designEffect !== null && (designEffect <= 0 || designEffect > 20)) err(deffCol.header, `${designEffect} is not a design effect (0–20).`);

    const wording = text('wording');
    const questionCols = fieldColumns.get('question') ?? [];
    const questionKey = questionCols
      .map((p) => cell(p))
      .filter((v) => !isMissing(v))
      .join(' ');
    const questionSlug = questionKey !== '' ? slugOf(questionKey) : (options.questionSlug ?? '');
    const questionTitle = questionKey !== '' ? keep(questionKey) : (options.questionTitle ?? options.questionSlug ?? '');
    if (questionSlug === '') err(questionCols[0]?.header ?? null, 'The question is empty and no default question is set.');

    const urlCol = one('sourceUrls');
    const sourceUrls = urlCol ? (take(urlCol, parseUrlsCell(cell(urlCol))) ?? []).map(keep) : [];

    for (const p of plans) {
      const t = p.target;
      if (t.kind === 'result') {
        const v = take(p, parsePercentCell(cell(p), facts.decimal));
        if (v === undefined || v === null) continue;
        const labelCol = labelFor.get(p.index);
        const label = labelCol ? keep(cell(labelCol).replace(/\s+/g, ' ')) : '';
        let option = label !== '' && !isMissing(label) ? label : t.option;
        // Two columns of one row labelled alike ("Generic Candidate" twice): keep both, told apart by column.
        if (items.some((i) => i.dimension === null && i.option.toLowerCase() === option.toLowerCase())) option = `${option} (${t.option})`;
        items.push({ dimension: null, subgroup: null, option, percent: v, column: p.header });
      } else if (t.kind === 'breakdownN') {
        const v = take(p, parseCountCell(cell(p), facts.decimal));
        if (v) breakdownN.push({ dimension: t.dimension, subgroup: t.subgroup, n: v.value });
      } else if (t.kind === 'breakdownResult') {
        const v = take(p, parsePercentCell(cell(p), facts.decimal));
        if (v !== undefined && v !== null) items.push({ dimension: t.dimension, subgroup: t.subgroup, option: t.option, percent: v, column: p.header });
      }
    }
    if (long) {
      const optionCol = one('option');
      const valueCol = one('value');
      const option = text('option');
      const v = valueCol ? take(valueCol, parsePercentCell(cell(valueCol), facts.decimal)) : undefined;
      const dimension = text('breakdownDimension');
      const subgroup = text('breakdownSubgroup');
      if (option === null) err(optionCol?.header ?? null, 'The option is empty.');
      else if (v === null) err(valueCol?.header ?? null, `No share for “${option}”.`);
      else if (v !== undefined) {
        items.push({ dimension: subgroup ? (dimension ?? 'group') : null, subgroup, option, percent: v, column: valueCol?.header ?? '' });
      }
    } else if (items.filter((i) => i.dimension === null).length === 0 && errors.length === 0) {
      err(null, 'No result: every result column is empty.');
    }

    const { mode, detail } = modeOf(text('mode') ?? '');
    if (errors.length > 0 || !fieldStart || !fieldEnd) return { row, errors, warnings, groupKey, poll: null, items, breakdownN };
    const datePrecision = PRECISION_RANK[fieldStart.precision] >= PRECISION_RANK[fieldEnd.precision] ? fieldStart.precision : fieldEnd.precision;
    return {
      row,
      errors,
      warnings,
      groupKey,
      items,
      breakdownN,
      poll: {
        pollster,
        sponsor: text('sponsor'),
        fieldStart,
        fieldEnd,
        datePrecision,
        published,
        sampleSize,
        population: populationOf(text('population') ?? ''),
        mode,
        modeDetail: detail === null ? null : keep(detail),
        moe,
        designEffect,
        weighting: text('weighting'),
        wording,
        questionSlug,
        questionTitle,
        sourceUrls,
        notes: text('notes'),
      },
    };
  };
}

function keyOfResults(results: readonly TImportResult[]): string {
  return results
    .map((r) => `${r.option.toLowerCase()}=${r.percent}`)
    .sort()
    .join(',');
}

/**
 * Pollster, field dates and question: the identity of a poll before its figures. The commit computes
 * the same key for polls already stored, to flag possible duplicates of the database.
 */
export function possibleKeyText(pollster: string, fieldStart: string, fieldEnd: string, questionSlug: string): string {
  return [pollster.toLowerCase().replace(/\s+/g, ' '), fieldStart, fieldEnd, questionSlug].join('\u0001');
}

type ResultOf = (option: string, percent: number) => TImportResult;

/**
 * One frozen result object per distinct option and share within a plan: a million polls repeat a
 * few hundred of them, and five objects per poll were a fifth of a big plan's memory.
 */
function sharedResults(): ResultOf {
  const known = new Map<string, TImportResult>();
  return (option, percent) => {
    const key = `${percent}\u0000${option}`;
    let result = known.get(key);
    if (result === undefined) {
      result = Object.freeze({ option, percent });
      if (known.size < KEEP_LIMIT) known.set(key, result);
    }
    return result;
  };
}

/** Build a group's record, or the reason it is refused (attached to the group's first row). */
function buildRecord(reads: RowRead[], outcomes: Map<number, TRowOutcome>, resultOf: ResultOf): TImportRecord | null {
  const first = reads[0];
  if (!first) return null;
  const bad = reads.find((r) => r.errors.length > 0 || !r.poll);
  const refuse = (why: TImportIssue | null) => {
    for (const r of reads) {
      const errors = r.errors.length > 0 ? r.errors : why ? [{ ...why, row: r.row }] : [];
      outcomes.set(r.row, { row: r.row, status: 'refused', errors, warnings: r.warnings, duplicateOf: null });
    }
    return null;
  };
  if (bad) {
    return refuse({
      severity: 'error',
      row: first.row,
      column: null,
      message: `Row ${bad.row} of the same poll was refused: ${bad.errors[0]?.message ?? 'invalid'}`,
    });
  }
  const poll = first.poll;
  if (!poll) return null;
  const results: TImportResult[] = [];
  const resultColumns: string[] = [];
  const breakdowns = new Map<string, TImportBreakdown & { columns: string[] }>();
  const seen = new Map<string, { row: number; percent: number }>();
  const rowsUsed: number[] = [];
  for (const r of reads) {
    let allRepeats = r.items.length > 0;
    for (const item of r.items) {
      const key = `${item.dimension ?? ''}\u0000${item.subgroup ?? ''}\u0000${item.option.toLowerCase()}`;
      const before = seen.get(key);
      if (before) {
        if (before.percent !== item.percent) {
          return refuse({
            severity: 'error',
            row: r.row,
            column: item.column,
            message: `“${item.option}”${item.subgroup ? ` (${item.subgroup})` : ''} is ${item.percent}% here and ${before.percent}% in row ${before.row} of the same poll.`,
          });
        }
        continue;
      }
      allRepeats = false;
      seen.set(key, { row: r.row, percent: item.percent });
      if (item.dimension === null || item.subgroup === null) {
        results.push(resultOf(item.option, item.percent));
        resultColumns.push(item.column);
      } else {
        const bKey = `${item.dimension}\u0000${item.subgroup}`;
        let b = breakdowns.get(bKey);
        if (!b) {
          b = { dimension: item.dimension, subgroup: item.subgroup, sampleSize: null, results: [], columns: [] };
          breakdowns.set(bKey, b);
        }
        b.results.push(resultOf(item.option, item.percent));
        b.columns.push(item.column);
      }
    }
    for (const bn of r.breakdownN) {
      const b = breakdowns.get(`${bn.dimension}\u0000${bn.subgroup}`);
      if (b) b.sampleSize = bn.n;
    }
    if (allRepeats && reads.length > 1) {
      const of = seen.get(`${r.items[0]?.dimension ?? ''}\u0000${r.items[0]?.subgroup ?? ''}\u0000${r.items[0]?.option.toLowerCase() ?? ''}`)?.row ?? first.row;
      outcomes.set(r.row, { row: r.row, status: 'duplicate', errors: [], warnings: r.warnings, duplicateOf: of });
    } else rowsUsed.push(r.row);
  }
  if (results.length === 0) {
    return refuse({ severity: 'error', row: first.row, column: null, message: 'No overall result: only subgroup shares.' });
  }
  const sum = resultSetSum(results.map((r) => r.percent));
  if (sumTooHigh(sum)) {
    return refuse({
      severity: 'error',
      row: first.row,
      column: resultColumns.join(', '),
      message: `${results.map((r) => r.option).join(' + ')} = ${sum}%: more than 100% + ${SUM_TOLERANCE} points of rounding.`,
    });
  }
  const warnings: TImportIssue[] = [];
  // A file that publishes one option only (Support) is not missing one.
  if (results.length > 1 && sumTooLowWarning(sum, results.length)) {
    warnings.push({
      severity: 'warning',
      row: first.row,
      column: resultColumns.join(', '),
      message: `${results.map((r) => r.option).join(' + ')} = ${sum}%: under 90%; is an option missing?`,
    });
  }
  const breakdownList: TImportBreakdown[] = [];
  for (const b of breakdowns.values()) {
    const bsum = resultSetSum(b.results.map((r) => r.percent));
    if (sumTooHigh(bsum)) {
      return refuse({
        severity: 'error',
        row: first.row,
        column: b.columns.join(', '),
        message: `${b.subgroup}: ${b.results.map((r) => r.option).join(' + ')} = ${bsum}%: more than 100% + ${SUM_TOLERANCE} points of rounding.`,
      });
    }
    if (b.sampleSize !== null && poll.sampleSize !== null && b.sampleSize > poll.sampleSize) {
      warnings.push({
        severity: 'warning',
        row: first.row,
        column: b.columns[0] ?? null,
        message: `Subgroup ${b.subgroup} has n = ${b.sampleSize}, more than the poll's n = ${poll.sampleSize}.`,
      });
    }
    breakdownList.push({ dimension: b.dimension, subgroup: b.subgroup, sampleSize: b.sampleSize, results: b.results.slice() });
  }
  if (warnings.length > 0) first.warnings.push(...warnings);
  const possibleKey = possibleKeyText(poll.pollster, poll.fieldStart.start, poll.fieldEnd.end, poll.questionSlug);
  const exactKey = [
    possibleKey,
    (poll.wording ?? '').toLowerCase(),
    poll.sampleSize ?? '',
    keyOfResults(results),
    breakdownList
      .map((b) => `${b.dimension}/${b.subgroup}/${b.sampleSize ?? ''}:${keyOfResults(b.results)}`)
      .sort()
      .join(';'),
  ].join('\u0001');
  // Stored rows are counted from the records; only those with a remark get an outcome.
  for (const r of reads)
    if (r.warnings.length > 0 && rowsUsed.includes(r.row))
      outcomes.set(r.row, { row: r.row, status: 'stored', errors: [], warnings: r.warnings, duplicateOf: null });
  const exactHash = hash64(exactKey);
  // Every field named in one literal, arrays cut to their length: a plan holds up to 1,000,000
  // records until the commit ends. Spreading `poll` gave each record a hidden class of its own
  // (~700 bytes of V8 shape data per record) and pushed arrays keep room for 17 elements; a 1M-row
  // plan then filled most of the default 4 GB heap and the commit crawled in garbage collection.
  return {
    rows: rowsUsed.length === 1 ? [rowsUsed[0] ?? first.row] : rowsUsed.slice(),
    pollster: poll.pollster,
    sponsor: poll.sponsor,
    fieldStart: poll.fieldStart,
    fieldEnd: poll.fieldEnd,
    datePrecision: poll.datePrecision,
    published: poll.published,
    sampleSize: poll.sampleSize,
    population: poll.population,
    mode: poll.mode,
    modeDetail: poll.modeDetail,
    moe: poll.moe,
    designEffect: poll.designEffect,
    weighting: poll.weighting,
    wording: poll.wording,
    questionSlug: poll.questionSlug,
    questionTitle: poll.questionTitle,
    results: results.slice(),
    breakdowns: breakdownList.slice(),
    sourceUrls: poll.sourceUrls,
    notes: poll.notes,
    // Hashes, not the keys: a 1,000,000-row file keeps two maps of them while it is checked.
    exactKey: exactHash,
    possibleKey: hash64(possibleKey),
    externalKey: flat(`import:${exactHash}`),
    possibleDuplicateOf: null,
    possibleDuplicateOfPoll: null,
  };
}

/** Parse CSV text into a header row and data rows (cells as strings). Blank and repeated headers get unique names. */
export function parseCsv(text: string): { headers: string[]; rows: string[][]; issues: TImportIssue[] } {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { header: false, skipEmptyLines: 'greedy' });
  const issues: TImportIssue[] = parsed.errors.map((e) => ({
    severity: 'error',
    row: e.row !== undefined ? e.row + 1 : null,
    column: null,
    message: `CSV syntax: ${e.message}.`,
  }));
  const [headerRow, ...rows] = parsed.data;
  const headers = uniqueHeaders(headerRow ?? []);
  if (headers.length === 0 || (headerRow ?? []).every((h) => h.trim() === ''))
    issues.push(fileError('The file is empty: it needs a header row and at least one data row.'));
  else if (rows.length === 0) issues.push(fileError('The file has a header row but no data rows.'));
  return { headers, rows, issues };
}

/** "", "Others", "Others" → "Column 1", "Others", "Others (2)": a mapping is keyed by header. */
export function uniqueHeaders(raw: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((h, i) => {
    const base = h.trim().replace(/\s+/g, ' ') || `Column ${i + 1}`;
    const count = (seen.get(base.toLowerCase()) ?? 0) + 1;
    seen.set(base.toLowerCase(), count);
    return count === 1 ? base : `${base} (${count})`;
  });
}

/**
 * Read parsed rows in order and account for every one of them. Exact duplicates (same pollster,
 * field dates, question, wording, n and every result) are listed and skipped; polls that share
 * pollster, dates and question but differ are kept and flagged as possible duplicates.
 */
export function planImport(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  mapping: TImportMapping,
  options: TImportOptions,
  csvIssues: TImportIssue[] = [],
): TImportPlan {
  const steps = planSteps(headers, rows, mapping, options, csvIssues);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Rows checked between two turns of the event loop in {@link planImportAsync}. */
const SLICE = 2_000;

/**
 * The same plan, computed in slices of rows with a turn of the event loop (or the browser) between
 * them, so a 1,000,000-row file never blocks other requests or the page for long; progress is
 * reported in rows.
 */
export async function planImportAsync(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  mapping: TImportMapping,
  options: TImportOptions,
  csvIssues: TImportIssue[] = [],
  hooks: {
    onProgress?: (done: number, total: number) => void;
    yieldNow?: () => Promise<void>;
    signal?: AbortSignal;
    /** Called once a row's cells have been read, in order: the owner may drop them (lowers the peak memory of a big file). */
    releaseRow?: (index: number) => void;
  } = {},
): Promise<TImportPlan> {
  const pause = hooks.yieldNow ?? (() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
  const steps = planSteps(headers, rows, mapping, options, csvIssues, hooks.releaseRow);
  for (;;) {
    const next = steps.next();
    if (next.done) {
      hooks.onProgress?.(rows.length, rows.length);
      return next.value;
    }
    hooks.onProgress?.(next.value, rows.length);
    if (hooks.signal?.aborted) throw new Error('cancelled');
    await pause();
  }
}

function* planSteps(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  mapping: TImportMapping,
  options: TImportOptions,
  csvIssues: TImportIssue[],
  releaseRow?: (index: number) => void,
): Generator<number, TImportPlan, void> {
  const resolved = resolveMapping(headers, mapping, options);
  const facts = analyseFile(headers, rows, resolved.effective, options);
  const fileIssues = [...csvIssues, ...resolved.issues];
  if (facts.yearlessDates && options.firstYear === null) {
    fileIssues.push(fileError('Some dates have no year (such as “31 Jul”): give the year of the first such row; later rows follow in order, across New Year.'));
  }
  const read = createRowReader(headers, resolved, options, facts);
  const resultOf = sharedResults();
  const outcomes = new Map<number, TRowOutcome>();
  const records: TImportRecord[] = [];
  const exactFirst = new Map<string, number>();
  const possibleFirst = new Map<string, number>();
  const questions = new Map<string, TQuestionPlan & { seen: Set<string> }>();
  const accept = (record: TImportRecord | null) => {
    if (!record) return;
    const firstRow = record.rows[0] ?? 0;
    const same = exactFirst.get(record.exactKey);
    if (same !== undefined) {
      for (const row of record.rows) {
        const o = outcomes.get(row);
        const message = `Exact duplicate of row ${same} (same pollster, field dates, question, wording, n and results): skipped.`;
        outcomes.set(row, {
          row,
          status: 'duplicate',
          errors: [],
          warnings: [...(o?.warnings ?? []), { severity: 'warning', row, column: null, message }],
          duplicateOf: same,
        });
      }
      return;
    }
    exactFirst.set(record.exactKey, firstRow);
    const possible = possibleFirst.get(record.possibleKey);
    if (possible !== undefined) {
      record.possibleDuplicateOf = possible;
      const warning: TImportIssue = {
        severity: 'warning',
        row: firstRow,
        column: null,
        message: `Possible duplicate of row ${possible}: same pollster, field dates and question, but n, wording or results differ. Imported; check it.`,
      };
      const o = outcomes.get(firstRow);
      if (o) o.warnings = [...o.warnings, warning];
      else outcomes.set(firstRow, { row: firstRow, status: 'stored', errors: [], warnings: [warning], duplicateOf: null });
    } else possibleFirst.set(record.possibleKey, firstRow);
    records.push(record);
    let q = questions.get(record.questionSlug);
    if (!q) {
      q = { slug: record.questionSlug, title: record.questionTitle, wording: record.wording, population: record.population, options: [], seen: new Set() };
      questions.set(record.questionSlug, q);
    }
    const add = (option: string) => {
      const lower = option.toLowerCase();
      if (q.seen.has(lower)) return;
      q.seen.add(lower);
      q.options.push(option);
    };
    for (const x of record.results) add(x.option);
    for (const b of record.breakdowns) for (const x of b.results) add(x.option);
  };
  // A wide file is one poll per row, decided as it is read; a long file is grouped first (rows of
  // one poll may be anywhere in the file), in order of each group's first row.
  const groups = new Map<string, RowRead[]>();
  const rowsIn = rows.length;
  for (let i = 0; i < rowsIn; i += 1) {
    const r = read(rows[i] ?? [], i + 2);
    releaseRow?.(i);
    if (!resolved.long) accept(buildRecord([r], outcomes, resultOf));
    else {
      const g = groups.get(r.groupKey);
      if (g) g.push(r);
      else groups.set(r.groupKey, [r]);
    }
    if ((i + 1) % SLICE === 0) yield i + 1;
  }
  let k = 0;
  for (const reads of groups.values()) {
    accept(buildRecord(reads, outcomes, resultOf));
    k += 1;
    if (k % SLICE === 0) yield rows.length;
  }
  if (questions.size > MANY_QUESTIONS && !options.confirmManyQuestions) {
    fileIssues.push(
      fileError(
        `This mapping gives ${questions.size.toLocaleString('en')} questions (more than ${MANY_QUESTIONS}): check the column mapped to Question, or confirm that the file really has that many.`,
      ),
    );
  }
  let stored = 0;
  for (const r of records) stored += r.rows.length;
  let refused = 0;
  let duplicates = 0;
  let withWarnings = 0;
  const listed: TRowOutcome[] = [];
  for (const o of outcomes.values()) {
    if (o.status === 'refused') refused += 1;
    else if (o.status === 'duplicate') duplicates += 1;
    if (o.warnings.length > 0) withWarnings += 1;
    if (o.status !== 'stored' || o.warnings.length > 0) listed.push(o);
  }
  listed.sort((a, b) => a.row - b.row);
  return {
    headers: [...headers],
    shapeKey: shapeKey(headers),
    mapping: resolved.effective,
    facts,
    fileIssues,
    records,
    outcomes: listed,
    questions: [...questions.values()].map(({ seen: _seen, ...q }) => q),
    counts: {
      rowsIn: rows.length,
      stored,
      refused,
      duplicates,
      withWarnings,
      possibleDuplicates: records.filter((r) => r.possibleDuplicateOf !== null).length,
      polls: records.length,
      questions: questions.size,
    },
  };
}

/** The whole pure pipeline from text (the server's and the command line's path). */
export function prepareImport(text: string, mapping: TImportMapping, options: TImportOptions): TImportPlan {
  const csv = parseCsv(text);
  return planImport(csv.headers, csv.rows, mapping, options, csv.issues);
}

/** "Row 389, column Yes: …" */
export function describeIssue(issue: TImportIssue): string {
  const where = [issue.row !== null ? `Row ${issue.row}` : null, issue.column ? `column ${issue.column}` : null].filter(Boolean).join(', ');
  return where ? `${where}: ${issue.message}` : issue.message;
}

/** `rows in 5011 = stored 4990 + refused 3 + duplicates 18` — the identity every summary states. */
export function identityLine(c: Pick<TImportCounts, 'rowsIn' | 'stored' | 'refused' | 'duplicates'>): string {
  return `rows in ${c.rowsIn} = stored ${c.stored} + refused ${c.refused} + duplicates ${c.duplicates}`;
}
