import Link from 'next/link';
import { TextInput } from '@/components/admin/entry-fields';

/** Page number and search text of an admin list, from its searchParams (bad values fall back). */
export function listParams(sp: { page?: string; q?: string }): { page: number; q: string } {
  const page = Math.max(1, Number.parseInt(sp.page ?? '1', 10) || 1);
  return { page, q: (sp.q ?? '').trim().slice(0, 100) };
}

function href(path: string, q: string, page: number): string {
  return `${path}?${new URLSearchParams({ ...(q ? { q } : {}), page: String(page) }).toString()}`;
}

/** The search box, the count line and the pager of a paginated admin list. */
export function ListSearch({ path, id, label, q }: { path: string; id: string; label: string; q: string }) {
  return (
    <form role="search" className="flex items-end gap-2" action={path}>
      <TextInput id={id} name="q" type="search" label={label} defaultValue={q} />
      <button type="submit" className="rounded border border-gray-500 px-3 py-1.5 text-sm hover:bg-gray-100">
        Search
      </button>
    </form>
  );
}

export function ListCount({ total, noun, q, page, pages }: { total: number; noun: string; q: string; page: number; pages: number }) {
  return (
    <p className="text-sm text-gray-700" data-testid="list-count">
      {total.toLocaleString('en')} {noun}
      {total === 1 ? '' : 's'}
      {q ? ` matching “${q}”` : ''}; page {page} of {pages}.
    </p>
  );
}

export function Pager({ path, q, page, pages }: { path: string; q: string; page: number; pages: number }) {
  if (pages <= 1) return null;
  return (
    <nav aria-label="Pages" className="flex gap-3 text-sm">
      {page > 1 ? <Link href={href(path, q, page - 1)}>← Previous</Link> : null}
      {page < pages ? <Link href={href(path, q, page + 1)}>Next →</Link> : null}
    </nav>
  );
}
