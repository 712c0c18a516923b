import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getReleaseSummary } from '@/lib/data/releases';
import { citationsOf, releaseDumpLinks } from '@/lib/releases/present';
import type { ChangelogEntry } from '@/lib/releases/snapshot';
import type { OutcomeChangelogEntry } from '@/lib/releases/outcomes';
import { Table } from '@/components/ui/table';

export const dynamic = 'force-dynamic';

interface Props {
  params: Promise<{ version: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Release ${(await params).version}` };
}

/** One changelog list (polls or outcomes): a heading with its count, then the items if any. */
function ChangeList<T>({ title, entries, testId, item }: { title: string; entries: T[]; testId: string; item: (entry: T) => ReactNode }) {
  return (
    <div>
      <h3 className="font-semibold">
        {title} ({entries.length})
      </h3>
      {entries.length > 0 ? (
        <ul className="max-h-64 list-disc overflow-auto pl-5 text-xs" data-testid={testId}>
          {entries.map(item)}
        </ul>
      ) : null}
    </div>
  );
}

function Entries({ title, entries, testId }: { title: string; entries: ChangelogEntry[]; testId: string }) {
  return (
    <ChangeList
      title={title}
      entries={entries}
      testId={testId}
      item={(e) => (
        <li key={e.exportKey}>
          {e.pollId !== null && testId !== 'changelog-removed' ? (
            <Link href={`/polls/${e.pollId}`} className="text-blue-900 underline">
              {e.pollster}, {e.fieldEnd ?? 'no date'}
            </Link>
          ) : (
            `${e.pollster}, ${e.fieldEnd ?? 'no date'}`
          )}{' '}
          ({e.questions.join(', ') || 'no questions'}){e.changed ? `: ${e.changed.join(', ')}` : ''}
        </li>
      )}
    />
  );
}

function OutcomeEntries({ title, entries, testId }: { title: string; entries: OutcomeChangelogEntry[]; testId: string }) {
  return (
    <ChangeList
      title={title}
      entries={entries}
      testId={testId}
      item={(e) => (
        <li key={e.key}>
          {e.label}, {e.date.slice(0, 10)} ({e.question}){e.changed ? `: ${e.changed.join(', ')}` : ''}
        </li>
      )}
    />
  );
}

export default async function ReleasePage({ params }: Props) {
  const release = await getReleaseSummary((await params).version);
  if (!release) notFound();
  const cite = citationsOf(release);
  const dumps = releaseDumpLinks(release.version);
  return (
    <article className="space-y-6" data-testid="release" data-release={release.version}>
      <header className="space-y-1">
        <p className="text-xs uppercase tracking-wide text-gray-600">Release</p>
        <h1 className="text-2xl font-semibold">{release.title}</h1>
        <p className="text-sm text-gray-700">
          Version <strong>{release.version}</strong>, published {release.publishedAt.replace('T', ' ').slice(0, 16)} UTC.
        </p>
        {release.notes ? <p className="text-gray-700">{release.notes}</p> : null}
      </header>

      <section aria-labelledby="files-heading" className="space-y-2">
        <h2 id="files-heading" className="text-lg font-semibold">
          Frozen files
        </h2>
        <Table
          variant="data"
          density="roomy"
          testId="release-files"
          rows={[
            { name: 'Polls', csv: dumps.pollsCsv, json: dumps.pollsJson, rows: release.pollsRows, sha256: release.pollsSha256, shaTestId: 'polls-sha256' },
            {
              name: 'Indicators',
              csv: dumps.indicatorsCsv,
              json: dumps.indicatorsJson,
              rows: release.indicatorsRows,
              sha256: release.indicatorsSha256,
              shaTestId: undefined,
            },
          ]}
          rowKey={(d) => d.name}
          columns={[
            {
              header: 'Dump',
              cell: (d) => (
                <>
                  {d.name}:{' '}
                  <a href={d.csv} className="text-blue-900 underline">
                    CSV
                  </a>{' '}
                  ·{' '}
                  <a href={d.json} className="text-blue-900 underline">
                    JSON
                  </a>
                </>
              ),
            },
            { header: 'Rows', numeric: true, cell: (d) => d.rows.toLocaleString('en-GB') },
            { header: 'SHA-256 (CSV)', className: 'font-mono text-xs break-all', testId: (d) => d.shaTestId, cell: (d) => d.sha256 },
          ]}
        />
        <p className="text-sm" data-testid="release-outcomes">
          {release.outcomesSha256 === null ? (
            <>Outcomes: not frozen (this release was published before releases froze them); accuracy records as of it are scored on the current outcomes.</>
          ) : (
            <>
              Outcomes (what pollster accuracy as of this release is scored against): {release.outcomesRows?.toLocaleString('en-GB')} frozen, SHA-256{' '}
              <span className="font-mono text-xs break-all">{release.outcomesSha256}</span> (listed in{' '}
              <a href={`/api/v1/releases/${release.version}`} className="text-blue-900 underline">
                the release’s API record
              </a>
              ).
            </>
          )}
        </p>
        <p className="text-xs text-gray-600">
          Any question page, chart data URL or embed takes <code>?release={release.version}</code> to show this release, e.g.{' '}
          <Link href={`/questions/kuril-transfer?release=${release.version}`} className="text-blue-900 underline">
            /questions/kuril-transfer?release={release.version}
          </Link>
          .
        </p>
      </section>

      <section aria-labelledby="changelog-heading" className="space-y-2">
        <h2 id="changelog-heading" className="text-lg font-semibold">
          Changes since the previous release
        </h2>
        <Entries title="Added" entries={release.changelog.added} testId="changelog-added" />
        <Entries title="Corrected" entries={release.changelog.corrected} testId="changelog-corrected" />
        <Entries title="Removed" entries={release.changelog.removed} testId="changelog-removed" />
        {release.changelog.outcomes ? (
          <div className="space-y-2" data-testid="changelog-outcomes">
            <h3 className="font-semibold">Outcomes</h3>
            <OutcomeEntries title="Added" entries={release.changelog.outcomes.added} testId="changelog-outcomes-added" />
            <OutcomeEntries title="Corrected" entries={release.changelog.outcomes.corrected} testId="changelog-outcomes-corrected" />
            <OutcomeEntries title="Removed" entries={release.changelog.outcomes.removed} testId="changelog-outcomes-removed" />
          </div>
        ) : null}
      </section>

      <section aria-labelledby="cite-heading" className="space-y-2" data-testid="citations">
        <h2 id="cite-heading" className="text-lg font-semibold">
          Cite this release
        </h2>
        <h3 className="font-semibold">APA</h3>
        <p className="rounded bg-gray-50 p-2 text-sm" data-testid="cite-apa">
          {cite.apa}
        </p>
        <h3 className="font-semibold">BibTeX</h3>
        <pre className="overflow-x-auto rounded bg-gray-50 p-2 text-xs" data-testid="cite-bibtex">
          {cite.bibtex}
        </pre>
        <h3 className="font-semibold">CSL-JSON</h3>
        <pre className="overflow-x-auto rounded bg-gray-50 p-2 text-xs" data-testid="cite-csl">
          {JSON.stringify(cite.cslJson, null, 2)}
        </pre>
      </section>
    </article>
  );
}
