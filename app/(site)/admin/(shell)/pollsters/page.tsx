import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePageUser } from '@/lib/auth/guard';
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
      <table className="w-full border-collapse text-sm">
        <caption className="sr-only">Pollsters</caption>
        <thead>
          <tr className="border-b border-gray-300 text-left">
            <th scope="col" className="py-1 pr-3">Name</th>
            <th scope="col" className="py-1 pr-3">Slug</th>
            <th scope="col" className="py-1 pr-3">Country</th>
            <th scope="col" className="py-1">Polls</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr key={p.id} className="border-b border-gray-100">
              <td className="py-1 pr-3">
                <Link href={`/admin/pollsters/${p.id}`} className="text-blue-900 hover:underline">
                  {p.name}
                </Link>
              </td>
              <td className="py-1 pr-3">{p.slug}</td>
              <td className="py-1 pr-3">{p.country ?? ''}</td>
              <td className="py-1">{p.polls}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager path="/admin/pollsters" q={q} page={page} pages={pages} />
    </div>
  );
}
