import type { Metadata } from 'next';
import Link from 'next/link';
import { QuestionForm } from '@/components/admin/catalog-forms';
import { requirePageUser } from '@/lib/auth/guard';

export const metadata: Metadata = { title: 'New question' };
export const dynamic = 'force-dynamic';

export default async function NewQuestionPage() {
  await requirePageUser('/admin/questions/new');
  return (
    <div className="space-y-4">
      <p className="text-sm">
        <Link href="/admin/questions">← Questions</Link>
      </p>
      <h1 className="text-2xl font-semibold">New question</h1>
      <QuestionForm />
    </div>
  );
}
