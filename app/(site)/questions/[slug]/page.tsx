import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { getQuestionView, pageDigest } from '@/lib/data/question-cache';
import { FINGERPRINT_META } from '@/lib/http/page-cache';
import { describeDesignEffect } from '@/lib/charts/distribution';
import { questionPageCharts } from '@/lib/charts/question-charts';
import { DEFAULT_TREND_METHOD, flattenSearchParams, parseLenient, ZQuestionViewInput } from '@/lib/schemas/views';
import { DistributionChart } from '@/components/charts/distribution-chart';
import { DistributionTable } from '@/components/charts/distribution-table';
import { TrendChart } from '@/components/charts/trend-chart';
import { TrendTable } from '@/components/charts/trend-table';
import { HouseEffectsChart } from '@/components/charts/house-effects-chart';
import { HouseEffectsTable } from '@/components/charts/house-effects-table';
import { MarkerGlyph } from '@/components/charts/marker-glyph';
import { IgnoredParamsNote } from '@/components/ui/ignored-params-note';
import { ChartFigure } from '@/components/charts/chart-figure';
import { TrendControls } from '@/components/questions/trend-controls';
import { WavesTable } from '@/components/questions/waves-table';
import { QuestionPollsTable } from '@/components/polls/question-polls-table';
import { WordingLanguages } from '@/components/polls/wording-languages';
import { SourceLine } from '@/components/ui/source-line';
import { ExportMenu } from '@/components/charts/export-menu';
import { chartExportLinks } from '@/lib/charts/export-links';
import { formatNumber, formatSampleSize } from '@/lib/format/display';
import { getReleaseSummary, latestReleaseSummary, questionAtRelease } from '@/lib/data/releases';
import { questionChanges } from '@/lib/releases/snapshot';
import { atRelease } from '@/lib/charts/release';
import { ReleaseBanner, ReleaseStatus } from '@/components/releases/release-status';

// Always render from the current database: editors' corrections must show at once.
export const dynamic = 'force-dynamic';

// generateMetadata and the page ask for the same question: one query per request.
const getQuestionOnce = cache((slug: string) => getQuestionView(slug));

interface Props {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const question = await getQuestionOnce(slug);
  return { title: question?.title ?? 'Question not found' };
}

