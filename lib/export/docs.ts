import type { CsvColumn } from '@/lib/export/csv';

/**
 * The Markdown table documenting a dump's columns, generated from the same definitions the
 * serialisers use (docs/EXPORT-FORMAT.md; a unit test keeps them in sync).
 */
export function columnsMarkdownTable<Row>(columns: readonly CsvColumn<Row>[]): string {
  const lines = ['| column | type | empty allowed | meaning |', '|---|---|---|---|'];
  for (const c of columns) {
    lines.push(`| \`${c.name}\` | ${c.type} | ${c.nullable ? 'yes' : 'no'} | ${c.description.replace(/\|/g, '\\|')} |`);
  }
  return lines.join('\n');
}
