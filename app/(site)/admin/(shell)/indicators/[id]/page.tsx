import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { IndicatorForm, ObservationForm } from '@/components/admin/catalog-forms';
import { requirePageUser } from '@/lib/auth/guard';
import { loadIndicatorForEdit } from '@/lib/data/entry';
import { formatNumber } from '@/lib/format/display';

export const metadata: Metadata = { title: 'Edit indicator' };
export const dynamic = 'force-dynamic';

interface Props {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ saved?: string }>;
}

export default async function EditIndicatorPage({ params, searchParams }: Props) {
  const { id } = await params;
  const { saved } = await searchParams;
  await requirePageUser(`/admin/indicators/${id}`);
  const indicator = await loadIndicatorForEdit(Number.parseInt(id, 10) || 0);
  if (!indicator) notFound();
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href="/admin/indicators">← Indicators</Link> · <Link href={`/indicators/${indicator.slug}`}>Public page</Link> ·{' '}
        <Link href={`/admin/audit?entity=Indicator&entityId=${indicator.id}`}>History</Link>
      </p>
      <h1 className="text-2xl font-semibold">Edit indicator: {indicator.name}</h1>
      {saved ? (
        <p role="status" data-testid="saved-message" className="rounded border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
          {saved === 'observation' ? 'Observation saved.' : `Indicator ${saved === 'created' ? 'created' : 'saved'}.`}
        </p>
      ) : null}
      <IndicatorForm key={indicator.version} initial={indicator} />

      <section aria-labelledby="obs-heading" className="space-y-3">
        <h2 id="obs-heading" className="text-lg font-semibold">
          Observations ({indicator.observations.length})
        </h2>
        <table className="w-full border-collapse text-sm">
          <caption className="sr-only">Observations of {indicator.name}</caption>
          <thead>
            <tr className="border-b border-gray-300 text-left">
              <th scope="col" className="py-1 pr-3">Period</th>
              <th scope="col" className="py-1 pr-3">Value ({indicator.unit})</th>
              <th scope="col" className="py-1 pr-3">Kind</th>
              <th scope="col" className="py-1 pr-3">Basis</th>
              <th scope="col" className="py-1">Edit</th>
            </tr>
          </thead>
          <tbody>
            {indicator.observations.map((o) => (
              <tr key={o.id} className="border-b border-gray-100">
                <td className="py-1 pr-3">{o.period}</td>
                <td className="py-1 pr-3">{formatNumber(o.value, 2)}</td>
                <td className="py-1 pr-3">
                  {o.kind}
                  {o.isPrimary ? '' : ' (alternative)'}
                </td>
                <td className="py-1 pr-3">{o.basis}</td>
                <td className="py-1">
                  <Link href={`/admin/indicators/${indicator.id}/observations/${o.id}`} className="text-blue-900 hover:underline">
                    Edit {o.period}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3 className="text-base font-semibold">Add an observation</h3>
        <ObservationForm indicatorId={indicator.id} idPrefix="new-obs" />
      </section>
    </div>
  );
}
