import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePageUser } from '@/lib/auth/guard';
import { listReleases } from '@/lib/data/releases';
import { ReleaseForm } from '@/components/admin/release-form';

export const metadata: Metadata = { title: 'Releases' };
export const dynamic = 'force-dynamic';

/** The next version this month: year.month.(count of this month's releases + 1). */
function suggestVersion(existing: string[], now = new Date()): string {
  const prefix = `${now.getUTCFullYear()}.${now.getUTCMonth() + 1}.`;
  const used = existing.filter((v) => v.startsWith(prefix)).map((v) => Number(v.slice(prefix.length)));
  return `${prefix}${used.length === 0 ? 1 : Math.max(...used) + 1}`;
}

export default async function AdminReleasesPage() {
  await requirePageUser('/admin/releases', 'admin');
  const releases = await listReleases();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Releases</h1>
      <p className="text-sm text-gray-700">
        A release freezes the polls and indicators dumps and the outcomes (what pollster accuracy is scored against) as they are now, with checksums and a
        changelog against the previous release, and gives every page, chart, export and embed a permanent <code>?release=</code> view to cite. Releases are
        never changed or deleted.
      </p>
      <ReleaseForm suggestedVersion={suggestVersion(releases.map((r) => r.version))} />
      <ul className="list-disc pl-5 text-sm" data-testid="admin-releases">
        {releases.map((r) => (
          <li key={r.version}>
            <Link href={`/releases/${r.version}`} className="text-blue-900 underline">
              {r.version}
            </Link>{' '}
            — {r.title}, {r.publishedAt.slice(0, 10)}
          </li>
        ))}
      </ul>
    </div>
  );
}
