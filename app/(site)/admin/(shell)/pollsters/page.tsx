import type { Metadata } from 'next';
import { SectionNote } from '@/components/admin/section-note';
import { requirePageUser } from '@/lib/auth/guard';
import { listAdminPollsters } from '@/lib/data/admin';

export const metadata: Metadata = { title: 'Pollsters' };
export const dynamic = 'force-dynamic';

export default async function AdminPollstersPage() {
  await requirePageUser('/admin/pollsters');
  const pollsters = await listAdminPollsters();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Pollsters</h1>
      <SectionNote>The pollster edit forms are not built yet; this list is read-only.</SectionNote>
      <ul className="space-y-1 text-sm">
        {pollsters.map((p) => (
          <li key={p.id}>
            {p.name} <span className="text-gray-600">· {p.country ?? 'country not stated'} · {p._count.polls} polls · version {p.version}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
