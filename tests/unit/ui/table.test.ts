/**
 * components/ui/table.tsx rendered to HTML with React's own server renderer (no DOM mocks): the
 * semantics the e2e tests and screen readers rely on — column headers, row headers, numeric cells
 * right-aligned, caption, empty state, sticky header — checked on the markup itself.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Table, type TableProps } from '@/components/ui/table';

interface Row {
  name: string;
  n: number;
}

const ROWS: Row[] = [
  { name: 'Levada', n: 1600 },
  { name: 'FOM', n: 1500 },
];

function html<R>(props: TableProps<R>): string {
  return renderToStaticMarkup(createElement(Table<R>, props));
}

const base: TableProps<Row> = {
  rows: ROWS,
  rowKey: (r) => r.name,
  columns: [
    { header: 'Pollster', rowHeader: true, cell: (r) => r.name },
    { header: 'n', numeric: true, testId: (r) => `n-${r.name}`, cell: (r) => r.n.toLocaleString('en-GB') },
  ],
};

describe('Table', () => {
  it('renders one scoped header per column and one row per item, row labels as row headers', () => {
    const out = html({ ...base, caption: 'Polls' });
    expect(out.match(/<th scope="col"/g)).toHaveLength(2);
    expect(out.match(/<th scope="row"/g)).toHaveLength(2);
    expect(out.match(/<tr /g)).toHaveLength(3); // header + 2 rows
    expect(out).toContain('<caption class="sr-only">Polls</caption>');
    expect(out).toContain('>1,600</td>');
    expect(out).toContain('data-testid="n-FOM"');
  });

  it('right-aligns numeric columns (header and cells) and only those', () => {
    const out = html(base);
    const rightAligned = [...out.matchAll(/<(th|td)[^>]*class="([^"]*)"[^>]*>([^<]*)</g)]
      .filter((m) => m[2]?.split(' ').includes('text-right'))
      .map((m) => m[3]);
    expect(rightAligned).toEqual(['n', '1,600', '1,500']);
  });

  it('the list look drops the right padding of the last column only', () => {
    const out = html(base);
    expect(out).toContain('<th scope="col" class="py-1 pr-3">Pollster</th>');
    expect(out).toContain('<th scope="col" class="py-1 text-right">n</th>');
  });

  it('says the empty state in one full-width row, and has no body rows without one', () => {
    const empty = html({ ...base, rows: [], empty: 'No polls match.' });
    expect(empty).toMatch(/<tbody><tr[^>]*><td colSpan="2"[^>]*>No polls match\.<\/td><\/tr><\/tbody>/);
    expect(html({ ...base, rows: [] })).toContain('<tbody></tbody>');
  });

  it('a visible caption keeps its classes; a sticky header sticks', () => {
    const out = html({ ...base, caption: 'Top panel', captionClassName: 'text-left text-xs', stickyHeader: true, variant: 'data' });
    expect(out).toContain('<caption class="text-left text-xs">Top panel</caption>');
    expect(out).toContain('<thead class="sticky top-0 z-10 bg-white">');
    expect(out).toMatch(/^<table class="w-full border-collapse bg-white text-sm"/);
  });
});
