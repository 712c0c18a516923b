import type { Metadata } from 'next';
import Link from 'next/link';
import { AuditTable } from '@/components/admin/audit-table';
import { SelectInput, TextInput } from '@/components/admin/entry-fields';
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
        <SelectInput
          id="f-entity"
          name="entity"
          label="Record type"
          defaultValue={raw.entity ?? ''}
          options={[{ value: '', label: 'any' }, ...options.entities.map((e) => ({ value: e, label: e }))]}
        />
        <TextInput id="f-entity-id" name="entityId" label="Record id" defaultValue={raw.entityId ?? ''} />
        <SelectInput
          id="f-action"
          name="action"
          label="Action"
          defaultValue={raw.action ?? ''}
          options={[{ value: '', label: 'any' }, ...options.actions.map((a) => ({ value: a, label: a }))]}
        />
        <SelectInput
          id="f-user"
          name="userId"
          label="User"
          defaultValue={raw.userId ?? ''}
          options={[{ value: '', label: 'anyone' }, ...options.users.map((u) => ({ value: String(u.id), label: u.email }))]}
        />
        {(['from', 'to'] as const).map((key) => (
          <TextInput
            key={key}
            id={`f-${key}`}
            name={key}
            type="date"
            label={key === 'from' ? 'From (UTC day)' : 'To (UTC day, inclusive)'}
            defaultValue={raw[key] ?? ''}
            errors={errors[key] ? [errors[key]] : undefined}
          />
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
