import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PollsterForm } from '@/components/admin/catalog-forms';
import { requirePageUser } from '@/lib/auth/guard';
import { loadPollsterForEdit } from '@/lib/data/entry';

export const metadata: Metadata = { title: 'Edit pollster' };
export const dynamic = 'force-dynamic';

interface Props {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ saved?: string }>;
}

export default async function EditPollsterPage({ params, searchParams }: Props) {
  const { id } = await params;
  const { saved } = await searchParams;
  await requirePageUser(`/admin/pollsters/${id}`);
  const pollster = await loadPollsterForEdit(Number.parseInt(id, 10) || 0);
  if (!pollster) notFound();
  return (
    <div className="space-y-4">
      <p className="text-sm">
        <Link href="/admin/pollsters">← Pollsters</Link> · <Link href={`/admin/audit?entity=Pollster&entityId=${pollster.id}`}>History</Link>
      </p>
      <h1 className="text-2xl font-semibold">Edit pollster: {pollster.name}</h1>
      {saved ? (
        <p role="status" data-testid="saved-message" className="rounded border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
          Pollster {saved === 'created' ? 'created' : 'saved'}.
        </p>
      ) : null}
      <PollsterForm key={pollster.version} initial={pollster} />
    </div>
  );
}
