import type { Metadata } from 'next';
import { SectionNote } from '@/components/admin/section-note';
import { requirePageUser } from '@/lib/auth/guard';
import { listAdminIndicators } from '@/lib/data/admin';

export const metadata: Metadata = { title: 'Indicators' };
export const dynamic = 'force-dynamic';

export default async function AdminIndicatorsPage() {
  await requirePageUser('/admin/indicators');
  const indicators = await listAdminIndicators();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Indicators</h1>
      <SectionNote>The indicator and observation edit forms are not built yet; this list is read-only.</SectionNote>
      <ul className="space-y-1 text-sm">
        {indicators.map((i) => (
          <li key={i.id}>
            {i.name} <span className="text-gray-600">· {i.unit} · {i._count.observations} observations · version {i.version}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
