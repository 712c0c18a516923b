'use client';

import { useId, useState, type ReactNode } from 'react';

/**
 * "Show the numbers" button: a real <button> with aria-expanded/aria-controls, so keyboard and screen
 * reader users toggle the data table the same way as mouse users. The table is server-rendered and
 * only hidden, so it is in the HTML for no-JS readers' "find in page" as well.
 */
export function TableToggle({
  label,
  children,
  defaultOpen = false,
  lazy = false,
}: {
  label: string;
  children: ReactNode;
  defaultOpen?: boolean;
  /** Render the table only once opened: for tables of hundreds of rows the page need not carry. */
  lazy?: boolean;
}) {
  const [open, setOpen] = useState(defaultOpen);
  const [opened, setOpened] = useState(defaultOpen);
  const id = useId();
  return (
    <div className="min-w-0">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => {
          setOpen((v) => !v);
          setOpened(true);
        }}
        className="rounded border border-gray-400 bg-white px-2.5 py-1 text-sm text-gray-900 hover:bg-gray-100"
        data-testid="table-toggle"
      >
        {open ? `Hide ${label}` : `Show ${label}`}
      </button>
      <div id={id} hidden={!open} className="mt-2 max-h-[28rem] overflow-auto" data-testid="table-panel">
        {lazy && !opened ? null : children}
      </div>
    </div>
  );
}
