import type { Metadata } from 'next';
import { ImportWizard } from '@/components/admin/import-wizard';
import { requirePageUser } from '@/lib/auth/guard';

export const metadata: Metadata = { title: 'Import CSV' };
export const dynamic = 'force-dynamic';

export default async function ImportPage() {
  await requirePageUser('/admin/import');
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Import polls from CSV</h1>
      <p className="max-w-prose text-sm text-gray-700">
        One row per poll result set. Every row is checked before anything is written; re-importing the same file adds nothing, because each poll is keyed by its
        pollster, field dates, wording, source and population.
      </p>
      <ImportWizard />
    </div>
  );
}
