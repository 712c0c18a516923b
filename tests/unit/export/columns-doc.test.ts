import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { columnsMarkdownTable } from '@/lib/export/docs';
import { INDICATOR_DUMP_COLUMNS, INDICATORS_DUMP_SCHEMA_VERSION } from '@/lib/export/indicators-dump';
import { POLL_DUMP_COLUMNS, POLL_DUMP_SEGMENTS, POLLS_DUMP_SCHEMA_VERSION } from '@/lib/export/polls-dump';

// The column reference lives in docs/EXPORT-FORMAT.md (issue #18); the README links to it.
// Tables are compared cell by cell: the formatter pads Markdown table cells to line up, which
// changes nothing a reader sees.
const readme = normaliseTables(readFileSync(path.join(process.cwd(), 'docs', 'EXPORT-FORMAT.md'), 'utf8'));

/** Each table row with its cells trimmed (`| a   |  b |` → `| a | b |`) and separator cells as `---`. */
function normaliseTables(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) => {
      if (!line.startsWith('|')) return line;
      const cells = line
        .trim()
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim());
      return `| ${cells.map((c) => (/^:?-+:?$/.test(c) ? '---' : c)).join(' | ')} |`;
    })
    .join('\n');
}

describe('dump column documentation', () => {
  it('docs/EXPORT-FORMAT.md documents exactly the columns the serialisers write', () => {
    expect(readme).toContain(normaliseTables(columnsMarkdownTable(POLL_DUMP_COLUMNS)));
    expect(readme).toContain(normaliseTables(columnsMarkdownTable(INDICATOR_DUMP_COLUMNS)));
  });

  it('the changelog has a line for the current schema versions and the column counts', () => {
    // The changelog's newest version is the polls dump's current one, and it lists the indicators dump's.
    const versions = [...readme.matchAll(/^\| (\d+) \| \d{4}-\d{2}-\d{2} \|/gm)].map((m) => Number(m[1]));
    expect(Math.max(...versions)).toBe(POLLS_DUMP_SCHEMA_VERSION);
    expect(versions).toContain(INDICATORS_DUMP_SCHEMA_VERSION);
    expect(readme).toContain(`| 1 | 2026-11-28 | First version: polls dump (37 columns) and indicators dump (${INDICATOR_DUMP_COLUMNS.length} columns). |`);
    expect(readme).toContain(`| 2 | 2026-11-29 | Polls dump: 9 columns added at the end (${POLL_DUMP_COLUMNS.length} in all)`);
    // version 2 only appended: the first 37 columns are version 1's, in order
    expect(POLL_DUMP_COLUMNS.slice(37).map((c) => c.name)).toEqual([
      'disclosure_score',
      'asked_language',
      'wording_language',
      'wording_exact',
      'wording_original',
      'wording_original_language',
      'wording_original_status',
      'wording_original_source',
      'wording_translations',
    ]);
  });

  it('has unique column names, schema_version first, and segments covering the columns in order', () => {
    for (const columns of [POLL_DUMP_COLUMNS, INDICATOR_DUMP_COLUMNS]) {
      const names = columns.map((c) => c.name);
      expect(new Set(names).size).toBe(names.length);
      expect(names[0]).toBe('schema_version');
      expect(columns.every((c) => c.description.length > 5)).toBe(true);
    }
    expect(POLL_DUMP_SEGMENTS.flatMap((s) => s.columns.map((c) => c.name))).toEqual(POLL_DUMP_COLUMNS.map((c) => c.name));
  });
});
