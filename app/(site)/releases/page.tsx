import type { Metadata } from 'next';
import Link from 'next/link';
import { listReleases } from '@/lib/data/releases';

export const metadata: Metadata = { title: 'Releases' };
export const dynamic = 'force-dynamic';

export default async function ReleasesPage() {
  const releases = await listReleases();
  return (
    <article className="space-y-4">
      <h1 className="text-2xl font-semibold">Citable releases</h1>
      <p className="text-gray-700">
        Each release freezes every poll and indicator as published on its date, byte for byte, with checksums. Add <code>?release=VERSION</code> to a question
        page, chart data URL, embed or dump to see it as of that release.
      </p>
      {releases.length === 0 ? (
        <p className="text-sm text-gray-700">No release has been published yet.</p>
      ) : (
        <ul className="space-y-2" data-testid="releases">
          {releases.map((r) => (
            <li key={r.version} className="rounded border border-gray-200 bg-white p-3 text-sm">
              <Link href={`/releases/${r.version}`} className="font-semibold text-blue-900 underline">
                {r.version}
              </Link>{' '}
              — {r.title} · {r.publishedAt.slice(0, 10)} · {r.pollsRows.toLocaleString('en-GB')} poll rows · {r.changelog.added.length} added,{' '}
              {r.changelog.corrected.length} corrected, {r.changelog.removed.length} removed
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
