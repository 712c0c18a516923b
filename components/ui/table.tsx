import type { ReactNode } from 'react';

/**
 * The one table of the site and the admin: header, rows, numeric alignment, caption, empty state and
 * an optional sticky header, so each page states its columns instead of hand-writing cells.
 *
 * No hooks and no 'use client': server pages and client components (chart tables) both render it.
 * Two looks, the two the site already had:
 * - `list` (admin lists): compact rows, grey rules, no padding after the last column;
 * - `data` (reader tables next to charts): white background, roomier cells, grey header text.
 * Class names are written out in full here (not built from parts) so Tailwind finds them.
 */

export interface TableColumn<R> {
  header: ReactNode;
  cell: (row: R, index: number) => ReactNode;
  /** Right-aligned header and cells (numbers line up on their last digit). */
  numeric?: boolean;
  /** The row's label: rendered as `<th scope="row">` so screen readers announce it per cell. */
  rowHeader?: boolean;
  /** Extra classes for this column's body cells (e.g. whitespace-nowrap), or per row (a flagged value). */
  className?: string | ((row: R) => string | undefined);
  /** Extra classes for this column's header cell. */
  headerClassName?: string;
  /** data-testid on each body cell of this column. */
  testId?: string | ((row: R) => string | undefined);
}

type TDataAttributes = { [key: `data-${string}`]: string | number | undefined };

export interface TableProps<R> {
  columns: readonly TableColumn<R>[];
  rows: readonly R[];
  rowKey: (row: R, index: number) => string | number;
  /** Read by screen readers; shown only when captionClassName is given. */
  caption?: ReactNode;
  captionClassName?: string;
  variant?: 'list' | 'data';
  /** Extra classes for the table (width limits). */
  className?: string;
  /** Text size: `responsive` is xs on phones, sm from the sm breakpoint. */
  size?: keyof typeof TEXT;
  /** Cell padding: `roomy` for rows holding forms or links; header and body may differ. */
  density?: TDensity | { head: TDensity; body: TDensity };
  /** Extra classes for every body row (e.g. align-top). */
  rowClassName?: string;
  /** data-* attributes for a row (test ids, roles). */
  rowData?: (row: R) => TDataAttributes;
  /** Shown in one full-width row when there are no rows; without it an empty table has no body rows. */
  empty?: ReactNode;
  /** Rows after the data rows, in the same body (a summary row): `<tr>`s built with the caller's cells. */
  footer?: ReactNode;
  /** Keep the header row in view while a long table scrolls (inside a scrolling parent). */
  stickyHeader?: boolean;
  testId?: string;
  /** Other data-* attributes on the table element. */
  data?: TDataAttributes;
}

/** `responsive`: tight on phones, roomy from the sm breakpoint (long reader tables); `compact`: small print. */
type TDensity = 'compact' | 'tight' | 'roomy' | 'responsive';

const LOOK = {
  list: {
    table: 'w-full border-collapse',
    headRow: 'border-b border-gray-300 text-left',
    bodyRow: 'border-b border-gray-100',
    // [other columns, last column]
    pad: { compact: ['py-0.5 pr-2', 'py-0.5'], tight: ['py-1 pr-3', 'py-1'], roomy: ['py-2 pr-3', 'py-2'], responsive: ['py-1 pr-3 sm:py-2', 'py-1 sm:py-2'] },
  },
  data: {
    table: 'w-full border-collapse bg-white',
    headRow: 'border-b text-left text-gray-700',
    bodyRow: 'border-b last:border-0',
    pad: { compact: ['p-1', 'p-1'], tight: ['p-1.5', 'p-1.5'], roomy: ['p-2', 'p-2'], responsive: ['p-1 sm:p-2', 'p-1 sm:p-2'] },
  },
} as const;

const TEXT = { sm: 'text-sm', xs: 'text-xs', responsive: 'text-xs sm:text-sm' } as const;

function join(...parts: (string | false | undefined)[]): string {
  return parts.filter(Boolean).join(' ');
}

export function Table<R>({
  columns,
  rows,
  rowKey,
  caption,
  captionClassName,
  variant = 'list',
  className,
  density = 'tight',
  size = 'sm',
  rowClassName,
  rowData,
  empty,
  footer,
  stickyHeader = false,
  testId,
  data,
}: TableProps<R>) {
  const look = LOOK[variant];
  const last = columns.length - 1;
  const { head, body } = typeof density === 'string' ? { head: density, body: density } : density;
  // The list look drops the right padding of the last column.
  const pad = (i: number, d: TDensity) => look.pad[d][i === last ? 1 : 0];
  return (
    <table className={join(look.table, TEXT[size], className)} data-testid={testId} {...data}>
      {caption !== undefined ? <caption className={captionClassName ?? 'sr-only'}>{caption}</caption> : null}
      <thead className={stickyHeader ? 'sticky top-0 z-10 bg-white' : undefined}>
        <tr className={look.headRow}>
          {columns.map((c, i) => (
            <th key={i} scope="col" className={join(pad(i, head), c.numeric && 'text-right', c.headerClassName)}>
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && empty !== undefined ? (
          <tr className={look.bodyRow}>
            <td colSpan={columns.length} className={join(pad(0, body), 'text-gray-700')}>
              {empty}
            </td>
          </tr>
        ) : null}
        {rows.map((row, r) => (
          <tr key={rowKey(row, r)} className={join(look.bodyRow, rowClassName)} {...rowData?.(row)}>
            {columns.map((c, i) => {
              const cls = join(
                pad(i, body),
                c.numeric && 'text-right',
                c.rowHeader && !c.numeric && 'text-left',
                c.rowHeader && 'font-normal',
                typeof c.className === 'function' ? c.className(row) : c.className,
              );
              const cellTestId = typeof c.testId === 'function' ? c.testId(row) : c.testId;
              return c.rowHeader ? (
                <th key={i} scope="row" className={cls} data-testid={cellTestId}>
                  {c.cell(row, r)}
                </th>
              ) : (
                <td key={i} className={cls} data-testid={cellTestId}>
                  {c.cell(row, r)}
                </td>
              );
            })}
          </tr>
        ))}
        {footer}
      </tbody>
    </table>
  );
}
