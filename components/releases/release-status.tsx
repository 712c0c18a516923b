import Link from 'next/link';
import type { ReleaseSummary } from '@/lib/data/releases';
import { pollChangeItems, type PollChange, type ReleaseChange } from '@/lib/releases/snapshot';

type Changes = readonly PollChange[] | readonly ReleaseChange[];

// Poll changes (question and poll pages) and generic ones (overview, indicators) read alike.
const asItems = (changes: Changes): ReleaseChange[] =>
  changes.length > 0 && 'pollId' in (changes[0] as object) ? pollChangeItems(changes as readonly PollChange[]) : [...(changes as readonly ReleaseChange[])];

const KIND_TEXT: Record<PollChange['kind'], string> = { added: 'added', corrected: 'corrected', removed: 'removed' };

/** Banner of a page viewed as of a release: what it is and where the current data is. */
export function ReleaseBanner({ release, currentHref, changes }: { release: ReleaseSummary; currentHref: string; changes: Changes }) {
  return (
    <div
      role="note"
      className="space-y-1 rounded border border-indigo-300 bg-indigo-50 p-3 text-sm"
      data-testid="release-banner"
      data-release={release.version}
    >
      <p>
        <strong>As of release {release.version}</strong>, published {release.publishedAt.slice(0, 10)}: the data exactly as frozen in that release.{' '}
        <Link href={`/releases/${release.version}`} className="text-blue-900 underline">
          Cite this release
        </Link>{' '}
        ·{' '}
        <Link href={currentHref} className="text-blue-900 underline">
          Current data
        </Link>
      </p>
      {changes.length > 0 ? (
        <ChangeList changes={changes} lead={`Changed since (${changes.length}):`} />
      ) : (
        <p className="text-xs text-gray-700">Nothing on this page has changed since.</p>
      )}
    </div>
  );
}

/** Line of the current view: which release it matches, or what changed since the latest one. */
export function ReleaseStatus({ release, changes, releaseHref }: { release: ReleaseSummary | null; changes: Changes; releaseHref: string }) {
  if (!release) return null;
  return (
    <div
      className="space-y-1 rounded border border-gray-200 bg-white p-2 text-sm"
      data-testid="release-status"
      data-release={release.version}
      data-changes={changes.length}
    >
      {changes.length === 0 ? (
        <p>
          Matches release{' '}
          <Link href={releaseHref} className="text-blue-900 underline">
            {release.version}
          </Link>{' '}
          (published {release.publishedAt.slice(0, 10)}).
        </p>
      ) : (
        <>
          <p>
            Changed since release{' '}
            <Link href={releaseHref} className="text-blue-900 underline">
              {release.version}
            </Link>{' '}
            (published {release.publishedAt.slice(0, 10)}):
          </p>
          <ChangeList changes={changes} />
        </>
      )}
    </div>
  );
}

function ChangeList({ changes, lead }: { changes: Changes; lead?: string }) {
  const items = asItems(changes);
  return (
    <div className="text-xs">
      {lead ? <p>{lead}</p> : null}
      <ul className="list-disc pl-5" data-testid="release-changes">
        {items.slice(0, 20).map((c) => (
          <li key={`${c.kind}-${c.key}`} data-kind={c.kind}>
            {c.href === null ? (
              c.label
            ) : (
              <Link href={c.href} className="text-blue-900 underline">
                {c.label}
              </Link>
            )}{' '}
            — {KIND_TEXT[c.kind]}
          </li>
        ))}
        {items.length > 20 ? <li>… and {items.length - 20} more</li> : null}
      </ul>
    </div>
  );
}
