import type { Metadata } from 'next';
import Link from 'next/link';
import { PollForm } from '@/components/admin/poll-form';
import { requirePageUser } from '@/lib/auth/guard';
import { loadPollFormChoices } from '@/lib/data/entry';

export const metadata: Metadata = { title: 'New poll' };
export const dynamic = 'force-dynamic';

export default async function NewPollPage() {
  await requirePageUser('/admin/polls/new');
  const choices = await loadPollFormChoices();
  return (
    <div className="space-y-4">
      <p className="text-sm">
        <Link href="/admin/polls">← Polls</Link>
      </p>
      <h1 className="text-2xl font-semibold">New poll</h1>
      {choices.questions.length === 0 ? (
        <p className="text-sm text-gray-700">
          There are no questions yet: <Link href="/admin/questions/new">create a question</Link> first.
        </p>
      ) : null}
      <PollForm pollsters={choices.pollsters} questions={choices.questions} />
    </div>
  );
}
