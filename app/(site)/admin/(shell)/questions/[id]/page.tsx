import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { QuestionForm } from '@/components/admin/catalog-forms';
import { requirePageUser } from '@/lib/auth/guard';
import { loadQuestionForEdit } from '@/lib/data/entry';
import { listQuestionWordings } from '@/lib/data/wording-texts';
import { WordingTextsEditor } from '@/components/admin/wording-texts-form';

export const metadata: Metadata = { title: 'Edit question' };
export const dynamic = 'force-dynamic';

interface Props {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ saved?: string }>;
}

export default async function EditQuestionPage({ params, searchParams }: Props) {
  const { id } = await params;
  const { saved } = await searchParams;
  await requirePageUser(`/admin/questions/${id}`);
  const question = await loadQuestionForEdit(Number.parseInt(id, 10) || 0);
  if (!question) notFound();
  return (
    <div className="space-y-4">
      <p className="text-sm">
        <Link href="/admin/questions">← Questions</Link> · <Link href={`/questions/${question.slug}`}>Public page</Link> ·{' '}
        <Link href={`/admin/audit?entity=Question&entityId=${question.id}`}>History</Link>
      </p>
      <h1 className="text-2xl font-semibold">Edit question: {question.title}</h1>
      {saved ? (
        <p role="status" data-testid="saved-message" className="rounded border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
          Question {saved === 'created' ? 'created' : 'saved'}.
        </p>
      ) : null}
      <QuestionForm key={question.version} initial={question} />
      <section aria-labelledby="wording-texts-heading" className="space-y-3 border-t border-gray-200 pt-4">
        <h2 id="wording-texts-heading" className="text-lg font-semibold">
          Wordings: original language and translations
        </h2>
        <p className="text-sm text-gray-700">
          Each wording as asked, in the language it was asked in and in translation, with its source. A text is stored on every poll asked with that wording;
          the public pages show the original beside the translation.
        </p>
        <WordingTextsEditor questionId={question.id} wordings={await listQuestionWordings(question.id)} />
      </section>
    </div>
  );
}
