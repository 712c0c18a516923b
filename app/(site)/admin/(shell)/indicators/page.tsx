import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePageUser } from '@/lib/auth/guard';
import { listIndicatorsForAdmin } from '@/lib/data/entry';
import { Table } from '@/components/ui/table';

export const metadata: Metadata = { title: 'Indicators' };
export const dynamic = 'force-dynamic';

export default async function AdminIndicatorsPage() {
  await requirePageUser('/admin/indicators');
  const rows = await listIndicatorsForAdmin();
  return (
    <div className="space-y-4">
      <div className="flex items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Indicators</h1>
        <Link href="/admin/indicators/new" className="rounded bg-gray-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-gray-700">
          New indicator
        </Link>
      </div>
      <Table
        caption="Indicators"
        rows={rows}
        rowKey={(i) => i.id}
        columns={[
          {
            header: 'Name',
            cell: (i) => (
              <Link href={`/admin/indicators/${i.id}`} className="text-blue-900 hover:underline">
                {i.name}
              </Link>
            ),
          },
          { header: 'Slug', cell: (i) => i.slug },
          { header: 'Unit', cell: (i) => i.unit },
          { header: 'Observations', cell: (i) => i.observations },
        ]}
      />
    </div>
  );
}
