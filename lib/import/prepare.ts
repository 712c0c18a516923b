import Papa from 'papaparse';
import { SUM_TOLERANCE, resultSetSum, sumTooHigh, sumTooLowWarning } from '@/lib/schemas/field-rules';
import type { TImportOptions } from '@/lib/schemas/import';
import type { DatePrecision } from '@/lib/seed/dates';
import {
  type TCell,
  type TImportDate,
  isFutureDay,
  modeOf,
  parseCountCell,
  parseDateCell,
  parseNumberCell,
  parsePercentCell,
  parseUrlsCell,
  populationOf,
} from '@/lib/import/cells';
import { hash64, shapeKey } from '@/lib/import/hash';
import { IMPORT_FIELD_LABELS, REQUIRED_FIELDS, type TColumnTarget, type TImportField, type TImportMapping, parseTarget } from '@/lib/import/targets';

/**
 * The pure half of the CSV import: CSV text + column mapping → one validated record per row, with
 * every problem named by row and column. It runs in the browser (preview, with progress) and again
 * on the server (the commit never trusts the browser's result). Row numbers count the header as
 * row 1, as a spreadsheet shows them.
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
  wording: string;
  /** The question column's cell (a key or slug), or null to use the default question. */
  questionKey: string | null;
  results: TImportResult[];
  breakdowns: TImportBreakdown[];
  sourceUrls: string[];
  notes: string | null;
  /** pollster + field dates + wording + sources + population, normalised. */
  naturalKey: string;
  /** Poll.externalKey: a hash of the natural key, so a re-import finds what it created. */
  externalKey: string;
}

export interface TImportRow {
  row: number;
  record: TImportRecord | null;
  errors: TImportIssue[];
  warnings: TImportIssue[];
  /** Row number of an earlier row describing the same poll; this row is skipped. */
  duplicateOf: number | null;
}

export interface TImportPreview {
  headers: string[];
  shapeKey: string;
  mapping: TImportMapping;
  /** Problems with the file or the mapping as a whole (missing columns, CSV syntax). */
  fileIssues: TImportIssue[];
  rows: TImportRow[];
  /** Result options in column order (for new questions). */
  options: string[];
  counts: TImportCounts;
}

export interface TImportCounts {
  rows: number;
  valid: number;
  withErrors: number;
  withWarnings: number;
  duplicates: number;
}

interface ColumnPlan {
  index: number;
  header: string;
  target: TColumnTarget;
}

/** A mapping checked against the file's header row, ready to read rows. */
export interface TRowReader {
  headers: string[];
  mapping: TImportMapping;
  options: string[];
  fileIssues: TImportIssue[];
  readRow(cells: readonly string[], row: number): TImportRow;
}

const PRECISION_RANK: Record<DatePrecision, number> = { day: 0, month: 1, year: 2 };

function fileError(message: string, column: string | null = null): TImportIssue {
  return { severity: 'error', row: null, column, message };
}

