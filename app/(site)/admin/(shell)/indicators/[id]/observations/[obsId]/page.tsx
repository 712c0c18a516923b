import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ObservationForm } from '@/components/admin/catalog-forms';
import { requirePageUser } from '@/lib/auth/guard';
import { loadIndicatorForEdit } from '@/lib/data/entry';

export const metadata: Metadata = { title: 'Edit observation' };
export const dynamic = 'force-dynamic';

interface Props {
  params: Promise<{ id: string; obsId: string }>;
}

export default async function EditObservationPage({ params }: Props) {
  const { id, obsId } = await params;
  await requirePageUser(`/admin/indicators/${id}/observations/${obsId}`);
  const indicator = await loadIndicatorForEdit(Number.parseInt(id, 10) || 0);
  const observation = indicator?.observations.find((o) => o.id === Number.parseInt(obsId, 10));
  if (!indicator || !observation) notFound();
  return (
    <div className="space-y-4">
      <p className="text-sm">
        <Link href={`/admin/indicators/${indicator.id}`}>← {indicator.name}</Link> ·{' '}
        <Link href={`/admin/audit?entity=Observation&entityId=${observation.id}`}>History</Link>
      </p>
      <h1 className="text-2xl font-semibold">
        {indicator.name}: {observation.period} ({observation.kind})
      </h1>
      <ObservationForm key={observation.version} indicatorId={indicator.id} initial={observation} />
    </div>
  );
}
