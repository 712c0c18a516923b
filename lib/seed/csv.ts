import { readFileSync } from 'node:fs';
import Papa from 'papaparse';

/** Read a UTF-8 CSV file with a header row into plain string records (empty cells are ''). */
export function readCsv(filePath: string): Record<string, string>[] {
  const text = readFileSync(filePath, 'utf8').replace(/^\uFEFF/, '');
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: 'greedy' });
  if (parsed.errors.length > 0) {
    const first = parsed.errors[0];
    throw new Error(`${filePath}: CSV error at row ${(first?.row ?? 0) + 2}: ${first?.message ?? 'unknown'}`);
  }
  return parsed.data;
}
