import type { Metadata } from 'next';
import Link from 'next/link';
import { IndicatorForm } from '@/components/admin/catalog-forms';
import { requirePageUser } from '@/lib/auth/guard';

export const metadata: Metadata = { title: 'New indicator' };
export const dynamic = 'force-dynamic';

export default async function NewIndicatorPage() {
  await requirePageUser('/admin/indicators/new');
  return (
    <div className="space-y-4">
      <p className="text-sm">
        <Link href="/admin/indicators">← Indicators</Link>
      </p>
      <h1 className="text-2xl font-semibold">New indicator</h1>
      <IndicatorForm />
    </div>
  );
}
