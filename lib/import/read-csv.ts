import Papa from 'papaparse';
import { type TImportIssue, uniqueHeaders } from '@/lib/import/prepare';

/**
 * Parse CSV text in 1 MB slices with papaparse, pausing after each slice for a turn of the event
 * loop (server) or the browser (wizard), so a 100 MB file never blocks either for long. Same result
 * as `parseCsv`.
 */
const CHUNK_CHARS = 1024 * 1024;

export function parseCsvAsync(
  text: string,
  hooks: { onProgress?: (doneChars: number, totalChars: number) => void; yieldNow?: () => Promise<void>; signal?: AbortSignal } = {},
): Promise<{ headers: string[]; rows: string[][]; issues: TImportIssue[] }> {
  const pause = hooks.yieldNow ?? (() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
  const body = text.replace(/^\uFEFF/, '');
  return new Promise((resolve, reject) => {
    let headerRow: string[] | null = null;
    const rows: string[][] = [];
    const issues: TImportIssue[] = [];
    let seen = 0;
    Papa.parse<string[]>(body, {
      header: false,
      skipEmptyLines: 'greedy',
      chunkSize: CHUNK_CHARS,
      chunk: (results: Papa.ParseResult<string[]>, parser: Papa.Parser) => {
        for (const row of results.data) {
          if (headerRow === null) headerRow = row;
          else rows.push(row);
        }
        for (const e of results.errors) {
          if (issues.length < 100)
            issues.push({ severity: 'error', row: e.row !== undefined ? seen + e.row + 1 : null, column: null, message: `CSV syntax: ${e.message}.` });
        }
        seen += results.data.length;
        hooks.onProgress?.(Math.min(body.length, results.meta.cursor), body.length);
        if (hooks.signal?.aborted) {
          parser.abort();
          reject(new Error('cancelled'));
          return;
        }
        parser.pause();
        void pause().then(() => parser.resume());
      },
      complete: () => {
        const raw: string[] = headerRow ?? [];
        const headers = uniqueHeaders(raw);
        if (raw.length === 0 || raw.every((h) => h.trim() === ''))
          issues.push({ severity: 'error', row: null, column: null, message: 'The file is empty: it needs a header row and at least one data row.' });
        else if (rows.length === 0) issues.push({ severity: 'error', row: null, column: null, message: 'The file has a header row but no data rows.' });
        resolve({ headers, rows, issues });
      },
    });
  });
}
