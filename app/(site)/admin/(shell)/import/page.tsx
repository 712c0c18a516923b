import type { Metadata } from 'next';
import { SectionNote } from '@/components/admin/section-note';
import { requirePageUser } from '@/lib/auth/guard';

export const metadata: Metadata = { title: 'Import' };
export const dynamic = 'force-dynamic';

export default async function AdminImportPage() {
  await requirePageUser('/admin/import');
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Import</h1>
      <SectionNote>CSV import is not built yet. Until then, polls can be loaded with the seed format described in prisma/seed-data/README.md.</SectionNote>
    </div>
  );
}
