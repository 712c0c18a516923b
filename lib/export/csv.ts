/**
 * CSV serialiser for every Pollboard export (full dumps, chart CSVs).
 *
 * - RFC 4180: cells containing a comma, a double quote, CR or LF are quoted, quotes are doubled,
 *   rows end with CRLF (also the last one).
 * - Formula injection (OWASP "CSV injection"): a spreadsheet runs a TEXT cell that starts with
 *   `=`, `+`, `-`, `@`, tab or CR as a formula. Such text cells get a leading `'`, which spreadsheets
 *   show as a text marker. Numbers are never touched: a net of −3 stays `-3` and still sums.
 *   A text cell that already starts with `'` before one of those characters gets one more `'`, so
 *   `unneutraliseCsvText` restores every original value exactly (the dump round trip relies on it).
 * - `null` / `undefined` → empty cell ("not disclosed" stays missing, never 0).
 * - Columns are typed and described in one place (`CsvColumn`), so docs/EXPORT-FORMAT.md and OpenAPI column
 *   documentation come from the same definitions the serialiser uses.
 */

/** Byte order mark: Excel on Windows reads a UTF-8 CSV as ANSI without it (`?bom=1`). */
export const UTF8_BOM = '\uFEFF';

export const CSV_EOL = '\r\n';

/**
 * How a column's values are written.
 * - `string`: text, neutralised against formula injection.
 * - `integer`, `number`: JSON-style number (`-3`, `0.5`); non-finite numbers → empty cell.
 * - `boolean`: `true` / `false`.
 * - `date`: `YYYY-MM-DD` (UTC) from a Date.
 * - `datetime`: ISO 8601 UTC (`2026-11-28T00:45:04.170Z`) from a Date.
 * - `url-list`: URLs separated by one space (a URL never contains a raw space).
 */
export type CsvColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime' | 'url-list';

export type CsvValue = string | number | boolean | Date | readonly string[] | null | undefined;

/** One documented column: the serialiser, the JSON export and docs/EXPORT-FORMAT.md all read this. */
export interface CsvColumn<Row> {
  name: string;
  type: CsvColumnType;
  description: string;
  /** True when the value may be empty (null = not disclosed / not applicable). */
  nullable: boolean;
  get: (row: Row) => CsvValue;
}

const FORMULA_START = /^'*[=+\-@\t\r]/;

