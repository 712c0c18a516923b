import Papa from 'papaparse';
import { z } from 'zod';
import { unneutraliseCsvText, UTF8_BOM, type CsvColumn, type CsvColumnType } from '@/lib/export/csv';

/** A value read back from one of our CSV exports. */
export type ParsedValue = string | number | boolean | Date | string[] | null;

/** One problem, located the way a spreadsheet user finds it: row number (header = row 1) and column. */
export interface CsvIssue {
  row: number;
  column: string;
  message: string;
}

export class CsvImportError extends Error {
  readonly issues: CsvIssue[];
  constructor(issues: CsvIssue[], total = issues.length) {
    const lines = issues.slice(0, 20).map((i) => `  row ${i.row}, column ${i.column}: ${i.message}`);
    if (total > lines.length) lines.push(`  … and ${total - lines.length} more`);
    super(`CSV import failed, nothing was saved:\n${lines.join('\n')}`);
    this.name = 'CsvImportError';
    this.issues = issues;
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** zod schema that turns one CSV cell (text) into the column's typed value. */
export function zodForColumn(type: CsvColumnType, nullable: boolean): z.ZodType<ParsedValue, string> {
  return z.string().transform((raw, ctx): ParsedValue => {
    const fail = (message: string) => {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    };
    const cell = type === 'string' || type === 'url-list' ? raw : raw.trim();
    if (cell.trim() === '') {
      if (type === 'url-list') return [];
      return nullable ? null : fail('required');
    }
    switch (type) {
      case 'string':
        return unneutraliseCsvText(cell);
      case 'url-list':
        return unneutraliseCsvText(cell)
          .split(/\s+/)
          .filter((u) => u !== '');
      case 'integer':
        return /^-?\d+$/.test(cell) && Number.isSafeInteger(Number(cell)) ? Number(cell) : fail('expected a whole number');
      case 'number': {
        const n = Number(cell);
        return Number.isFinite(n) ? n : fail('expected a number');
      }
      case 'boolean':
        return cell === 'true' ? true : cell === 'false' ? false : fail('expected true or false');
      case 'date': {
        const d = new Date(`${cell}T00:00:00.000Z`);
        return DATE.test(cell) && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === cell ? d : fail('expected a date YYYY-MM-DD');
      }
      case 'datetime': {
        const d = new Date(cell);
        return Number.isNaN(d.getTime()) ? fail('expected an ISO 8601 date-time') : d;
      }
    }
  });
}

export interface ParsedCsv<Name extends string> {
  /** Typed records of the rows without problems; `row` is the spreadsheet row number (header = 1). */
  records: { row: number; values: Record<Name, ParsedValue> }[];
  /** Cell problems (at most 100 listed); the caller adds its own checks and throws once. */
  issues: CsvIssue[];
  /** Number of problems, including those not listed. */
  problemCount: number;
}

/**
 * Parse one of our own CSV exports with papaparse and type every cell by its column definition.
 * A file whose header does not fit throws CsvImportError at once; bad cells are collected and
 * returned, so the caller can add its own checks and report everything in one go.
 */
export function parseExportCsv<Row, Name extends string>(
  text: string,
  columns: readonly (CsvColumn<Row> & { name: Name })[],
  options: { ignoreColumns?: readonly string[] } = {},
): ParsedCsv<Name> {
  const source = text.startsWith(UTF8_BOM) ? text.slice(1) : text;
  const parsed = Papa.parse<string[]>(source, { header: false, skipEmptyLines: 'greedy' });
  const issues: CsvIssue[] = [];
  for (const e of parsed.errors) issues.push({ row: (e.row ?? 0) + 1, column: '-', message: `CSV syntax: ${e.message}` });
  const [header, ...body] = parsed.data;
  if (!header) throw new CsvImportError([{ row: 1, column: '-', message: 'the file is empty (no header row)' }]);
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    if (index.has(name)) issues.push({ row: 1, column: name, message: 'duplicate column' });
    index.set(name, i);
  });
  for (const column of columns) {
    if (!index.has(column.name)) issues.push({ row: 1, column: column.name, message: 'missing column' });
  }
  const known = new Set<string>([...columns.map((c) => c.name), ...(options.ignoreColumns ?? [])]);
  for (const name of header) if (!known.has(name)) issues.push({ row: 1, column: name, message: 'unknown column' });
  if (issues.length > 0) throw new CsvImportError(issues);

  const schemas = columns.map((c) => zodForColumn(c.type, c.nullable));
  const records: ParsedCsv<Name>['records'] = [];
  let total = 0;
  body.forEach((cells, i) => {
    const row = i + 2;
    if (cells.length !== header.length) {
      total += 1;
      if (issues.length < 100) issues.push({ row, column: '-', message: `expected ${header.length} cells, found ${cells.length}` });
      return;
    }
    const values = {} as Record<Name, ParsedValue>;
    let ok = true;
    columns.forEach((column, c) => {
      const cell = cells[index.get(column.name) as number] ?? '';
      const result = (schemas[c] as z.ZodType<ParsedValue, string>).safeParse(cell);
      if (result.success) values[column.name] = result.data;
      else {
        ok = false;
        total += 1;
        const shown = cell.length > 40 ? `${cell.slice(0, 40)}…` : cell;
        if (issues.length < 100) issues.push({ row, column: column.name, message: `${result.error.issues[0]?.message ?? 'invalid'} (got "${shown}")` });
      }
    });
    if (ok) records.push({ row, values });
  });
  return { records, issues, problemCount: total };
}
