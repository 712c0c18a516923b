import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getQuestionBySlug } from '@/lib/data/questions';
import { buildDistributionChart, describeDesignEffect } from '@/lib/charts/distribution';
import { DistributionChart } from '@/components/charts/distribution-chart';
import { DistributionTable } from '@/components/charts/distribution-table';
import { QuestionPollsTable } from '@/components/polls/question-polls-table';
import { SourceLine } from '@/components/ui/source-line';
import { formatNumber, formatSampleSize } from '@/lib/format';

export const dynamic = 'force-dynamic';

interface Props {
  params: Promise<{ slug: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const question = await getQuestionBySlug(slug);
  return { title: question?.title ?? 'Question not found' };
}

export default async function QuestionPage({ params }: Props) {
  const { slug } = await params;
  const question = await getQuestionBySlug(slug);
  if (!question) notFound();
  const latest = question.polls[0];
  const chart = latest ? buildDistributionChart(question, latest) : null;
  return (
    <article className="space-y-8">
      <header className="space-y-1">
        <p className="text-xs uppercase tracking-wide text-gray-600">
          {[question.topic, question.country].filter(Boolean).join(' · ')}
        </p>
        <h1 className="text-2xl font-semibold">{question.title}</h1>
        <p className="text-gray-700">{question.wording}</p>
        {question.notes ? <p className="text-sm text-gray-600">{question.notes}</p> : null}
      </header>

      <section aria-labelledby="latest-heading" className="space-y-3 rounded-lg border border-gray-200 bg-white p-4">
        <h2 id="latest-heading" className="text-lg font-semibold">
          Latest result
        </h2>
        {chart ? (
          <figure className="space-y-3">
            <figcaption className="space-y-1">
              <p className="font-medium">{chart.subtitle}</p>
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
            <div className="grid gap-4 md:grid-cols-[3fr_2fr]">
              <DistributionChart data={chart} />
              <DistributionTable data={chart} />
            </div>
            <p className="text-xs text-gray-600">
              Bars: shares as published. Whiskers: {Math.round(chart.level * 100)}% Wilson intervals on the effective sample size
              {chart.sampleSize === null ? ' (not drawn: the sample size was not disclosed)' : ''}.
            </p>
            <SourceLine source={chart.source} />
          </figure>
        ) : (
          <p className="text-gray-700">No polls yet for this question.</p>
        )}
      </section>

      <section aria-labelledby="polls-heading" className="space-y-3">
        <h2 id="polls-heading" className="text-lg font-semibold">
          All polls ({question.polls.length})
        </h2>
        <QuestionPollsTable polls={question.polls} options={question.options} />
      </section>
    </article>
  );
}
