import Link from 'next/link';
import { IgnoredParamsNote } from '@/components/ui/ignored-params-note';
import { db } from '@/lib/db';
import { listIndicators } from '@/lib/data/indicators';
import { deriveFrom, getQuestionView, getQuestionViews } from '@/lib/data/question-cache';
import { listLatestPollsFor, listQuestionFacets, searchQuestions } from '@/lib/data/question-list';
import { OVERVIEW_PAGE_SIZE, overviewDigest } from '@/lib/data/overview-fingerprint';
import { FINGERPRINT_META } from '@/lib/http/page-cache';
import { buildIndicatorCard, buildQuestionCard, filterIndicatorCards } from '@/lib/charts/overview';
import { DEFAULT_QUESTION_VIEW, trendOf } from '@/lib/charts/question-charts';
import { SearchCombobox } from '@/components/ui/search-combobox';
import { flattenSearchParams, parseLenient, ZOverviewInput } from '@/lib/schemas/views';
import { formatDate, formatNumber, formatPercent, formatPoints, formatSampleSize } from '@/lib/format/display';
import { Sparkline } from '@/components/charts/sparkline';
import { Table } from '@/components/ui/table';
import { getReleaseSummary, overviewAtRelease } from '@/lib/data/releases';
import { ReleaseBanner } from '@/components/releases/release-status';

// Always render from the current database: editors' corrections must show at once.
export const dynamic = 'force-dynamic';

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

function unique(values: (string | null)[]): string[] {
  return [...new Set(values.flatMap((v) => (v ? v.split(/,\s*/) : [])))].sort();
}

