import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PollForm } from '@/components/admin/poll-form';
import { requirePageUser } from '@/lib/auth/guard';
import { loadPollFormPicks, loadPollForEdit } from '@/lib/data/entry';

export const dynamic = 'force-dynamic';

interface Props {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ saved?: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: `Edit poll #${id}` };
}

export default async function EditPollPage({ params, searchParams }: Props) {
  const { id } = await params;
  const { saved } = await searchParams;
  await requirePageUser(`/admin/polls/${id}`);
  const pollId = Number.parseInt(id, 10);
  if (!Number.isSafeInteger(pollId) || pollId <= 0) notFound();
  const poll = await loadPollForEdit(pollId);
  if (!poll) notFound();
  const choices = await loadPollFormPicks(poll);
  return (
    <div className="space-y-4">
      <p className="text-sm">
        <Link href="/admin/polls">← Polls</Link> · <Link href={`/admin/audit?entity=Poll&entityId=${poll.id}`}>History of this poll</Link>
      </p>
      <h1 className="text-2xl font-semibold">
        Edit poll #{poll.id} <span className="text-base font-normal text-gray-600">(version {poll.version})</span>
      </h1>
      {saved ? (
        <p role="status" data-testid="saved-message" className="rounded border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
          {saved === 'created' ? `Poll #${poll.id} created.` : `Poll #${poll.id} saved (version ${poll.version}).`}
        </p>
      ) : null}
      {/* Keyed by version: after a save the form starts from the stored values, not the old draft. */}
      <PollForm key={poll.version} pollsters={choices.pollsters} questions={choices.questions} initial={poll} />
    </div>
  );
}
