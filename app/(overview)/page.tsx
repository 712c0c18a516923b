import Link from 'next/link';
import { listIndicators } from '@/lib/data/indicators';
import { listLatestPolls, listQuestionSummaries } from '@/lib/data/questions';
import { summariseIndicator } from '@/lib/charts/indicator-summary';
import { formatDate, formatNumber, formatPercent, formatSampleSize } from '@/lib/format';

export const dynamic = 'force-dynamic';

export default async function OverviewPage() {
  const [questions, latestPolls, indicators] = await Promise.all([listQuestionSummaries(), listLatestPolls(8), listIndicators()]);
  const summaries = indicators.map(summariseIndicator);
  return (
    <div className="space-y-10">
      <section aria-labelledby="questions-heading" className="space-y-4">
        <h1 id="questions-heading" className="text-2xl font-semibold">
          Tracked questions
        </h1>
        {questions.length === 0 ? (
          <p className="text-gray-700">No questions yet. An editor can add one in the admin area.</p>
        ) : (
          <ul className="grid gap-4 sm:grid-cols-2" data-testid="question-cards">
            {questions.map((q) => (
              <li key={q.slug} className="rounded-lg border border-gray-200 bg-white p-4 shadow-sm">
                <h2 className="text-lg font-medium">
                  <Link href={`/questions/${q.slug}`} className="text-blue-900 underline-offset-2 hover:underline">
                    {q.title}
                  </Link>
                </h2>
                <p className="text-xs text-gray-600">
                  {q.population ?? 'Population not stated'} · {q.pollCount} {q.pollCount === 1 ? 'poll' : 'polls'}
                </p>
                {q.latest ? (
                  <div className="mt-2 text-sm">
                    <p className="text-gray-700">
                      Latest: {q.latest.pollster.name}, {formatDate(q.latest.fieldEnd, q.latest.datePrecision)}
                    </p>
                    <p className="mt-1 flex flex-wrap gap-x-3">
                      {q.latest.results.map((r) => (
                        <span key={r.optionKey}>
                          {r.optionLabel} <strong>{formatPercent(r.percent)}</strong>
                        </span>
                      ))}
                    </p>
                  </div>
                ) : (
                  <p className="mt-2 text-sm text-gray-600">No polls yet for this question.</p>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="latest-polls-heading" className="space-y-3">
        <h2 id="latest-polls-heading" className="text-xl font-semibold">
          Latest polls
        </h2>
        <div className="overflow-x-auto">
          <table className="w-full min-w-[32rem] border-collapse bg-white text-sm">
            <thead>
              <tr className="border-b text-left text-gray-700">
                <th scope="col" className="p-2">Pollster</th>
                <th scope="col" className="p-2">Question</th>
                <th scope="col" className="p-2">Field end</th>
                <th scope="col" className="p-2 text-right">n</th>
              </tr>
            </thead>
            <tbody>
              {latestPolls.map((p) => (
                <tr key={`${p.pollId}-${p.questionSlug}`} className="border-b last:border-0">
                  <td className="p-2">{p.pollster}</td>
                  <td className="p-2">
                    <Link href={`/questions/${p.questionSlug}`} className="text-blue-900 underline">
                      {p.questionTitle}
                    </Link>
                  </td>
                  <td className="p-2">{formatDate(p.fieldEnd, p.datePrecision)}</td>
                  <td className="p-2 text-right">{formatSampleSize(p.sampleSize)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="indicators-heading" className="space-y-3">
        <h2 id="indicators-heading" className="text-xl font-semibold">
          Indicators
        </h2>
        <ul className="grid gap-4 sm:grid-cols-2" data-testid="indicator-cards">
          {summaries.map((s) => (
            <li key={s.slug} className="rounded-lg border border-gray-200 bg-white p-4 shadow-sm">
              <h3 className="font-medium">{s.name}</h3>
              {s.latest ? (
                <p className="text-sm">
                  {s.latest.period}: <strong>{formatNumber(s.latest.value)}</strong> {s.unit}
                  {s.latest.kind !== 'actual' ? ` (${s.latest.kind})` : ''}
                </p>
              ) : (
                <p className="text-sm text-gray-600">No observations yet.</p>
              )}
              {s.target && s.gapToTarget !== null ? (
                <p className="text-sm text-gray-700">
                  Target {formatNumber(s.target.value)} {s.unit}: gap {formatNumber(s.gapToTarget)} {s.unit}
                </p>
              ) : null}
              {s.source ? <p className="mt-1 text-xs text-gray-600">Source: {s.source}</p> : null}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