export default async function OverviewPage({ searchParams }: Props) {
  const rawQuery = flattenSearchParams(await searchParams);
  const { value: input, ignored: ignoredInput } = parseLenient(ZOverviewInput, rawQuery);
  const { page: wanted, ...filter } = input;
  // ?release=…: the overview as of a published release, rebuilt from its frozen dumps.
  const release = rawQuery.release ? await getReleaseSummary(rawQuery.release) : null;
  const frozen = release
    ? await overviewAtRelease(release.version, filter, { page: wanted, pageSize: OVERVIEW_PAGE_SIZE, latest: 10 }, (slug) => getQuestionView(slug))
    : null;
  const ignored = rawQuery.release && !frozen ? [...ignoredInput, 'release'] : ignoredInput;
  // Filtering, counting and paging happen in the database; only the visible page's questions are
  // loaded (from the question cache) and drawn.
  const [liveResult, latestPolls, indicators, facets, anyQuestion, pollster, seedStory] = await Promise.all([
    frozen ? null : searchQuestions(filter, { page: wanted, pageSize: OVERVIEW_PAGE_SIZE }),
    frozen ? frozen.latestPolls : listLatestPollsFor(filter, 10),
    frozen ? frozen.indicators : listIndicators(),
    listQuestionFacets(),
    db.question.findFirst({ select: { id: true } }),
    filter.pollster ? db.pollster.findUnique({ where: { slug: filter.pollster }, select: { name: true } }) : null,
    db.question.findUnique({ where: { slug: 'kuril-transfer' }, select: { id: true } }),
  ]);
  const views = frozen ? frozen.questions.rows : await getQuestionViews((liveResult?.rows ?? []).map((r) => r.slug));
  const cards = views.map((q) => deriveFrom(q, 'card', () => buildQuestionCard(q, () => trendOf(q, DEFAULT_QUESTION_VIEW))));
  const allIndicatorCards = indicators.map(buildIndicatorCard);
  const indicatorCards = filterIndicatorCards(allIndicatorCards, filter);
  const polls = latestPolls;
  const topics = unique([...facets.topics, ...allIndicatorCards.map((c) => c.topic)]);
  const countries = unique([...facets.countries, ...allIndicatorCards.map((c) => c.country)]);
  const filtered = Boolean(filter.q || filter.topic || filter.country || filter.pollster);
  const { page, pages, total } = frozen ? frozen.questions : (liveResult ?? { page: 1, pages: 1, total: 0 });
  // Links from a release's overview stay in that release.
  const rel = release && frozen ? `?release=${release.version}` : '';
  const pageHref = (p: number) =>
    `/?${new URLSearchParams(Object.entries({ ...filter, page: String(p), release: release && frozen ? release.version : undefined }).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '')).toString()}`;
  return (
    <div className="space-y-10">
      {/* The data this render shows, for the page cache to check the cached page against after a write (lib/http/page-cache.ts). */}
      {liveResult && !frozen ? <meta name={FINGERPRINT_META} content={overviewDigest(liveResult, latestPolls, facets, views)} /> : null}
      <IgnoredParamsNote ignored={ignored} raw={rawQuery} />
      {release && frozen ? <ReleaseBanner release={release} currentHref="/" changes={frozen.changes} /> : null}
      {seedStory && indicators.some((i) => i.slug === 'russia-japan-trade') ? (
        <aside className="rounded-lg border border-blue-200 bg-blue-50 p-3 text-sm" data-testid="seed-story-link">
          <p>
            <strong>The story behind the demo:</strong> in November 2018, 74% of Russians told the Levada Center they were against handing Kuril islands to
            Japan for a peace treaty, while trade stood at about US$18bn against a US$30bn target.{' '}
            <Link href="/compare?question=kuril-transfer&indicator=russia-japan-trade" className="text-blue-900 underline">
              See the poll, every wording and the trade target in one view
            </Link>
            .
          </p>
        </aside>
      ) : null}
      <form
        method="get"
        action="/"
        role="search"
        className="flex flex-wrap items-end gap-3 rounded-lg border border-gray-200 bg-white p-3 text-sm"
        data-testid="overview-filters"
      >
        <label className="flex min-w-0 flex-col">
          <span className="text-gray-700">Search</span>
          {release && frozen ? <input type="hidden" name="release" value={release.version} /> : null}
          <input type="search" name="q" defaultValue={filter.q ?? ''} placeholder="e.g. Kuril" className="w-44 rounded border border-gray-400 px-2 py-1" />
        </label>
        <label className="flex flex-col">
          <span className="text-gray-700">Topic</span>
          <select name="topic" defaultValue={filter.topic ?? ''} className="rounded border border-gray-400 bg-white px-2 py-1">
            <option value="">All topics</option>
            {topics.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          <span className="text-gray-700">Country</span>
          <select name="country" defaultValue={filter.country ?? ''} className="rounded border border-gray-400 bg-white px-2 py-1">
            <option value="">All countries</option>
            {countries.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <SearchCombobox
          id="overview-pollster"
          label="Pollster"
          name="pollster"
          endpoint="/api/search?kind=pollster"
          defaultValue={filter.pollster ?? ''}
          defaultLabel={pollster?.name ?? ''}
          fixedItems={[{ value: '', label: 'All pollsters' }]}
          placeholder="All pollsters"
          className="w-48"
        />
        <button type="submit" className="rounded bg-gray-900 px-3 py-1.5 text-white">
          Filter
        </button>
        {filtered ? (
          <Link href="/" className="pb-1 text-blue-900 underline">
            Clear filters
          </Link>
        ) : null}
      </form>

      <section aria-labelledby="questions-heading" className="space-y-4">
        <h1 id="questions-heading" className="text-2xl font-semibold">
          Tracked questions
        </h1>
        {anyQuestion === null ? (
          <p className="text-gray-700">No questions yet. An editor can add one in the admin area.</p>
        ) : cards.length === 0 ? (
          <p className="text-gray-700" data-testid="no-matches">
            No questions match these filters.
          </p>
        ) : (
          <>
            <p className="text-sm text-gray-700" data-testid="question-count">
              {total.toLocaleString('en')} question{total === 1 ? '' : 's'}
              {filtered ? ' match these filters' : ''}
              {pages > 1 ? `; page ${page} of ${pages}` : ''}.
            </p>
            <ul className="grid gap-4 sm:grid-cols-2" data-testid="question-cards">
              {cards.map((q) => (
                <li key={q.slug} className="min-w-0 rounded-lg border border-gray-200 bg-white p-4 shadow-sm" data-testid="question-card" data-slug={q.slug}>
                  <h2 className="text-lg font-medium">
                    <Link href={`/questions/${q.slug}${rel}`} className="text-blue-900 underline-offset-2 hover:underline">
                      {q.title}
                    </Link>
                  </h2>
                  <p className="text-xs text-gray-600">
                    {q.population ?? 'Population not stated'} · {q.pollCount} {q.pollCount === 1 ? 'poll' : 'polls'}
                    {q.lastFieldDate ? ` · last fieldwork ${q.lastFieldDate}` : ''}
                  </p>
                  {q.latest ? (
                    <div className="mt-2 space-y-2 text-sm">
                      <p className="text-gray-700" data-testid="card-latest">
                        Latest: {q.latest.pollster}, {q.latest.fieldDates} (n = {formatSampleSize(q.latest.sampleSize)})
                        <span className="block text-xs text-gray-600">
                          Wording: <q>{q.latest.wording}</q>
                        </span>
                      </p>
                      <ul className="flex flex-wrap gap-x-4 gap-y-1">
                        {q.latest.bars.map((b) => (
                          <li key={b.key}>
                            {b.label} <strong>{formatPercent(b.percent)}</strong>
                            {b.interval ? (
                              <span className="text-xs text-gray-600">
                                {' '}
                                ({formatPoints(b.interval.low)}–{formatPoints(b.interval.high)})
                              </span>
                            ) : null}
                          </li>
                        ))}
                      </ul>
                      {q.latest.bars.some((b) => b.interval) ? (
                        <p className="text-xs text-gray-600">In brackets: 95% interval.</p>
                      ) : (
                        <p className="text-xs text-gray-600">No interval: sample size not disclosed.</p>
                      )}
                      {q.sparkline ? (
                        <div className="flex items-center gap-3">
                          <Sparkline data={q.sparkline} />
                          <span className="text-xs text-gray-700">
                            {q.sparkline.olderWording
                              ? `Trend of “${q.sparkline.option.label}” for an earlier wording (last polled ${q.sparkline.olderWording.lastPoll}): ${q.sparkline.last.toFixed(1)}%`
                              : `Trend of “${q.sparkline.option.label}”, same wording: ${q.sparkline.last.toFixed(1)}%`}
                          </span>
                        </div>
                      ) : null}
                    </div>
                  ) : (
                    <p className="mt-2 text-sm text-gray-600">No polls yet for this question.</p>
                  )}
                </li>
              ))}
            </ul>
            {pages > 1 ? (
              <nav aria-label="Pages of questions" className="flex gap-4 text-sm">
                {page > 1 ? (
                  <Link href={pageHref(page - 1)} className="text-blue-900 underline">
                    ← Previous
                  </Link>
                ) : null}
                {page < pages ? (
                  <Link href={pageHref(page + 1)} className="text-blue-900 underline">
                    Next →
                  </Link>
                ) : null}
              </nav>
            ) : null}
          </>
        )}
      </section>

      <section aria-labelledby="latest-polls-heading" className="min-w-0 space-y-3">
        <h2 id="latest-polls-heading" className="text-xl font-semibold">
          Latest polls
        </h2>
        {polls.length === 0 ? (
          <p className="text-gray-700">No polls match these filters.</p>
        ) : (
          <div className="overflow-x-auto">
            <Table
              variant="data"
              density="roomy"
              className="min-w-[32rem]"
              testId="latest-polls"
              rows={polls}
              rowKey={(p) => `${p.pollId}-${p.questionSlug}`}
              columns={[
                {
                  header: 'Pollster',
                  cell: (p) => (
                    <Link href={`/pollsters/${p.pollsterSlug}${rel}`} className="text-blue-900 underline">
                      {p.pollster}
                    </Link>
                  ),
                },
                {
                  header: 'Question',
                  cell: (p) => (
                    <Link href={`/questions/${p.questionSlug}${rel}`} className="text-blue-900 underline">
                      {p.questionTitle}
                    </Link>
                  ),
                },
                {
                  header: 'Field end',
                  cell: (p) => (
                    <Link href={`/polls/${p.pollId}${rel}`} className="text-blue-900 underline">
                      {formatDate(p.fieldEnd, p.datePrecision)}
                    </Link>
                  ),
                },
                { header: 'n', numeric: true, cell: (p) => formatSampleSize(p.sampleSize) },
              ]}
            />
          </div>
        )}
      </section>

      <section aria-labelledby="indicators-heading" className="space-y-3">
        <h2 id="indicators-heading" className="text-xl font-semibold">
          Indicators
        </h2>
        {indicatorCards.length === 0 ? (
          <p className="text-gray-700">No indicators match these filters.</p>
        ) : (
          <ul className="grid gap-4 sm:grid-cols-2" data-testid="indicator-cards">
            {indicatorCards.map((s) => (
              <li key={s.slug} className="min-w-0 rounded-lg border border-gray-200 bg-white p-4 shadow-sm">
                <h3 className="font-medium">
                  <Link href={`/indicators/${s.slug}${rel}`} className="text-blue-900 underline-offset-2 hover:underline">
                    {s.name}
                  </Link>
                </h3>
                {s.latest ? (
                  <p className="text-sm">
                    Latest actual, {s.latest.period}: <strong>{formatNumber(s.latest.value)}</strong> {s.unit}
                  </p>
                ) : (
                  <p className="text-sm text-gray-600">No observations yet.</p>
                )}
                {s.target && s.gap !== null ? (
                  <p className="text-sm text-gray-700">
                    Target {formatNumber(s.target.value)} {s.unit}: gap {formatNumber(s.gap)} {s.unit}
                  </p>
                ) : (
                  <p className="text-sm text-gray-600">No target recorded.</p>
                )}
                {s.source ? <p className="mt-1 text-xs text-gray-600">Source: {s.source}</p> : null}
              </li>
            ))}
          </ul>
        )}
        <p className="text-sm">
          <Link href="/compare" className="text-blue-900 underline">
            Compare a question with an indicator on one time axis
          </Link>
        </p>
      </section>
    </div>
  );
}