export default async function QuestionPage({ params, searchParams }: Props) {
  const [{ slug }, sp] = await Promise.all([params, searchParams]);
  const live = await getQuestionOnce(slug);
  const flat = flattenSearchParams(sp);
  // ?release=…: the page as of a published release, rebuilt from its frozen polls dump.
  const release = flat.release ? await getReleaseSummary(flat.release) : null;
  const frozen = release ? await questionAtRelease(release.version, slug, live) : null;
  const question = release ? frozen : live;
  if (!question) notFound();
  const { value: view, ignored: ignoredView } = parseLenient(ZQuestionViewInput, flat);
  const ignored = flat.release && !release ? [...ignoredView, 'release'] : ignoredView;
  const at = release?.version ?? null;
  // The current view says which release it matches, or what changed since the latest one.
  const latestRelease = release ? null : await latestReleaseSummary();
  const changes = release
    ? questionChanges(frozen, live)
    : latestRelease
      ? questionChanges(await questionAtRelease(latestRelease.version, slug, live), live)
      : [];
  // Memoised per question version and view, and warmed after a write (lib/charts/question-charts.ts).
  const charts = questionPageCharts(question, view);
  const distribution = charts.distribution;
  const chart = distribution ? atRelease(distribution, at) : null;
  const trend = atRelease(charts.trend, at);
  const waves = atRelease(charts.waves, at);
  const house = atRelease(charts.houseEffects, at);
  const main = trend.series[0];
  const originals = question.polls.filter((p) => (p.texts ?? []).length > 0);
  // One object for the chart and its table: React sends it to the browser once. The plot gets at
  // most a few hundred points per series; the table below keeps every poll.
  const { drawing, plotted } = charts;
  const api = `/api/v1/questions/${question.slug}`;
  const embed = `/embed/questions/${question.slug}`;
  const exportOf = (name: string, data: Parameters<typeof chartExportLinks>[0], image = true) =>
    chartExportLinks(data, {
      chartId: `chart-${name}`,
      fileBase: `${question.slug}-${name}`,
      dataPath: `${api}/${name}`,
      embedPath: image ? `${embed}/${name}` : null,
      image,
    });
  return (
    <article className="space-y-8">
      {/* The data this render shows, for the page cache to check the cached page against after a write (lib/http/page-cache.ts). */}
      {release ? null : <meta name={FINGERPRINT_META} content={pageDigest(question)} />}
      <header className="space-y-1">
        <p className="text-xs uppercase tracking-wide text-gray-600">{[question.topic, question.country].filter(Boolean).join(' · ')}</p>
        <h1 className="text-2xl font-semibold">{question.title}</h1>
        <p className="text-gray-700">{question.wording}</p>
        {question.notes ? <p className="text-sm text-gray-600">{question.notes}</p> : null}
        <p className="text-sm">
          <Link
            href={`/api/v1/questions/${question.slug}${view.method !== DEFAULT_TREND_METHOD ? `?method=${view.method}` : ''}`}
            className="text-blue-900 underline"
          >
            This question as JSON
          </Link>
        </p>
      </header>

      {release ? (
        <ReleaseBanner release={release} currentHref={`/questions/${question.slug}`} changes={changes} />
      ) : (
        <ReleaseStatus
          release={latestRelease}
          changes={changes}
          releaseHref={latestRelease ? `/questions/${question.slug}?release=${latestRelease.version}` : '/releases'}
        />
      )}

      <IgnoredParamsNote ignored={ignored} raw={flat} />

      <section aria-labelledby="latest-heading" className="min-w-0 space-y-3 rounded-lg border border-gray-200 bg-white p-4">
        <h2 id="latest-heading" className="text-lg font-semibold">
          Latest result
        </h2>
        {chart ? (
          <figure className="min-w-0 space-y-3">
            <figcaption className="space-y-1">
              <div className="flex flex-wrap items-start justify-between gap-2">
                <p className="font-medium">{chart.subtitle}</p>
                <ExportMenu links={exportOf('distribution', chart)} label="latest result chart" />
              </div>
              <p className="text-sm text-gray-700">
                Wording as asked: <q>{chart.wording}</q>
              </p>
              <p className="text-sm text-gray-700" data-testid="disclosure">
                n = {formatSampleSize(chart.sampleSize)}
                {chart.designEffect ? ` · ${describeDesignEffect(chart.designEffect)}` : ''}
                {chart.effectiveSampleSize !== null ? ` · effective n ≈ ${formatNumber(chart.effectiveSampleSize, 0)}` : ''}
              </p>
              <p className="sr-only">{chart.summary}</p>
            </figcaption>
            <div className="grid min-w-0 gap-4 md:grid-cols-[3fr_2fr]">
              <div id="chart-distribution" className="min-w-0">
                <DistributionChart data={chart} />
              </div>
              <div className="min-w-0 overflow-x-auto">
                <DistributionTable data={chart} />
              </div>
            </div>
            <p className="text-xs text-gray-600">
              Bars: shares as published. Whiskers: {Math.round(chart.level * 100)}% Wilson intervals on the effective sample size
              {chart.sampleSize === null ? ' (not drawn: the sample size was not disclosed)' : ''}.{' '}
              <Link href="/methodology#wilson" className="text-blue-900 underline">
                How is this computed?
              </Link>{' '}
              <Link href={`/polls/${chart.pollId}`} className="text-blue-900 underline">
                Full poll details
              </Link>
            </p>
            <SourceLine sources={chart.sources} />
          </figure>
        ) : (
          <p className="text-gray-700">No polls yet for this question.</p>
        )}
      </section>

      <section aria-labelledby="trend-heading" className="min-w-0 space-y-4 rounded-lg border border-gray-200 bg-white p-4">
        <h2 id="trend-heading" className="text-lg font-semibold">
          Trend
        </h2>
        {question.polls.length === 0 ? (
          <p className="text-gray-700">No polls yet for this question.</p>
        ) : (
          <>
            <TrendControls data={trend} />
            {main ? (
              <ChartFigure
                data={trend}
                testId="trend-figure"
                exportLinks={exportOf('trend', trend)}
                chart={<TrendChart data={plotted} />}
                table={<TrendTable data={drawing} optionLabel={trend.option.label} />}
                lazyTable
                notes={
                  <div className="space-y-1 text-xs text-gray-700">
                    <ul className="space-y-1" data-testid="trend-legend">
                      {trend.series.map((s) => (
                        <li key={s.wordingKey} className="flex items-start gap-2" data-testid="trend-series" data-wording={s.wordingKey}>
                          <span className="mt-0.5">
                            <MarkerGlyph shape={s.shape} colour={s.colour} />
                          </span>
                          <span>
                            {s.isMain ? 'Main wording' : 'Separate wording'} ({s.pollCount} {s.pollCount === 1 ? 'poll' : 'polls'}, {s.shape}s):{' '}
                            <q>{s.wording}</q>
                            {s.lineNote ? ` — ${s.lineNote}` : ''}
                            {s.downsampled ? ` — thinned to ${s.downsampled.line} line points for display` : ''}
                          </span>
                        </li>
                      ))}
                    </ul>
                    <p>
                      Different wordings are separate series and are never averaged together. Shaded bands: 50%, 80% and 95% intervals of the trend.{' '}
                      {trend.state.zoom ? 'The y axis is zoomed: differences look larger than on the full 0–100 scale.' : 'Full 0–100% scale.'}
                    </p>
                    {trend.bandNotes.map((n) => (
                      <p key={n} data-testid="band-note">
                        {n}
                      </p>
                    ))}
                    {trend.imputedCount > 0 ? (
                      <p data-testid="imputed-note">
                        {trend.imputedCount} {trend.imputedCount === 1 ? 'poll' : 'polls'} did not disclose n nor a margin of error: the trend uses an imputed n
                        (median of the pollster’s known n, else of the question’s, else 1,000), and no interval is drawn for them. A poll that states only its
                        margin of error uses the n that margin implies, n = (1.96·0.5/MoE)².
                      </p>
                    ) : null}
                    {trend.excluded.noValue > 0 ? (
                      <p>
                        {trend.excluded.noValue} {trend.excluded.noValue === 1 ? 'poll did' : 'polls did'} not report “{trend.option.label}” and{' '}
                        {trend.excluded.noValue === 1 ? 'is' : 'are'} left out.
                      </p>
                    ) : null}
                    {trend.excluded.filtered > 0 ? (
                      <p>
                        {trend.excluded.filtered} {trend.excluded.filtered === 1 ? 'poll is' : 'polls are'} outside the selected dates or pollster.
                      </p>
                    ) : null}
                    <p>The line is not drawn across gaps of more than {trend.maxGapDays} days without polls.</p>
                  </div>
                }
              />
            ) : (
              <p className="text-gray-700" data-testid="trend-empty">
                No polls of “{trend.option.label}” match this view.{' '}
                <Link href={`/questions/${question.slug}`} className="text-blue-900 underline">
                  Reset the filters
                </Link>
                .
              </p>
            )}
          </>
        )}
      </section>

      <section aria-labelledby="waves-heading" className="min-w-0 space-y-3">
        <h2 id="waves-heading" className="text-lg font-semibold">
          Waves: what changed, and is it more than noise?
        </h2>
        <div className="flex flex-wrap items-start justify-between gap-2">
          <p className="text-sm text-gray-700">{waves.summary}</p>
          <ExportMenu links={exportOf('waves', waves, false)} label="waves table" />
        </div>
        <WavesTable data={waves} limit={40} />
      </section>

      <section aria-labelledby="house-heading" className="min-w-0 space-y-3 rounded-lg border border-gray-200 bg-white p-4">
        <h2 id="house-heading" className="text-lg font-semibold">
          House effects
        </h2>
        {house.notShownReason ? (
          <p className="text-gray-700" data-testid="house-effects-reason">
            Not shown: {house.notShownReason}{' '}
            <Link href="/methodology#house-effects" className="text-blue-900 underline">
              What is a house effect?
            </Link>
          </p>
        ) : (
          <ChartFigure
            data={house}
            testId="house-effects-figure"
            exportLinks={exportOf('house-effects', house)}
            chart={<HouseEffectsChart data={house} />}
            table={<HouseEffectsTable data={house} />}
          />
        )}
      </section>

      {originals.length > 0 ? (
        <section aria-labelledby="originals-heading" className="min-w-0 space-y-3" data-testid="wording-originals">
          <h2 id="originals-heading" className="text-lg font-semibold">
            Wordings in the language they were asked in
          </h2>
          {originals.map((p) => (
            <div key={p.pollQuestionId} className="space-y-1">
              <p className="text-sm">
                <Link href={`/polls/${p.pollId}`} className="text-blue-900 underline">
                  {p.pollster.name}, {p.fieldEnd?.slice(0, 10) ?? 'date not known'}
                </Link>
              </p>
              <WordingLanguages wording={p.wording} wordingLanguage={p.wordingLanguage ?? null} askedLanguage={p.askedLanguage ?? null} texts={p.texts ?? []} />
            </div>
          ))}
        </section>
      ) : null}

      <section aria-labelledby="polls-heading" className="min-w-0 space-y-3">
        <h2 id="polls-heading" className="text-lg font-semibold">
          All polls ({question.polls.length}), by wording
        </h2>
        <QuestionPollsTable polls={question.polls} options={question.options} />
      </section>
    </article>
  );
}
