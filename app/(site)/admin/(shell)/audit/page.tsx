import type { Metadata } from 'next';
import Link from 'next/link';
import { AuditTable } from '@/components/admin/audit-table';
import { requirePageUser } from '@/lib/auth/guard';
import { auditFilterOptions, listAuditEvents } from '@/lib/data/audit';
import { ZAuditFilter } from '@/lib/schemas/audit';

export const metadata: Metadata = { title: 'Audit log' };
export const dynamic = 'force-dynamic';

type SearchParams = Record<string, string | string[] | undefined>;

function first(params: SearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    const value = Array.isArray(v) ? v[0] : v;
    if (value !== undefined) out[k] = value;
  }
  return out;
}

const selectClass = 'block w-full rounded border border-gray-400 bg-white px-2 py-1.5 text-sm';

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requirePageUser('/admin/audit');
  const raw = first(await searchParams);
  const parsed = ZAuditFilter.safeParse(raw);
  const errors: Record<string, string> = {};
  if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
  const filter = parsed.success ? parsed.data : { page: 1 };
  const [result, options] = await Promise.all([listAuditEvents(parsed.success ? filter : { page: 1 }, undefined, user.role), auditFilterOptions(user.role)]);
  const pageHref = (page: number) => `/admin/audit?${new URLSearchParams({ ...raw, page: String(page) }).toString()}`;

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Audit log</h1>
      <form method="get" className="grid gap-3 rounded border border-gray-200 bg-white p-4 sm:grid-cols-3 lg:grid-cols-6" aria-label="Filter audit events">
        <div className="space-y-1">
          <label htmlFor="f-entity" className="block text-sm font-medium">Record type</label>
          <select id="f-entity" name="entity" defaultValue={raw.entity ?? ''} className={selectClass}>
            <option value="">any</option>
            {options.entities.map((e) => (
              <option key={e}>{e}</option>
            ))}
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor="f-entity-id" className="block text-sm font-medium">Record id</label>
          <input id="f-entity-id" name="entityId" defaultValue={raw.entityId ?? ''} className={selectClass} />
        </div>
        <div className="space-y-1">
          <label htmlFor="f-action" className="block text-sm font-medium">Action</label>
          <select id="f-action" name="action" defaultValue={raw.action ?? ''} className={selectClass}>
            <option value="">any</option>
            {options.actions.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor="f-user" className="block text-sm font-medium">User</label>
          <select id="f-user" name="userId" defaultValue={raw.userId ?? ''} className={selectClass}>
            <option value="">anyone</option>
            {options.users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.email}
              </option>
            ))}
          </select>
        </div>
        {(['from', 'to'] as const).map((key) => (
          <div key={key} className="space-y-1">
            <label htmlFor={`f-${key}`} className="block text-sm font-medium">
              {key === 'from' ? 'From (UTC day)' : 'To (UTC day, inclusive)'}
            </label>
            <input
              id={`f-${key}`}
              name={key}
              type="date"
              defaultValue={raw[key] ?? ''}
              aria-invalid={errors[key] ? true : undefined}
              aria-describedby={errors[key] ? `f-${key}-error` : undefined}
              className={selectClass}
            />
            {errors[key] ? (
              <p id={`f-${key}-error`} className="text-sm text-red-800">
                {errors[key]}
              </p>
            ) : null}
          </div>
        ))}
        <div className="flex items-end gap-3 sm:col-span-3 lg:col-span-6">
          <button type="submit" className="rounded bg-gray-900 px-3 py-1.5 text-sm font-medium text-white">
            Filter
          </button>
          <Link href="/admin/audit" className="text-sm text-blue-900 hover:underline">
            Clear filters
          </Link>
        </div>
      </form>
      {!parsed.success ? (
        <p role="alert" className="text-sm text-red-800">
          Some filters were not understood and were ignored.
        </p>
      ) : null}
      <p className="text-sm text-gray-700" data-testid="audit-total">
        {result.total} {result.total === 1 ? 'event' : 'events'} · page {result.page} of {result.pageCount}
      </p>
      <AuditTable events={result.events} caption="Audit events, newest first" canUndoImports={user.role === 'admin'} />
      <nav aria-label="Audit log pages" className="flex gap-4 text-sm">
        {result.page > 1 ? (
          <Link href={pageHref(result.page - 1)} className="text-blue-900 hover:underline">
            ← Newer
          </Link>
        ) : null}
        {result.page < result.pageCount ? (
          <Link href={pageHref(result.page + 1)} className="text-blue-900 hover:underline">
            Older →
          </Link>
        ) : null}
      </nav>
    </div>
  );
}
