import type { ReactNode } from 'react';

/** Says plainly that editing for this section is not built yet, instead of a dead button. */
export function SectionNote({ children }: { children: ReactNode }) {
  return <p className="rounded border border-gray-200 bg-white px-3 py-2 text-sm text-gray-700">{children}</p>;
}