/** Prepare to read rows: resolve the mapping against the headers and check the file's shape. */
export function createRowReader(headers: readonly string[], mapping: TImportMapping, options: TImportOptions): TRowReader {
  const fileIssues: TImportIssue[] = [];
  const plans: ColumnPlan[] = [];
  const effective: TImportMapping = {};
  const fieldColumn = new Map<TImportField, ColumnPlan>();
  const seenHeaders = new Set<string>();
  headers.forEach((header, index) => {
    if (seenHeaders.has(header)) fileIssues.push(fileError(`Column “${header}” appears twice in the header row; rename one.`, header));
    seenHeaders.add(header);
    const raw = mapping[header] ?? 'ignore';
    const target = parseTarget(raw);
    if (!target) {
      fileIssues.push(fileError(`Column “${header}”: unknown target “${raw}”.`, header));
      return;
    }
    effective[header] = raw;
    if (target.kind === 'ignore') return;
    const plan = { index, header, target };
    if (target.kind === 'field') {
      const other = fieldColumn.get(target.field);
      if (other) {
        fileIssues.push(fileError(`Columns “${other.header}” and “${header}” are both mapped to ${IMPORT_FIELD_LABELS[target.field]}; map one.`, header));
        return;
      }
      fieldColumn.set(target.field, plan);
    }
    plans.push(plan);
  });
  for (const field of REQUIRED_FIELDS) {
    if (field === 'fieldStart' && (fieldColumn.has('fieldStart') || fieldColumn.has('fieldEnd'))) continue;
    if (!fieldColumn.has(field)) {
      fileIssues.push(fileError(`Missing required column: no column is mapped to ${IMPORT_FIELD_LABELS[field]}. Map one, or add the column to the file.`));
    }
  }
  const resultPlans = plans.filter((p) => p.target.kind === 'result');
  const optionNames: string[] = [];
  for (const p of resultPlans) {
    if (p.target.kind !== 'result') continue;
    const lower = p.target.option.toLowerCase();
    if (optionNames.some((o) => o.toLowerCase() === lower)) {
      fileIssues.push(fileError(`Two columns are mapped to the option “${p.target.option}”.`, p.header));
    } else optionNames.push(p.target.option);
  }
  if (resultPlans.length === 0) fileIssues.push(fileError('Missing required column: no column is mapped to a result (a share of an answer option).'));
  for (const p of plans) {
    if (p.target.kind === 'breakdownResult') {
      const option = p.target.option.toLowerCase();
      if (!optionNames.some((o) => o.toLowerCase() === option)) {
        fileIssues.push(fileError(`Column “${p.header}” is a subgroup share of “${p.target.option}”, but no column holds the overall share of that option.`, p.header));
      }
    }
  }
  if (!fieldColumn.has('question') && !options.questionSlug) {
    fileIssues.push(fileError('Choose a default question (slug), or map a column to Question: every poll must belong to a question.'));
  }

  const readRow = (cells: readonly string[], row: number): TImportRow => {
    const errors: TImportIssue[] = [];
    const warnings: TImportIssue[] = [];
    const err = (column: string | null, message: string) => errors.push({ severity: 'error', row, column, message });
    const warn = (column: string | null, message: string) => warnings.push({ severity: 'warning', row, column, message });
    const cell = (p: ColumnPlan | undefined): string => (p ? (cells[p.index] ?? '') : '').trim();
    const take = <T>(p: ColumnPlan | undefined, parsed: TCell<T>): T | undefined => {
      if (parsed.ok) return parsed.value;
      err(p?.header ?? null, parsed.message);
      return undefined;
    };
    if (cells.length > headers.length && cells.slice(headers.length).some((c) => c.trim() !== '')) {
      warn(null, `The row has ${cells.length} cells but the header has ${headers.length}; the extra cells are ignored.`);
    }

    const pollsterCol = fieldColumn.get('pollster');
    const pollster = cell(pollsterCol);
    if (pollsterCol && pollster === '') err(pollsterCol.header, 'Pollster is empty.');

    const startCol = fieldColumn.get('fieldStart') ?? fieldColumn.get('fieldEnd');
    const endCol = fieldColumn.get('fieldEnd') ?? startCol;
    let fieldStart: TImportDate | undefined;
    let fieldEnd: TImportDate | undefined;
    if (startCol) {
      const raw = cell(startCol);
      if (raw === '') err(startCol.header, 'Field start date is empty.');
      else fieldStart = take(startCol, parseDateCell(raw, options.dateOrder));
    }
    if (endCol && endCol !== startCol) {
      const raw = cell(endCol);
      if (raw === '') fieldEnd = fieldStart;
      else fieldEnd = take(endCol, parseDateCell(raw, options.dateOrder));
    } else fieldEnd = fieldStart;
    if (fieldStart && isFutureDay(fieldStart.start)) err(startCol?.header ?? null, `${fieldStart.start} is in the future.`);
    if (fieldEnd && endCol !== startCol && isFutureDay(fieldEnd.start)) err(endCol?.header ?? null, `${fieldEnd.start} is in the future.`);
    if (fieldStart && fieldEnd && fieldEnd.end < fieldStart.start) err(endCol?.header ?? null, `Field end (${fieldEnd.end}) is before field start (${fieldStart.start}).`);

    const pubCol = fieldColumn.get('published');
    let published: TImportDate | null = null;
    if (pubCol && cell(pubCol) !== '') {
      published = take(pubCol, parseDateCell(cell(pubCol), options.dateOrder)) ?? null;
      if (published && isFutureDay(published.start)) err(pubCol.header, `${published.start} is in the future.`);
      if (published && fieldStart && published.end < fieldStart.start) err(pubCol.header, `Published (${published.end}) is before fieldwork started (${fieldStart.start}).`);
    }

    const nCol = fieldColumn.get('sampleSize');
    const sampleSize = nCol ? (take(nCol, parseCountCell(cell(nCol))) ?? null) : null;
    const moeCol = fieldColumn.get('moe');
    const moe = moeCol ? (take(moeCol, parseNumberCell(cell(moeCol))) ?? null) : null;
    if (moeCol && moe !== null && (moe <= 0 || moe > 50)) err(moeCol.header, `${moe} is not a margin of error in points (0–50).`);
    const deffCol = fieldColumn.get('designEffect');
    const designEffect = deffCol ? (take(deffCol, parseNumberCell(cell(deffCol))) ?? null) : null;
    if (deffCol && designEffect !== null && (designEffect <= 0 || designEffect > 20)) err(deffCol.header, `${designEffect} is not a design effect (0–20).`);

    const wordingCol = fieldColumn.get('wording');
    const wording = cell(wordingCol).replace(/\s+/g, ' ');
    if (wordingCol && wording === '') err(wordingCol.header, 'The exact wording is empty.');

    const questionCol = fieldColumn.get('question');
    const questionKey = questionCol && cell(questionCol) !== '' ? cell(questionCol) : null;
    if (questionCol && questionKey === null && !options.questionSlug) err(questionCol.header, 'The question is empty and no default question is set.');

    const urlCol = fieldColumn.get('sourceUrls');
    const sourceUrls = urlCol ? (take(urlCol, parseUrlsCell(cell(urlCol))) ?? []) : [];

    const results: TImportResult[] = [];
    const resultCols: string[] = [];
    const breakdowns = new Map<string, TImportBreakdown & { columns: string[] }>();
    const breakdownOf = (dimension: string, subgroup: string) => {
      const key = `${dimension}\u0000${subgroup}`;
      let b = breakdowns.get(key);
      if (!b) {
        b = { dimension, subgroup, sampleSize: null, results: [], columns: [] };
        breakdowns.set(key, b);
      }
      return b;
    };
    for (const p of plans) {
      const t = p.target;
      if (t.kind === 'result') {
        const v = take(p, parsePercentCell(cell(p)));
        if (v !== undefined && v !== null) {
          results.push({ option: t.option, percent: v });
          resultCols.push(p.header);
        }
      } else if (t.kind === 'breakdownN') {
        const v = take(p, parseCountCell(cell(p)));
        if (v !== undefined && v !== null) breakdownOf(t.dimension, t.subgroup).sampleSize = v;
      } else if (t.kind === 'breakdownResult') {
        const v = take(p, parsePercentCell(cell(p)));
        if (v !== undefined && v !== null) {
          const b = breakdownOf(t.dimension, t.subgroup);
          b.results.push({ option: t.option, percent: v });
          b.columns.push(p.header);
        }
      }
    }
    if (resultPlans.length > 0 && results.length === 0 && errors.length === 0) err(null, 'No result: every result column is empty.');
    const sum = resultSetSum(results.map((r) => r.percent));
    if (sumTooHigh(sum)) {
      err(resultCols.join(', '), `${resultCols.join(' + ')} = ${sum}%: more than 100% + ${SUM_TOLERANCE} points of rounding.`);
    } else if (sumTooLowWarning(sum, results.length)) {
      warn(resultCols.join(', '), `${resultCols.join(' + ')} = ${sum}%: under 90%; is an option missing?`);
    }
    const breakdownList: TImportBreakdown[] = [];
    for (const b of breakdowns.values()) {
      // A subgroup with n but no shares carries nothing to chart; one with shares is kept.
      if (b.results.length === 0) continue;
      const bsum = resultSetSum(b.results.map((r) => r.percent));
      if (sumTooHigh(bsum)) err(b.columns.join(', '), `${b.columns.join(' + ')} = ${bsum}%: more than 100% + ${SUM_TOLERANCE} points of rounding.`);
      if (b.sampleSize !== null && sampleSize !== null && b.sampleSize > sampleSize) {
        warn(b.columns[0] ?? null, `Subgroup ${b.subgroup} has n = ${b.sampleSize}, more than the poll's n = ${sampleSize}.`);
      }
      breakdownList.push({ dimension: b.dimension, subgroup: b.subgroup, sampleSize: b.sampleSize, results: b.results });
    }

    const text = (f: TImportField) => {
      const c = fieldColumn.get(f);
      const v = cell(c);
      return v === '' ? null : v;
    };
    const { mode, detail } = modeOf(text('mode') ?? '');
    if (errors.length > 0 || !fieldStart || !fieldEnd) return { row, record: null, errors, warnings, duplicateOf: null };
    const population = populationOf(text('population') ?? '');
    const datePrecision = PRECISION_RANK[fieldStart.precision] >= PRECISION_RANK[fieldEnd.precision] ? fieldStart.precision : fieldEnd.precision;
    const naturalKey = [
      pollster.toLowerCase().replace(/\s+/g, ' '),
      fieldStart.start,
      fieldEnd.end,
      wording.toLowerCase(),
      sourceUrls.join(' '),
      (population ?? '').toLowerCase(),
    ].join('\u0001');
    return {
      row,
      errors,
      warnings,
      duplicateOf: null,
      record: {
        pollster: pollster.replace(/\s+/g, ' '),
        sponsor: text('sponsor'),
        fieldStart,
        fieldEnd,
        datePrecision,
        published,
        sampleSize,
        population,
        mode,
        modeDetail: detail,
        moe,
        designEffect,
        weighting: text('weighting'),
        wording,
        questionKey,
        results,
        breakdowns: breakdownList,
        sourceUrls,
        notes: text('notes'),
        naturalKey,
        externalKey: `import:${hash64(naturalKey)}`,
      },
    };
  };

  return { headers: [...headers], mapping: effective, options: optionNames, fileIssues, readRow };
}

