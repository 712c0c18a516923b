import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { getPollsterBySlug as loadPollster } from '@/lib/data/polls';
import { getQuestionViews } from '@/lib/data/question-cache';
import { buildPollsterRecord } from '@/lib/charts/pollster';
import { buildHouseEffectsChart } from '@/lib/charts/house-effects';
import { buildPollsterHerding, type PollsterHerdingData } from '@/lib/charts/herding';
import { buildPollsterAccuracy, DEFAULT_ACCURACY_WINDOW_DAYS } from '@/lib/charts/accuracy';
import { listOutcomesWithPolls } from '@/lib/data/outcomes';
import { HouseEffectsChart } from '@/components/charts/house-effects-chart';
import { HouseEffectsTable } from '@/components/charts/house-effects-table';
import { ChartFigure } from '@/components/charts/chart-figure';
import { chartExportLinks } from '@/lib/charts/export-links';
import { formatFieldDates, formatSampleSize } from '@/lib/format/display';
import { Table } from '@/components/ui/table';
import { accuracyInputAtRelease, getReleaseSummary, latestReleaseSummary, pollsterAtRelease, questionAtRelease } from '@/lib/data/releases';
import { pollsterChanges } from '@/lib/releases/snapshot';
import { flattenSearchParams } from '@/lib/schemas/views';
import { IgnoredParamsNote } from '@/components/ui/ignored-params-note';
import { ReleaseBanner, ReleaseStatus } from '@/components/releases/release-status';

export const dynamic = 'force-dynamic';

// generateMetadata and the page ask for the same pollster: one query per request.
const getPollsterBySlug = cache((slug: string) => loadPollster(slug));

/** Rows and charts shown; the disclosure record counts every poll. */
const HOUSE_EFFECT_QUESTIONS = 10;
const QUESTION_ROWS = 50;
const POLL_ROWS = 500;

interface Props {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const p = await getPollsterBySlug((await params).slug);
  return { title: p?.name ?? 'Pollster not found' };
}

const WINDOWS = [7, 21, 60, 180] as const;

function parseWindow(raw: string | string[] | undefined): number {
  const n = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isInteger(n) && n >= 1 && n <= 3650 ? n : DEFAULT_ACCURACY_WINDOW_DAYS;
}

const VERDICT_TEXT: Record<string, string> = {
  herding: 'varies less than sampling noise allows',
  consistent: 'no sign of herding',
  overdispersed: 'varies more than sampling noise (no sign of herding)',
  'too-few-polls': 'no verdict (too few polls)',
};

const REFERENCE_TEXT: Record<string, string> = {
  'other-pollsters': 'trend of the other pollsters',
  'leave-one-out': 'trend of its own other polls (no other pollster asked it)',
  none: 'no reference trend',
};

function HerdingBlock({ data }: { data: PollsterHerdingData }) {
  const p = data.pooled;
  return (
    <div
      className="space-y-1 rounded border border-gray-200 bg-white p-3 text-sm"
      data-testid="herding-question"
      data-question={data.questionSlug}
      data-verdict={p.verdict}
    >
      <p>
        <Link href={`/questions/${data.questionSlug}`} className="text-blue-900 underline">
          {data.questionTitle}
        </Link>{' '}
        (“{data.option.label}”): <strong data-testid="herding-verdict">{VERDICT_TEXT[p.verdict] ?? p.verdict}</strong>
        {p.statistic !== null && p.pValue !== null ? (
          <>
            {' '}
            — χ² = {p.statistic.toFixed(1)} on {p.df} df, dispersion {p.dispersionRatio?.toFixed(2)}, p = {p.pValue < 0.001 ? '< 0.001' : p.pValue.toFixed(3)},{' '}
            {p.polls} polls in {p.series} {p.series === 1 ? 'wording' : 'wordings'}.
          </>
        ) : (
          <>
            {' '}
            — {p.polls} {p.polls === 1 ? 'poll' : 'polls'} with a published n.
          </>
        )}
      </p>
      <p className="text-xs text-gray-700">{p.caveat}</p>
      {data.bySeries.length > 0 ? (
        <details>
          <summary className="cursor-pointer text-xs text-gray-700">By wording ({data.bySeries.length})</summary>
          <Table
            variant="data"
            density="compact"
            size="xs"
            className="mt-1"
            rows={data.bySeries}
            rowKey={(s) => s.wordingKey}
            columns={[
              { header: 'Wording', cell: (s) => s.wording },
              { header: 'Polls', numeric: true, cell: (s) => s.polls },
              { header: 'Reference', cell: (s) => REFERENCE_TEXT[s.reference] },
              { header: 'p (lower tail)', numeric: true, cell: (s) => (s.result.pValue === null ? '—' : s.result.pValue.toFixed(3)) },
              { header: 'Verdict', cell: (s) => VERDICT_TEXT[s.result.verdict] },
            ]}
          />
        </details>
      ) : null}
    </div>
  );
}

