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

/** Why one cell could not be typed (a class, so a parsed value is never mistaken for it). */
class CellProblem {
  constructor(readonly message: string) {}
}

/**
 * The function that turns one CSV cell (text) into the column's typed value, or a CellProblem.
 * readExportCsv calls it once per cell (3.7 million calls for a 100k-row polls dump), so it is a
 * plain function: a zod schema per cell made typing the cells the slowest part of validating a dump.
 */
function cellParser(type: CsvColumnType, nullable: boolean): (raw: string) => ParsedValue | CellProblem {
  const required = new CellProblem('required');
  const empty = type === 'url-list' ? (): ParsedValue => [] : nullable ? (): ParsedValue | CellProblem => null : () => required;
  switch (type) {
    case 'string':
      return (raw) => (raw.trim() === '' ? empty() : unneutraliseCsvText(raw));
    case 'url-list':
      return (raw) =>
        raw.trim() === ''
          ? empty()
          : unneutraliseCsvText(raw)
              .split(/\s+/)
              .filter((u) => u !== '');
    case 'integer': {
      const problem = new CellProblem('expected a whole number');
      return (raw) => {
        const cell = raw.trim();
        if (cell === '') return empty();
        return /^-?\d+$/.test(cell) && Number.isSafeInteger(Number(cell)) ? Number(cell) : problem;
      };
    }
    case 'number': {
      const problem = new CellProblem('expected a number');
      return (raw) => {
        const cell = raw.trim();
        if (cell === '') return empty();
        const n = Number(cell);
        return Number.isFinite(n) ? n : problem;
      };
    }
    case 'boolean': {
      const problem = new CellProblem('expected true or false');
      return (raw) => {
        const cell = raw.trim();
        if (cell === '') return empty();
        return cell === 'true' ? true : cell === 'false' ? false : problem;
      };
    }
    case 'date': {
      const problem = new CellProblem('expected a date YYYY-MM-DD');
      return (raw) => {
        const cell = raw.trim();
        if (cell === '') return empty();
        const d = new Date(`${cell}T00:00:00.000Z`);
        return DATE.test(cell) && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === cell ? d : problem;
      };
    }
    case 'datetime': {
      const problem = new CellProblem('expected an ISO 8601 date-time');
      return (raw) => {
        const cell = raw.trim();
        if (cell === '') return empty();
        const d = new Date(cell);
        return Number.isNaN(d.getTime()) ? problem : d;
      };
    }
  }
}

/** zod schema that turns one CSV cell (text) into the column's typed value (cellParser as a schema). */
export function zodForColumn(type: CsvColumnType, nullable: boolean): z.ZodType<ParsedValue, string> {
  const parse = cellParser(type, nullable);
  return z.string().transform((raw, ctx): ParsedValue => {
    const value = parse(raw);
    if (!(value instanceof CellProblem)) return value;
    ctx.addIssue({ code: 'custom', message: value.message });
    return z.NEVER;
  });
}

export interface ReadCsv {
  /** Number of records handed to the callback. */
  records: number;
  /** As ParsedCsv's. */
  issues: CsvIssue[];
  problemCount: number;
}

/**
 * Parse one of our own CSV exports with papaparse and type every cell by its column definition,
 * handing each record without problems to `onRecord` as soon as it is read (see parseExportCsv).
 * Streaming matters for large files: rows that are not kept die young, where a 100k-row dump held
 * whole (3.7 million cells, then as many typed values) spent more time in garbage collection than
 * in parsing.
 */
export function readExportCsv<Row, Name extends string>(
  text: string,
  columns: readonly (CsvColumn<Row> & { name: Name })[],
  onRecord: (row: number, values: Record<Name, ParsedValue>) => void,
  options: { ignoreColumns?: readonly string[] } = {},
): ReadCsv {
  const source = text.startsWith(UTF8_BOM) ? text.slice(1) : text;
  const syntax: CsvIssue[] = [];
  const headerIssues: CsvIssue[] = [];
  const issues: CsvIssue[] = [];
  let header: string[] | null = null;
  let headerOk = false;
  let parsers: ((raw: string) => ParsedValue | CellProblem)[] = [];
  let positions: number[] = [];
  const names = columns.map((c) => c.name);
  // A dump repeats the poll's cells on each of its rows: typing a cell equal to the one above reuses
  // that value (one Date or URL list for all rows of a poll), which saves most of the work and memory.
  const previous: { cell: string | null; value: ParsedValue }[] = columns.map(() => ({ cell: null, value: null }));
  let lines = 0;
  let body = 0;
  let records = 0;
  let total = 0;

  const readHeader = (cells: string[]) => {
    const index = new Map<string, number>();
    cells.forEach((name, i) => {
      if (index.has(name)) headerIssues.push({ row: 1, column: name, message: 'duplicate column' });
      index.set(name, i);
    });
    for (const column of columns) {
      if (!index.has(column.name)) headerIssues.push({ row: 1, column: column.name, message: 'missing column' });
    }
    const known = new Set<string>([...names, ...(options.ignoreColumns ?? [])]);
    for (const name of cells) if (!known.has(name)) headerIssues.push({ row: 1, column: name, message: 'unknown column' });
    headerOk = headerIssues.length === 0;
    parsers = columns.map((c) => cellParser(c.type, c.nullable));
    positions = columns.map((c) => index.get(c.name) as number);
  };

  const readRow = (cells: string[], width: number) => {
    body += 1;
    const row = body + 1;
    if (cells.length !== width) {
      total += 1;
      if (issues.length < 100) issues.push({ row, column: '-', message: `expected ${width} cells, found ${cells.length}` });
      return;
    }
    const values = {} as Record<Name, ParsedValue>;
    let ok = true;
    for (let c = 0; c < names.length; c += 1) {
      const name = names[c] as Name;
      const cell = cells[positions[c] as number] ?? '';
      const last = previous[c] as { cell: string | null; value: ParsedValue };
      if (cell === last.cell) {
        values[name] = last.value;
        continue;
      }
      const value = (parsers[c] as (raw: string) => ParsedValue | CellProblem)(cell);
      if (!(value instanceof CellProblem)) {
        values[name] = value;
        last.cell = cell;
        last.value = value;
      } else {
        ok = false;
        total += 1;
        const shown = cell.length > 40 ? `${cell.slice(0, 40)}…` : cell;
        if (issues.length < 100) issues.push({ row, column: name, message: `${value.message} (got "${shown}")` });
      }
    }
    if (ok) {
      records += 1;
      onRecord(row, values);
    }
  };

  Papa.parse<string[]>(source, {
    header: false,
    delimiter: ',',
    // Blank lines are skipped below (papaparse's 'greedy' joins every row into a new string to
    // test it); the lines counter still counts them, so syntax errors name the line papaparse means.
    skipEmptyLines: false,
    step: (result) => {
      const cells = result.data;
      for (const e of result.errors) syntax.push({ row: lines + (e.row ?? 0) + 1, column: '-', message: `CSV syntax: ${e.message}` });
      lines += 1;
      if (cells.every((cell) => cell.trim() === '')) return;
      if (header === null) {
        header = cells;
        readHeader(cells);
      } else if (headerOk) readRow(cells, header.length);
    },
  });
  if (header === null) throw new CsvImportError([{ row: 1, column: '-', message: 'the file is empty (no header row)' }]);
  // A file that is not CSV or does not have our columns is refused as a whole: its cells cannot be
  // trusted to be where the header says (the records already handed out are the caller's to drop).
  if (syntax.length > 0 || !headerOk) throw new CsvImportError([...syntax, ...headerIssues]);
  return { records, issues, problemCount: total };
}