/** `=1+1` → `'=1+1`; text that cannot start a formula is returned unchanged. */
export function neutraliseCsvText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Inverse of `neutraliseCsvText`, for importers reading our own exports. */
export function unneutraliseCsvText(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

const NEEDS_QUOTES = /[",\r\n]/;

/** RFC 4180 quoting of an already formatted cell. */
export function quoteCsvCell(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The shortest round-trip text of a finite number (the same as `String`). Through `JSON.stringify`
 * because `String(x)` puts every number that is not a small integer in V8's number-to-string
 * cache, which lives in the old generation: a full dump's millions of distinct decimals were all
 * promoted there and inflated the heap between full GCs (`node --trace-gc`; npm run bench -- --parts=dump).
 */
function numberText(value: number): string {
  return JSON.stringify(value);
}

function formatNumber(value: number): string {
  return Number.isFinite(value) ? numberText(value) : '';
}

function formatDate(value: Date, type: 'date' | 'datetime'): string {
  if (Number.isNaN(value.getTime())) return '';
  const iso = value.toISOString();
  return type === 'date' ? iso.slice(0, 10) : iso;
}

/**
 * Format one value as a CSV cell (quoted when needed). Without a column type the JavaScript type
 * decides: strings are text (neutralised), numbers stay numbers, Dates are ISO datetimes.
 */
export function formatCsvCell(value: CsvValue, type?: CsvColumnType): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return formatDate(value, type === 'date' ? 'date' : 'datetime');
  const text = typeof value === 'string' ? value : value.join(' ');
  return quoteCsvCell(neutraliseCsvText(text));
}

type CellFormatter = (value: CsvValue) => string;

/**
 * A formatter specialised for one column type (same output as `formatCsvCell(value, type)`), so
 * the per-row loop of a dump does not re-dispatch on the JavaScript type of every cell.
 */
export function csvCellFormatter(type: CsvColumnType): CellFormatter {
  switch (type) {
    case 'integer':
    case 'number':
      return (v) => (typeof v === 'number' ? formatNumber(v) : formatCsvCell(v, type));
    case 'string':
      return (v) => (typeof v === 'string' ? quoteCsvCell(neutraliseCsvText(v)) : formatCsvCell(v, type));
    default:
      return (v) => formatCsvCell(v, type);
  }
}

/** The JSON text of one cell of a column (same value as `jsonCellValue`), specialised by type. */
export function jsonCellFormatter(type: CsvColumnType): CellFormatter {
  switch (type) {
    case 'integer':
    case 'number':
      return (v) => (typeof v === 'number' && Number.isFinite(v) ? numberText(v) : JSON.stringify(jsonCellValue(v, type)));
    case 'string':
      return (v) => (typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(jsonCellValue(v, type)));
    default:
      return (v) => JSON.stringify(jsonCellValue(v, type));
  }
}

/** One CSV record with its CRLF. */
export function csvRecord(values: readonly CsvValue[], types?: readonly (CsvColumnType | undefined)[]): string {
  let line = '';
  for (let i = 0; i < values.length; i += 1) {
    if (i > 0) line += ',';
    line += formatCsvCell(values[i], types?.[i]);
  }
  return line + CSV_EOL;
}

/** The header record of a column list. */
export function csvHeader<Row>(columns: readonly CsvColumn<Row>[]): string {
  return csvRecord(columns.map((c) => c.name));
}

/**
 * Columns that depend on one part of a row only (e.g. the poll's fields in a long-format dump).
 * With a `key`, the segment's text is reused while consecutive rows return the same key object
 * (identity), so a poll's 25 cells are formatted once per poll, not once per result row.
 */
export interface ColumnSegment<Row> {
  columns: readonly CsvColumn<Row>[];
  key?: (row: Row) => unknown;
}

type SegmentFormatter<Row> = (row: Row) => string;

function cachedSegment<Row>(format: SegmentFormatter<Row>, key: ((row: Row) => unknown) | undefined): SegmentFormatter<Row> {
  if (!key) return format;
  let lastKey: unknown = {};
  let lastText = '';
  return (row) => {
    const k = key(row);
    if (k !== lastKey) {
      lastKey = k;
      lastText = format(row);
    }
    return lastText;
  };
}

/** A row serialiser for a fixed column list split into (optionally cached) segments. */
export function segmentedCsvRowWriter<Row>(segments: readonly ColumnSegment<Row>[]): (row: Row) => string {
  const parts = segments
    .filter((s) => s.columns.length > 0)
    .map((segment) => {
      const getters = segment.columns.map((c) => c.get);
      const formatters = segment.columns.map((c) => csvCellFormatter(c.type));
      const n = getters.length;
      const format: SegmentFormatter<Row> = (row) => {
        let text = '';
        for (let i = 0; i < n; i += 1) {
          if (i > 0) text += ',';
          text += (formatters[i] as CellFormatter)((getters[i] as (r: Row) => CsvValue)(row));
        }
        return text;
      };
      return cachedSegment(format, segment.key);
    });
  return (row: Row) => {
    let line = '';
    for (let i = 0; i < parts.length; i += 1) {
      if (i > 0) line += ',';
      line += (parts[i] as SegmentFormatter<Row>)(row);
    }
    return line + CSV_EOL;
  };
}

/** A row serialiser for a fixed column list (one call per row, no intermediate arrays). */
export function csvRowWriter<Row>(columns: readonly CsvColumn<Row>[]): (row: Row) => string {
  return segmentedCsvRowWriter([{ columns }]);
}

export interface ToCsvOptions {
  /** Prefix the UTF-8 byte order mark (for spreadsheet users). */
  bom?: boolean;
  /** Write the header row (default true). */
  header?: boolean;
}

/** Serialise a whole (small) table, e.g. a chart's export. Full dumps stream instead. */
export function toCsv<Row>(columns: readonly CsvColumn<Row>[], rows: Iterable<Row>, options: ToCsvOptions = {}): string {
  const write = csvRowWriter(columns);
  let out = options.bom ? UTF8_BOM : '';
  if (options.header !== false) out += csvHeader(columns);
  for (const row of rows) out += write(row);
  return out;
}

/**
 * The JSON value of a column (same fields as the CSV, native JSON types: numbers, booleans, null,
 * arrays for URL lists, ISO strings for dates). No formula neutralisation: JSON is not opened by
 * spreadsheets as formulas.
 */
export function jsonCellValue(value: CsvValue, type: CsvColumnType): string | number | boolean | null | readonly string[] {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) {
    const text = formatDate(value, type === 'date' ? 'date' : 'datetime');
    return text === '' ? null : text;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  return value;
}

/** A JSON object serialiser for a fixed column list split into (optionally cached) segments. */
export function segmentedJsonRowWriter<Row>(segments: readonly ColumnSegment<Row>[]): (row: Row) => string {
  const parts = segments
    .filter((s) => s.columns.length > 0)
    .map((segment) => {
      const getters = segment.columns.map((c) => c.get);
      const formatters = segment.columns.map((c) => jsonCellFormatter(c.type));
      // `"name":` with the separating comma folded in, so the loop only concatenates.
      const keys = segment.columns.map((c, i) => `${i > 0 ? ',' : ''}${JSON.stringify(c.name)}:`);
      const n = getters.length;
      const format: SegmentFormatter<Row> = (row) => {
        let text = '';
        for (let i = 0; i < n; i += 1) {
          text += (keys[i] as string) + (formatters[i] as CellFormatter)((getters[i] as (r: Row) => CsvValue)(row));
        }
        return text;
      };
      return cachedSegment(format, segment.key);
    });
  return (row: Row) => {
    let out = '{';
    for (let i = 0; i < parts.length; i += 1) {
      if (i > 0) out += ',';
      out += (parts[i] as SegmentFormatter<Row>)(row);
    }
    return out + '}';
  };
}

/** A JSON object serialiser for a fixed column list (one call per row). */
export function jsonRowWriter<Row>(columns: readonly CsvColumn<Row>[]): (row: Row) => string {
  return segmentedJsonRowWriter([{ columns }]);
}
