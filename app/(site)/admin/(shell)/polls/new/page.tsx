import type { Metadata } from 'next';
import Link from 'next/link';
import { PollForm } from '@/components/admin/poll-form';
import { requirePageUser } from '@/lib/auth/guard';
import { db } from '@/lib/db';

export const metadata: Metadata = { title: 'New poll' };
export const dynamic = 'force-dynamic';

export default async function NewPollPage() {
  await requirePageUser('/admin/polls/new');
  const anyQuestion = await db.question.findFirst({ select: { id: true } });
  return (
    <div className="space-y-4">
      <p className="text-sm">
        <Link href="/admin/polls">← Polls</Link>
      </p>
      <h1 className="text-2xl font-semibold">New poll</h1>
      {anyQuestion === null ? (
        <p className="text-sm text-gray-700">
          There are no questions yet: <Link href="/admin/questions/new">create a question</Link> first.
        </p>
      ) : null}
      {/* A new poll names no pollster or question yet: the pickers search for them. */}
      <PollForm pollsters={[]} questions={[]} />
    </div>
  );
}
