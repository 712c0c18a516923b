import type { Metadata } from 'next';
import Link from 'next/link';
import { SectionNote } from '@/components/admin/section-note';
import { requirePageUser } from '@/lib/auth/guard';
import { listAdminPolls } from '@/lib/data/admin';
import { formatFieldDates, formatSampleSize } from '@/lib/format';

export const metadata: Metadata = { title: 'Polls' };
export const dynamic = 'force-dynamic';

export default async function AdminPollsPage() {
  await requirePageUser('/admin/polls');
  const polls = await listAdminPolls();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Polls</h1>
      <SectionNote>The poll edit forms are not built yet; this list is read-only. Changes so far are in the audit log.</SectionNote>
      <table className="w-full border-collapse text-sm">
        <caption className="sr-only">Polls, newest field dates first (up to 100)</caption>
        <thead>
          <tr className="border-b border-gray-300 text-left">
            <th scope="col" className="py-1 pr-3">Id</th>
            <th scope="col" className="py-1 pr-3">Pollster</th>
            <th scope="col" className="py-1 pr-3">Fieldwork</th>
            <th scope="col" className="py-1 pr-3">n</th>
            <th scope="col" className="py-1">Version</th>
          </tr>
        </thead>
        <tbody>
          {polls.map((p) => (
            <tr key={p.id} className="border-b border-gray-100">
              <td className="py-1 pr-3">
                <Link href={`/admin/audit?entity=Poll&entityId=${p.id}`} className="text-blue-900 hover:underline" aria-label={`History of poll ${p.id}`}>
                  {p.id}
                </Link>
              </td>
              <td className="py-1 pr-3">{p.pollster}</td>
              <td className="py-1 pr-3">{formatFieldDates(p.fieldStart, p.fieldEnd, p.datePrecision)}</td>
              <td className="py-1 pr-3">{formatSampleSize(p.sampleSize)}</td>
              <td className="py-1">{p.version}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
