import { notFound } from 'next/navigation';
import { getPollById } from '@/lib/data/polls';
import { buildPollDetail } from '@/lib/charts/poll-detail';
import { DistributionChart } from '@/components/charts/distribution-chart';
import { DistributionTable } from '@/components/charts/distribution-table';
import { EmbedFrame } from '@/components/charts/embed-frame';

export const dynamic = 'force-dynamic';

/** /embed/polls/[id]: each question's results of the poll, with intervals. */
export default async function EmbedPoll({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const poll = /^\d{1,9}$/.test(id) ? await getPollById(Number(id)) : null;
  if (!poll) notFound();
  const detail = buildPollDetail(poll);
  return (
    <div className="space-y-6">
      {detail.questions.map((q, i) => (
        <EmbedFrame
          key={q.questionSlug + q.wording}
          data={q.distribution}
          chartId={`chart-poll-${i}`}
          chart={<DistributionChart data={q.distribution} />}
          table={<DistributionTable data={q.distribution} />}
        />
      ))}
    </div>
  );
}
