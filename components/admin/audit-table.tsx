import { AuditDiff } from '@/components/admin/audit-diff';
import { UndoImportButton } from '@/components/admin/undo-import-button';
import type { AuditEventView } from '@/lib/data/audit';
import { Table } from '@/components/ui/table';

function when(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

export function AuditTable({ events, caption, canUndoImports = false }: { events: AuditEventView[]; caption: string; canUndoImports?: boolean }) {
  if (events.length === 0) return <p className="text-sm text-gray-700">No audit events match.</p>;
  return (
    <div className="overflow-x-auto">
      <Table
        caption={caption}
        testId="audit-table"
        rows={events}
        rowKey={(e) => e.id}
        rowClassName="align-top"
        columns={[
          { header: 'When', className: 'whitespace-nowrap', cell: (e) => <time dateTime={e.createdAt}>{when(e.createdAt)}</time> },
          { header: 'Who', cell: (e) => e.user?.email ?? <span className="text-gray-600">system</span> },
          { header: 'Action', cell: (e) => e.action },
          {
            header: 'Record',
            className: 'whitespace-nowrap',
            cell: (e) => (
              <>
                {e.entity} {e.entityId}
                {canUndoImports && e.entity === 'Import' && e.action === 'import' ? <UndoImportButton auditId={e.id} /> : null}
              </>
            ),
          },
          { header: 'Changes', cell: (e) => <AuditDiff before={e.before} after={e.after} /> },
        ]}
      />
    </div>
  );
}
