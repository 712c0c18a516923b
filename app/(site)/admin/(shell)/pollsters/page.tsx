import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePageUser } from '@/lib/auth/guard';
import { Table } from '@/components/ui/table';
import { ListCount, ListSearch, Pager, listParams } from '@/components/admin/list-controls';
import { listPollstersForAdmin } from '@/lib/data/entry';

export const metadata: Metadata = { title: 'Pollsters' };
export const dynamic = 'force-dynamic';

interface Props {
  searchParams: Promise<{ page?: string; q?: string }>;
}

export default async function AdminPollstersPage({ searchParams }: Props) {
  await requirePageUser('/admin/pollsters');
  const { page: wanted, q } = listParams(await searchParams);
  const { rows, total, page, pages } = await listPollstersForAdmin({ page: wanted, q: q || undefined });
  return (
    <div className="space-y-4">
      <div className="flex items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Pollsters</h1>
        <Link href="/admin/pollsters/new" className="rounded bg-gray-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-gray-700">
          New pollster
        </Link>
      </div>
      <ListSearch path="/admin/pollsters" id="pollster-search" label="Name or slug" q={q} />
      <ListCount total={total} noun="pollster" q={q} page={page} pages={pages} />
      <Table
        caption="Pollsters"
        rows={rows}
        rowKey={(p) => p.id}
        columns={[
          {
            header: 'Name',
            cell: (p) => (
              <Link href={`/admin/pollsters/${p.id}`} className="text-blue-900 hover:underline">
                {p.name}
              </Link>
            ),
          },
          { header: 'Slug', cell: (p) => p.slug },
          { header: 'Country', cell: (p) => p.country ?? '' },
          { header: 'Polls', cell: (p) => p.polls },
        ]}
      />
      <Pager path="/admin/pollsters" q={q} page={page} pages={pages} />
    </div>
  );
}
