import type { Metadata } from 'next';
import Link from 'next/link';
import { SectionNote } from '@/components/admin/section-note';
import { requirePageUser } from '@/lib/auth/guard';
import { listAdminQuestions } from '@/lib/data/admin';

export const metadata: Metadata = { title: 'Questions' };
export const dynamic = 'force-dynamic';

export default async function AdminQuestionsPage() {
  await requirePageUser('/admin/questions');
  const questions = await listAdminQuestions();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Questions</h1>
      <SectionNote>The question edit forms are not built yet; this list is read-only.</SectionNote>
      <ul className="space-y-1 text-sm">
        {questions.map((q) => (
          <li key={q.id}>
            <Link href={`/questions/${q.slug}`} className="text-blue-900 hover:underline">
              {q.title}
            </Link>{' '}
            <span className="text-gray-600">
              · {q.slug} · asked in {q._count.asked} {q._count.asked === 1 ? 'poll' : 'polls'} · version {q.version}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
