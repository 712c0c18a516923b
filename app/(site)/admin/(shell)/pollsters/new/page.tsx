import type { Metadata } from 'next';
import Link from 'next/link';
import { PollsterForm } from '@/components/admin/catalog-forms';
import { requirePageUser } from '@/lib/auth/guard';

export const metadata: Metadata = { title: 'New pollster' };
export const dynamic = 'force-dynamic';

export default async function NewPollsterPage() {
  await requirePageUser('/admin/pollsters/new');
  return (
    <div className="space-y-4">
      <p className="text-sm">
        <Link href="/admin/pollsters">← Pollsters</Link>
      </p>
      <h1 className="text-2xl font-semibold">New pollster</h1>
      <PollsterForm />
    </div>
  );
}