const ORIGIN_TEXT: Record<string, string> = {
  reported: 'design effect reported',
  'reported-below-1': 'design effect reported below 1 (floored at 1)',
  'derived-from-moe': 'design effect derived from the stated MoE',
  assumed: 'design effect assumed (1)',
  'n not disclosed': 'n not disclosed (no interval)',
};

export default async function PollsterPage({ params, searchParams }: Props) {
  const live = await getPollsterBySlug((await params).slug);
  if (!live) notFound();
  const flat = flattenSearchParams(await searchParams);
  // ?release=…: its polls and the outcomes as frozen in a published release (the profile stays current).
  const release = flat.release ? await getReleaseSummary(flat.release) : null;
  const frozen = release ? await pollsterAtRelease(release.version, live) : null;
  const pollster = frozen ?? live;
  const ignored = flat.release && !release ? ['release'] : [];
  // The current view says which release it matches, or what changed since the latest one.
  const latestRelease = release ? null : await latestReleaseSummary();
  const changes = frozen
    ? pollsterChanges(frozen.polls, live.polls)
    : latestRelease
      ? pollsterChanges((await pollsterAtRelease(latestRelease.version, live))?.polls ?? [], live.polls)
      : [];
  const windowDays = parseWindow(flat.window);
  // As of a release: its frozen outcomes and polls; a release from before outcomes were frozen has
  // none, and its record is scored on the current data (said below).
  const atRelease = release ? await accuracyInputAtRelease(release.version, { pollsterSlug: pollster.slug, windowDays }) : null;
  const accuracy = buildPollsterAccuracy(atRelease?.items ?? (await listOutcomesWithPolls({ pollsterSlug: pollster.slug, windowDays })), windowDays);
  const releaseQuery = release ? `&release=${release.version}` : '';
  const record = buildPollsterRecord(pollster);
  // House effects for the questions it polled most: a pollster of a large site has asked hundreds.
  const liveQuestions = await getQuestionViews(record.questions.slice(0, HOUSE_EFFECT_QUESTIONS).map((q) => q.slug));
  // As of a release: the same questions rebuilt from its frozen dump.
  const questions = release
    ? (await Promise.all(liveQuestions.map((q) => questionAtRelease(release.version, q.slug, q)))).filter((q) => q !== null)
    : liveQuestions;
  const shownPolls = pollster.polls.slice(0, POLL_ROWS);
  const house = questions.map((q) => ({ question: q, chart: buildHouseEffectsChart(q, {}) }));
  const herding = questions.map((q) => buildPollsterHerding(q, pollster.slug));
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

      {release ? (
        <ReleaseBanner release={release} currentHref={`/pollsters/${pollster.slug}`} changes={changes} />
      ) : (
        <ReleaseStatus
          release={latestRelease}
          changes={changes}
          releaseHref={latestRelease ? `/pollsters/${pollster.slug}?release=${latestRelease.version}` : '/releases'}
        />
      )}
      <IgnoredParamsNote ignored={ignored} raw={flat} />

      <section aria-labelledby="score-heading" className="min-w-0 space-y-2" data-testid="pollster-disclosure-score">
        <h2 id="score-heading" className="text-lg font-semibold">
          Disclosure score
        </h2>
        {record.disclosureScore.score === null ? (
          <p className="text-sm text-gray-700">No polls, no score.</p>
        ) : (
          <>
            <p className="text-sm">
              <strong data-testid="disclosure-score-value">{record.disclosureScore.score.toFixed(1)}</strong> out of 100: the mean share of the 11 AAPOR
              disclosure items its {record.disclosureScore.polls} {record.disclosureScore.polls === 1 ? 'poll discloses' : 'polls disclose'} as entered here (an
              item not entered counts as not disclosed).{' '}
              {record.disclosureScore.trendPerYear === null
                ? 'No trend: all its polls are from one year.'
                : `Trend: ${record.disclosureScore.trendPerYear >= 0 ? '+' : ''}${record.disclosureScore.trendPerYear.toFixed(1)} points a year (OLS over its polls by fieldwork year).`}{' '}
              <Link href="/methodology#disclosure-score" className="text-blue-900 underline">
                How is this scored?
              </Link>
            </p>
            <div className="overflow-x-auto">
              <Table
                variant="data"
                density="roomy"
                className="min-w-[24rem]"
                caption="Polls disclosing each AAPOR item"
                testId="disclosure-score-items"
                rows={record.disclosureScore.items}
                rowKey={(r) => r.key}
                rowData={(r) => ({ 'data-item': r.key })}
                columns={[
                  { header: 'AAPOR item', rowHeader: true, cell: (r) => r.label },
                  { header: 'Polls disclosing it', numeric: true, cell: (r) => `${r.disclosed} of ${record.disclosureScore.polls}` },
                  { header: 'Share', numeric: true, cell: (r) => `${r.share.toFixed(0)}%` },
                ]}
              />
            </div>
            {record.disclosureScore.byYear.length > 1 ? (
              <p className="text-xs text-gray-600" data-testid="disclosure-score-years">
                By year: {record.disclosureScore.byYear.map((y) => `${y.year}: ${y.score.toFixed(1)} (${y.polls})`).join(' · ')}
              </p>
            ) : null}
          </>
        )}
      </section>

      <section aria-labelledby="record-heading" className="min-w-0 space-y-2">
        <h2 id="record-heading" className="text-lg font-semibold">
          Disclosure record ({record.pollCount} {record.pollCount === 1 ? 'poll' : 'polls'})
        </h2>
        <div className="overflow-x-auto">
          <Table
            variant="data"
            density="roomy"
            className="min-w-[24rem]"
            testId="disclosure-record"
            rows={record.rates}
            rowKey={(r) => r.key}
            rowData={(r) => ({ 'data-item': r.key })}
            columns={[
              { header: 'Item', rowHeader: true, cell: (r) => r.label },
              { header: 'Polls disclosing it', numeric: true, cell: (r) => `${r.disclosed} of ${r.total}` },
              { header: 'Share', numeric: true, testId: (r) => `rate-${r.key}`, cell: (r) => `${r.share.toFixed(0)}%` },
            ]}
          />
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

      <section aria-labelledby="herding-heading" className="min-w-0 space-y-3" data-testid="herding">
        <h2 id="herding-heading" className="text-lg font-semibold">
          Herding check
        </h2>
        <p className="text-sm text-gray-700">
          Do this pollster’s results vary less around the trend of the other pollsters than its sample sizes allow? χ² dispersion test at the 5% level (lower
          tail), with the design effect, each wording with its own house effect.{' '}
          <Link href="/methodology#herding" className="text-blue-900 underline">
            How is this tested?
          </Link>
        </p>
        {herding.map((h) => (
          <HerdingBlock key={h.questionSlug} data={h} />
        ))}
      </section>

      <section aria-labelledby="accuracy-heading" className="min-w-0 space-y-2" data-testid="accuracy" data-window={accuracy.windowDays}>
        <h2 id="accuracy-heading" className="text-lg font-semibold">
          Accuracy against outcomes
        </h2>
        <p className="text-sm text-gray-700">
          Polls fielded within{' '}
          {WINDOWS.map((w, i) => (
            <span key={w}>
              {i > 0 ? ' · ' : ''}
              {w === accuracy.windowDays ? (
                <strong>{w} days</strong>
              ) : (
                <Link href={`/pollsters/${pollster.slug}?window=${w}${releaseQuery}`} className="text-blue-900 underline">
                  {w} days
                </Link>
              )}
            </span>
          ))}{' '}
          before an election, referendum or later measured result, scored on the margin between the first two options.{' '}
          <Link href="/methodology#accuracy" className="text-blue-900 underline">
            How is this scored?
          </Link>
        </p>
        {accuracy.record ? (
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 rounded border border-gray-200 bg-white p-3 text-sm" data-testid="accuracy-record">
            <dt className="font-medium">Polls scored</dt>
            <dd data-testid="accuracy-polls">
              {accuracy.record.polls} in {accuracy.outcomes} {accuracy.outcomes === 1 ? 'race' : 'races'}
            </dd>
            <dt className="font-medium">Mean absolute error</dt>
            <dd data-testid="accuracy-mae">
              {accuracy.record.mae.toFixed(2)} points
              {accuracy.record.maeInterval
                ? ` (95% interval ${accuracy.record.maeInterval.low.toFixed(2)} to ${accuracy.record.maeInterval.high.toFixed(2)})`
                : ' (no interval: one poll)'}
            </dd>
            <dt className="font-medium">Signed bias</dt>
            <dd data-testid="accuracy-bias">
              {accuracy.record.bias >= 0 ? '+' : ''}
              {accuracy.record.bias.toFixed(2)} points on the margin
              {accuracy.record.biasInterval
                ? ` (95% interval ${accuracy.record.biasInterval.low.toFixed(2)} to ${accuracy.record.biasInterval.high.toFixed(2)})`
                : ''}
            </dd>
          </dl>
        ) : null}
        {accuracy.reason ? <p className="text-sm text-gray-700">{accuracy.reason}</p> : null}
        {release && atRelease?.outcomes === 'release' ? (
          <p className="text-xs text-gray-600" data-testid="accuracy-release">
            Scored on the outcomes and polls frozen in release {release.version}.
          </p>
        ) : release ? (
          <p className="text-xs text-gray-600" data-testid="accuracy-current">
            Release {release.version} was published before releases froze outcomes: this record is scored on the current outcomes and polls.
          </p>
        ) : null}
      </section>

      <section aria-labelledby="house-heading" className="min-w-0 space-y-4">
        <h2 id="house-heading" className="text-lg font-semibold">
          House effects
        </h2>
        {record.questions.length > HOUSE_EFFECT_QUESTIONS ? (
          <p className="text-sm text-gray-700">
            For the {HOUSE_EFFECT_QUESTIONS} questions with the most polls from this pollster; each question’s page has the rest.
          </p>
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
              chart={<HouseEffectsChart data={chart} />}
              table={<HouseEffectsTable data={chart} />}
            />
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
            <Table
              variant="data"
              density="roomy"
              className="min-w-[32rem]"
              stickyHeader
              testId="pollster-polls"
              rows={shownPolls}
              rowKey={(p) => p.id}
              columns={[
                {
                  header: 'Fieldwork',
                  className: 'whitespace-nowrap',
                  cell: (p) => (
                    <Link href={`/polls/${p.id}`} className="text-blue-900 underline">
                      {formatFieldDates(p.fieldStart, p.fieldEnd, p.datePrecision)}
                    </Link>
                  ),
                },
                { header: 'Question', cell: (p) => p.questions.map((q) => q.question.title).join('; ') },
                { header: 'n', numeric: true, cell: (p) => formatSampleSize(p.sampleSize) },
                { header: 'Mode', cell: (p) => p.mode ?? 'not disclosed' },
              ]}
            />
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
