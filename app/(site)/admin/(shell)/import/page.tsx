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
        Files go in as published: wide or long, any common encoding, dates and numbers as written. Every row is accounted for — stored, refused (with row,
        column and reason) or an exact duplicate (same pollster, field dates, question, wording, n and results) — and re-importing a file adds nothing. An
        import can be undone from the audit log.
      </p>
      <ImportWizard />
    </div>
  );
}
