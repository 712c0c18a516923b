import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePageUser } from '@/lib/auth/guard';
import { listIndicatorsForAdmin } from '@/lib/data/entry';

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
      <table className="w-full border-collapse text-sm">
        <caption className="sr-only">Indicators</caption>
        <thead>
          <tr className="border-b border-gray-300 text-left">
            <th scope="col" className="py-1 pr-3">Name</th>
            <th scope="col" className="py-1 pr-3">Slug</th>
            <th scope="col" className="py-1 pr-3">Unit</th>
            <th scope="col" className="py-1">Observations</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((i) => (
            <tr key={i.id} className="border-b border-gray-100">
              <td className="py-1 pr-3">
                <Link href={`/admin/indicators/${i.id}`} className="text-blue-900 hover:underline">
                  {i.name}
                </Link>
              </td>
              <td className="py-1 pr-3">{i.slug}</td>
              <td className="py-1 pr-3">{i.unit}</td>
              <td className="py-1">{i.observations}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
