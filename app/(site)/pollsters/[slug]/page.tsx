import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { getPollsterBySlug as loadPollster } from '@/lib/data/polls';
import { getQuestionView } from '@/lib/data/question-cache';
import { buildPollsterRecord } from '@/lib/charts/pollster';
import { buildHouseEffectsChart } from '@/lib/charts/house-effects';
import { HouseEffectsChart } from '@/components/charts/house-effects-chart';
import { HouseEffectsTable } from '@/components/charts/house-effects-table';
import { ChartFigure } from '@/components/charts/chart-figure';
import { chartExportLinks } from '@/lib/charts/export-links';
import { formatFieldDates, formatSampleSize } from '@/lib/format';

export const dynamic = 'force-dynamic';

// generateMetadata and the page ask for the same pollster: one query per request.
const getPollsterBySlug = cache((slug: string) => loadPollster(slug));

/** Rows and charts shown; the disclosure record counts every poll. */
const HOUSE_EFFECT_QUESTIONS = 10;
const QUESTION_ROWS = 50;
const POLL_ROWS = 500;

interface Props {
  params: Promise<{ slug: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const p = await getPollsterBySlug((await params).slug);
  return { title: p?.name ?? 'Pollster not found' };
}

const ORIGIN_TEXT: Record<string, string> = {
  reported: 'design effect reported',
  'derived-from-moe': 'design effect derived from the stated MoE',
  assumed: 'design effect assumed (1)',
  'n not disclosed': 'n not disclosed (no interval)',
};

export default async function PollsterPage({ params }: Props) {
  const pollster = await getPollsterBySlug((await params).slug);
  if (!pollster) notFound();
  const record = buildPollsterRecord(pollster);
  // House effects for the questions it polled most: a pollster of a large site has asked hundreds.
  const questions = (await Promise.all(record.questions.slice(0, HOUSE_EFFECT_QUESTIONS).map((q) => getQuestionView(q.slug)))).filter((q) => q !== null);
  const shownPolls = pollster.polls.slice(0, POLL_ROWS);
  const house = questions.map((q) => ({ question: q, chart: buildHouseEffectsChart(q, {}) }));
  return (
    <article className="space-y-8">
      <header className="space-y-1">
        <p className="text-xs uppercase tracking-wide text-gray-600">Pollster{pollster.country ? ` · ${pollster.country}` : ''}</p>
        <h1 className="text-2xl font-semibold">{pollster.name}</h1>
        {pollster.notes ? <p className="text-gray-700">{pollster.notes}</p> : null}
        {pollster.website ? (
          <p className="text-sm">
            <a href={pollster.website} className="text-blue-900 underline" rel="noopener noreferrer">
              {pollster.website}
            </a>
          </p>
        ) : null}
        <p className="text-sm text-gray-700">
          AAPOR Transparency Initiative: {pollster.aaporMember === null ? 'not known' : pollster.aaporMember ? 'member' : 'not a member'} · ESOMAR:{' '}
          {pollster.esomarMember === null ? 'not known' : pollster.esomarMember ? 'member' : 'not a member'}
        </p>
      </header>

      <section aria-labelledby="record-heading" className="min-w-0 space-y-2">
        <h2 id="record-heading" className="text-lg font-semibold">
          Disclosure record ({record.pollCount} {record.pollCount === 1 ? 'poll' : 'polls'})
        </h2>
        <div className="overflow-x-auto">
          <table className="w-full min-w-[24rem] border-collapse bg-white text-sm" data-testid="disclosure-record">
            <thead>
              <tr className="border-b text-left text-gray-700">
                <th scope="col" className="p-2">Item</th>
                <th scope="col" className="p-2 text-right">Polls disclosing it</th>
                <th scope="col" className="p-2 text-right">Share</th>
              </tr>
            </thead>
            <tbody>
              {record.rates.map((r) => (
                <tr key={r.key} className="border-b last:border-0" data-item={r.key}>
                  <th scope="row" className="p-2 text-left font-normal">{r.label}</th>
                  <td className="p-2 text-right">
                    {r.disclosed} of {r.total}
                  </td>
                  <td className="p-2 text-right" data-testid={`rate-${r.key}`}>{r.share.toFixed(0)}%</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="text-xs text-gray-600">
          Precision basis:{' '}
          {Object.entries(record.designEffectOrigins)
            .filter(([, n]) => n > 0)
            .map(([k, n]) => `${n} × ${ORIGIN_TEXT[k] ?? k}`)
            .join('; ')}
          .
        </p>
      </section>

      <section aria-labelledby="questions-heading" className="space-y-2">
        <h2 id="questions-heading" className="text-lg font-semibold">
          Questions
        </h2>
        <ul className="list-disc pl-5 text-sm">
          {record.questions.slice(0, QUESTION_ROWS).map((q) => (
            <li key={q.slug}>
              <Link href={`/questions/${q.slug}?pollster=${pollster.slug}`} className="text-blue-900 underline">
                {q.title}
              </Link>{' '}
              ({q.polls} {q.polls === 1 ? 'poll' : 'polls'})
            </li>
          ))}
        </ul>
        {record.questions.length > QUESTION_ROWS ? (
          <p className="text-sm text-gray-700">…and {record.questions.length - QUESTION_ROWS} more questions with fewer polls.</p>
        ) : null}
      </section>

      <section aria-labelledby="house-heading" className="min-w-0 space-y-4">
        <h2 id="house-heading" className="text-lg font-semibold">
          House effects
        </h2>
        {record.questions.length > HOUSE_EFFECT_QUESTIONS ? (
          <p className="text-sm text-gray-700">For the {HOUSE_EFFECT_QUESTIONS} questions with the most polls from this pollster; each question’s page has the rest.</p>
        ) : null}
        {house.map(({ question, chart }) =>
          chart.notShownReason ? (
            <p key={question.slug} className="text-sm text-gray-700" data-testid="house-effects-reason">
              <Link href={`/questions/${question.slug}`} className="text-blue-900 underline">
                {question.title}
              </Link>
              : not shown. {chart.notShownReason}
            </p>
          ) : (
            <ChartFigure
              key={question.slug}
              data={chart}
              exportLinks={chartExportLinks(chart, {
                chartId: `chart-house-${question.slug}`,
                fileBase: `${question.slug}-house-effects`,
                dataPath: `/api/v1/questions/${question.slug}/house-effects`,
                embedPath: `/embed/questions/${question.slug}/house-effects`,
              })}
              chart={<HouseEffectsChart data={chart} />} table={<HouseEffectsTable data={chart} />} />
          ),
        )}
      </section>

      <section aria-labelledby="polls-heading" className="min-w-0 space-y-2">
        <h2 id="polls-heading" className="text-lg font-semibold">
          Polls
        </h2>
        {pollster.polls.length === 0 ? (
          <p className="text-gray-700">No polls yet from this pollster.</p>
        ) : (
          <div className="max-h-[32rem] overflow-auto">
            <table className="w-full min-w-[32rem] border-collapse bg-white text-sm" data-testid="pollster-polls">
              <thead>
                <tr className="border-b text-left text-gray-700">
                  <th scope="col" className="p-2">Fieldwork</th>
                  <th scope="col" className="p-2">Question</th>
                  <th scope="col" className="p-2 text-right">n</th>
                  <th scope="col" className="p-2">Mode</th>
                </tr>
              </thead>
              <tbody>
                {shownPolls.map((p) => (
                  <tr key={p.id} className="border-b last:border-0">
                    <td className="p-2 whitespace-nowrap">
                      <Link href={`/polls/${p.id}`} className="text-blue-900 underline">
                        {formatFieldDates(p.fieldStart, p.fieldEnd, p.datePrecision)}
                      </Link>
                    </td>
                    <td className="p-2">{p.questions.map((q) => q.question.title).join('; ')}</td>
                    <td className="p-2 text-right">{formatSampleSize(p.sampleSize)}</td>
                    <td className="p-2">{p.mode ?? 'not disclosed'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {pollster.polls.length > POLL_ROWS ? (
          <p className="text-sm text-gray-700">
            The newest {POLL_ROWS} of {pollster.polls.length} polls;{' '}
            <a href={`/api/v1/polls?pollster=${pollster.slug}`} className="text-blue-900 underline">
              all of them through the API
            </a>{' '}
            or the full export.
          </p>
        ) : null}
      </section>
    </article>
  );
}
