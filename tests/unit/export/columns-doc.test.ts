import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { columnsMarkdownTable } from '@/lib/export/docs';
import { INDICATOR_DUMP_COLUMNS, INDICATORS_DUMP_SCHEMA_VERSION } from '@/lib/export/indicators-dump';
import { POLL_DUMP_COLUMNS, POLL_DUMP_SEGMENTS, POLLS_DUMP_SCHEMA_VERSION } from '@/lib/export/polls-dump';

const readme = readFileSync(path.join(process.cwd(), 'README.md'), 'utf8');

describe('dump column documentation', () => {
  it('the README documents exactly the columns the serialisers write', () => {
    expect(readme).toContain(columnsMarkdownTable(POLL_DUMP_COLUMNS));
    expect(readme).toContain(columnsMarkdownTable(INDICATOR_DUMP_COLUMNS));
  });

  it('the changelog has a line for the current schema versions and the column counts', () => {
    expect(POLLS_DUMP_SCHEMA_VERSION).toBe(1);
    expect(INDICATORS_DUMP_SCHEMA_VERSION).toBe(1);
    expect(readme).toContain(`| 1 | 2026-11-28 | First version: polls dump (${POLL_DUMP_COLUMNS.length} columns) and indicators dump (${INDICATOR_DUMP_COLUMNS.length} columns). |`);
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
