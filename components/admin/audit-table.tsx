import { AuditDiff } from '@/components/admin/audit-diff';
import { UndoImportButton } from '@/components/admin/undo-import-button';
import type { AuditEventView } from '@/lib/data/audit';

function when(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

export function AuditTable({ events, caption, canUndoImports = false }: { events: AuditEventView[]; caption: string; canUndoImports?: boolean }) {
  if (events.length === 0) return <p className="text-sm text-gray-700">No audit events match.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-sm" data-testid="audit-table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b border-gray-300 text-left">
            <th scope="col" className="py-1 pr-3">When</th>
            <th scope="col" className="py-1 pr-3">Who</th>
            <th scope="col" className="py-1 pr-3">Action</th>
            <th scope="col" className="py-1 pr-3">Record</th>
            <th scope="col" className="py-1">Changes</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id} className="border-b border-gray-100 align-top">
              <td className="whitespace-nowrap py-1 pr-3">
                <time dateTime={e.createdAt}>{when(e.createdAt)}</time>
              </td>
              <td className="py-1 pr-3">{e.user?.email ?? <span className="text-gray-600">system</span>}</td>
              <td className="py-1 pr-3">{e.action}</td>
              <td className="whitespace-nowrap py-1 pr-3">
                {e.entity} {e.entityId}
                {canUndoImports && e.entity === 'Import' && e.action === 'import' ? <UndoImportButton auditId={e.id} /> : null}
              </td>
              <td className="py-1">
                <AuditDiff before={e.before} after={e.after} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
