import type { Metadata } from 'next';
import Link from 'next/link';
import { chartExportLinks } from '@/lib/charts/export-links';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { getPollById as loadPoll } from '@/lib/data/polls';
import { buildPollDetail } from '@/lib/charts/poll-detail';
import { describeDesignEffect } from '@/lib/charts/precision';
import { DistributionChart } from '@/components/charts/distribution-chart';
import { DistributionTable } from '@/components/charts/distribution-table';
import { ChartFigure } from '@/components/charts/chart-figure';
import { Crosstabs } from '@/components/polls/crosstabs';
import { WordingLanguages } from '@/components/polls/wording-languages';
import { getReleaseSummary, pollAtRelease } from '@/lib/data/releases';
import { ReleaseBanner } from '@/components/releases/release-status';
import type { PollChange } from '@/lib/releases/snapshot';
import { formatDate, formatNumber, formatSampleSize } from '@/lib/format/display';

export const dynamic = 'force-dynamic';

// generateMetadata and the page ask for the same poll: one query per request.
const getPollById = cache((id: number) => loadPoll(id));

interface Props {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

const pollContent = (p: NonNullable<Awaited<ReturnType<typeof loadPoll>>>) =>
  JSON.stringify([
    p.sampleSize,
    p.fieldStart?.slice(0, 10),
    p.fieldEnd?.slice(0, 10),
    p.questions.map((q) => [q.wording, q.results.map((r) => [r.optionKey, r.percent])]),
  ]);

/** The poll as frozen vs now: one "corrected" or "removed" line, or nothing. */
function pollChanges(frozen: NonNullable<Awaited<ReturnType<typeof loadPoll>>>, live: Awaited<ReturnType<typeof loadPoll>>): PollChange[] {
  const base = { pollId: frozen.id, pollster: frozen.pollster.name, fieldEnd: frozen.fieldEnd };
  if (!live) return [{ ...base, kind: 'removed' }];
  return pollContent(frozen) === pollContent(live) ? [] : [{ ...base, kind: 'corrected' }];
}

function parseId(raw: string): number | null {
  return /^\d{1,9}$/.test(raw) ? Number(raw) : null;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const id = parseId((await params).id);
  const poll = id === null ? null : await getPollById(id);
  return { title: poll ? `${poll.pollster.name} poll` : 'Poll not found' };
}

export default async function PollPage({ params, searchParams }: Props) {
  const id = parseId((await params).id);
  const rawRelease = (await searchParams).release;
  // ?release=…: the poll as frozen in a published release (its corrections notes are not frozen).
  const release = typeof rawRelease === 'string' && rawRelease ? await getReleaseSummary(rawRelease) : null;
  const live = id === null ? null : await getPollById(id);
  const poll = release && id !== null ? await pollAtRelease(release.version, id) : live;
  if (!poll) notFound();
  const detail = buildPollDetail(poll);
  const { precision } = detail;
  return (
    <article className="space-y-8">
      <header className="space-y-1">
        <p className="text-xs uppercase tracking-wide text-gray-600">Poll #{poll.id}</p>
        <h1 className="text-2xl font-semibold">
          <Link href={`/pollsters/${poll.pollster.slug}`} className="text-blue-900 underline-offset-2 hover:underline">
            {poll.pollster.name}
          </Link>
          , {detail.fieldDates}
        </h1>
        <p className="text-sm text-gray-700" data-testid="poll-precision">
          n = {formatSampleSize(precision.sampleSize)}
          {precision.designEffect ? ` · ${describeDesignEffect(precision.designEffect)}` : ''}
          {precision.effectiveSampleSize !== null
            ? ` · effective n ≈ ${formatNumber(precision.effectiveSampleSize, 0)}`
            : ' · no intervals: the sample size was not disclosed'}
        </p>
        <p className="text-sm">
          <Link href={`/api/v1/polls/${poll.id}`} prefetch={false} className="text-blue-900 underline">
            This poll as JSON
          </Link>
        </p>
      </header>

      {release ? <ReleaseBanner release={release} currentHref={`/polls/${poll.id}`} changes={pollChanges(poll, live)} /> : null}

      {detail.impossibleMoe ? (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm" data-testid="impossible-moe">
          The reported margin of error (±{detail.impossibleMoe.reportedMoe} points) is smaller than a simple random sample of{' '}
          {formatSampleSize(precision.sampleSize)} could achieve (±{detail.impossibleMoe.srsMoe.toFixed(2)} points). Treat the stated precision with caution.{' '}
          <Link href="/methodology#impossible-moe" className="underline">
            Why?
          </Link>
        </p>
      ) : null}

      {detail.questions.map((q, i) => (
        <section key={q.questionSlug + q.wording} aria-label={q.questionTitle} className="min-w-0 space-y-4 rounded-lg border border-gray-200 bg-white p-4">
          <h2 className="text-lg font-semibold">
            <Link href={`/questions/${q.questionSlug}`} className="text-blue-900 underline-offset-2 hover:underline">
              {q.questionTitle}
            </Link>
          </h2>
          <p className="text-sm text-gray-700">
            Wording as asked: <q lang={poll.questions[i]?.wordingLanguage ?? undefined}>{q.wording}</q>
          </p>
          <WordingLanguages
            wording={q.wording}
            wordingLanguage={poll.questions[i]?.wordingLanguage ?? null}
            askedLanguage={poll.questions[i]?.askedLanguage ?? null}
            texts={poll.questions[i]?.texts ?? []}
          />
          <ChartFigure
            data={q.distribution}
            testId="poll-results"
            tableOpen
            exportLinks={chartExportLinks(q.distribution, {
              chartId: `chart-poll-${i}`,
              fileBase: `poll-${poll.id}-${q.questionSlug}`,
              dataPath: `/api/v1/polls/${poll.id}/results`,
              embedPath: `/embed/polls/${poll.id}`,
            })}
            chart={<DistributionChart data={q.distribution} />}
            table={<DistributionTable data={q.distribution} />}
          />
          <div className="text-sm" data-testid="lead">
            {q.lead ? (
              <p>
                Lead: {q.lead.leader.label} over {q.lead.runnerUp.label} by <strong>{q.lead.lead.toFixed(1)} points</strong>
                {q.lead.moe !== null && q.lead.interval ? (
                  <>
                    {' '}
                    ± {q.lead.moe.toFixed(1)} (95% interval {q.lead.interval[0].toFixed(1)} to {q.lead.interval[1].toFixed(1)}):{' '}
                    {q.lead.significant ? 'larger than the margin of error.' : 'within the margin of error.'}
                  </>
                ) : (
                  ': margin of error not computable (n not disclosed).'
                )}{' '}
                <Link href="/methodology#lead" className="text-blue-900 underline">
                  How is this computed?
                </Link>
              </p>
            ) : (
              <p>No lead: fewer than two substantive answers were published.</p>
            )}
          </div>
          <div className="space-y-2">
            <h3 className="font-semibold">Subgroups (crosstabs)</h3>
            <Crosstabs data={q.crosstabs} />
          </div>
        </section>
      ))}

      <section aria-labelledby="disclosure-heading" className="min-w-0 space-y-2">
        <h2 id="disclosure-heading" className="text-lg font-semibold">
          Disclosure checklist ({detail.disclosedCount} of {detail.disclosure.length} disclosed)
        </h2>
        <ul className="divide-y rounded-lg border border-gray-200 bg-white text-sm" data-testid="disclosure-checklist">
          {detail.disclosure.map((d) => (
            <li key={d.key} className="grid grid-cols-[1.5rem_9rem_1fr] gap-2 p-2" data-item={d.key} data-disclosed={d.value !== null}>
              <span aria-hidden>{d.value !== null ? '✓' : '✗'}</span>
              <span className="font-medium">{d.label}</span>
              <span className={`min-w-0 break-words ${d.value === null ? 'text-gray-600 italic' : ''}`}>{d.value ?? 'not disclosed'}</span>
            </li>
          ))}
        </ul>
        <p className="text-sm" data-testid="poll-disclosure-score">
          AAPOR disclosure score: <strong>{detail.disclosureScore.score.toFixed(1)}</strong> ({detail.disclosureScore.disclosed} of{' '}
          {detail.disclosureScore.total} items: {detail.disclosureScore.items.map((i) => `${i.label} ${i.disclosed ? '✓' : '✗'}`).join(', ')}).{' '}
          <Link href="/methodology#disclosure-score" className="text-blue-900 underline">
            How is this scored?
          </Link>
        </p>
        <p className="text-xs text-gray-600">
          Published {formatDate(poll.publishedAt, poll.publishedPrecision)}.{poll.notes ? ` Notes: ${poll.notes}` : ''}
        </p>
      </section>

      <section aria-labelledby="sources-heading" className="min-w-0 space-y-2">
        <h2 id="sources-heading" className="text-lg font-semibold">
          Sources
        </h2>
        {poll.sourceUrls.length === 0 ? (
          <p className="text-sm text-gray-700">No source link recorded.</p>
        ) : (
          <ul className="list-disc space-y-1 pl-5 text-sm" data-testid="poll-sources">
            {poll.sourceUrls.map((u) => (
              <li key={u} className="break-all">
                <a href={u} className="text-blue-900 underline" rel="noopener noreferrer">
                  {u}
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="corrections-heading" className="space-y-2">
        <h2 id="corrections-heading" className="text-lg font-semibold">
          Corrections
        </h2>
        {detail.corrections.length === 0 ? (
          <p className="text-sm text-gray-700">No corrections to this poll.</p>
        ) : (
          <ul className="space-y-2 text-sm" data-testid="corrections">
            {detail.corrections.map((c) => (
              <li key={c.id} className="rounded border border-gray-200 bg-white p-2">
                <p className="text-xs text-gray-600">{formatDate(c.createdAt)}</p>
                <p>{c.note}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
