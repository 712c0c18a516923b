import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvCellFormatter, formatCsvCell, jsonCellFormatter, jsonCellValue, unneutraliseCsvText, type CsvColumnType } from '@/lib/export/csv';

const TYPES: CsvColumnType[] = ['string', 'integer', 'number', 'boolean', 'date', 'datetime', 'url-list'];

const anyText = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('=1+1', '\r=x', "'=x", '-3', '"', ',', '\r\n'));

describe('CSV cell properties', () => {
  it('every text survives write → RFC 4180 parse → unneutralise unchanged', () => {
    fc.assert(
      fc.property(anyText, anyText, (a, b) => {
        const line = `${formatCsvCell(a)},${formatCsvCell(b)}\r\n`;
        const parsed = Papa.parse<string[]>(line, { newline: '\r\n', delimiter: ',' }).data[0] ?? [];
        expect(parsed.map(unneutraliseCsvText)).toEqual([a, b]);
      }),
      { numRuns: 500 },
    );
  });

  it('a written text cell never starts with a formula character', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const cell = Papa.parse<string[]>(`${formatCsvCell(text)}\r\n`, { newline: '\r\n', delimiter: ',' }).data[0]?.[0] ?? '';
        expect(/^[=+\-@\t\r]/.test(cell)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('numbers are written as themselves, negative ones included', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        expect(Number(formatCsvCell(n))).toBe(n === 0 ? 0 : n);
      }),
    );
  });

  it('numbers are written character for character as String() writes them (the dump format before the memory rework)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.constantFrom(-0, 0.1 + 0.2, 1e21, 5e-7, 74, 54.5)), (n) => {
        expect(formatCsvCell(n)).toBe(String(n));
        expect(csvCellFormatter('number')(n)).toBe(String(n));
        expect(jsonCellFormatter('number')(n)).toBe(String(n));
      }),
      { numRuns: 2000 },
    );
  });

  it('the per-type formatters of the dumps write exactly what the generic ones write', () => {
    const value = fc.oneof(
      anyText,
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.date({ noInvalidDate: true }),
      fc.array(fc.webUrl(), { maxLength: 3 }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...TYPES), value, (type, v) => {
        expect(csvCellFormatter(type)(v)).toBe(formatCsvCell(v, type));
        expect(jsonCellFormatter(type)(v)).toBe(JSON.stringify(jsonCellValue(v, type)));
      }),
      { numRuns: 1000 },
    );
  });
});