/** Mark later rows that describe the same poll as an earlier row (same natural key). */
export class DuplicateTracker {
  private readonly firstRow = new Map<string, number>();

  mark(row: TImportRow): TImportRow {
    if (!row.record) return row;
    const first = this.firstRow.get(row.record.externalKey);
    if (first === undefined) {
      this.firstRow.set(row.record.externalKey, row.row);
      return row;
    }
    return {
      ...row,
      duplicateOf: first,
      warnings: [
        ...row.warnings,
        { severity: 'warning', row: row.row, column: null, message: `Same poll as row ${first} (pollster, dates, wording, source and population): skipped.` },
      ],
    };
  }
}

export function countRows(rows: readonly TImportRow[]): TImportCounts {
  let valid = 0;
  let withErrors = 0;
  let withWarnings = 0;
  let duplicates = 0;
  for (const r of rows) {
    if (r.errors.length > 0) withErrors += 1;
    else if (r.duplicateOf !== null) duplicates += 1;
    else valid += 1;
    if (r.warnings.length > 0) withWarnings += 1;
  }
  return { rows: rows.length, valid, withErrors, withWarnings, duplicates };
}

/** Parse CSV text into a header row and data rows (cells as strings). */
export function parseCsv(text: string): { headers: string[]; rows: string[][]; issues: TImportIssue[] } {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { header: false, skipEmptyLines: 'greedy' });
  const issues: TImportIssue[] = parsed.errors.map((e) => ({
    severity: 'error',
    row: e.row !== undefined ? e.row + 1 : null,
    column: null,
    message: `CSV syntax: ${e.message}.`,
  }));
  const [headerRow, ...rows] = parsed.data;
  const headers = (headerRow ?? []).map((h) => h.trim());
  if (headers.length === 0 || headers.every((h) => h === '')) issues.push(fileError('The file is empty: it needs a header row and at least one data row.'));
  else if (rows.length === 0) issues.push(fileError('The file has a header row but no data rows.'));
  return { headers, rows, issues };
}

/** The whole pure pipeline in one call (the server's path; the browser runs the same steps in chunks). */
export function prepareImport(text: string, mapping: TImportMapping, options: TImportOptions): TImportPreview {
  const csv = parseCsv(text);
  const reader = createRowReader(csv.headers, mapping, options);
  const tracker = new DuplicateTracker();
  const rows = csv.rows.map((cells, i) => tracker.mark(reader.readRow(cells, i + 2)));
  return {
    headers: reader.headers,
    shapeKey: shapeKey(reader.headers),
    mapping: reader.mapping,
    fileIssues: [...csv.issues, ...reader.fileIssues],
    rows,
    options: reader.options,
    counts: countRows(rows),
  };
}

/** "Row 389, column Yes: …" */
export function describeIssue(issue: TImportIssue): string {
  const where = [issue.row !== null ? `Row ${issue.row}` : null, issue.column ? `column ${issue.column}` : null].filter(Boolean).join(', ');
  return where ? `${where}: ${issue.message}` : issue.message;
}
