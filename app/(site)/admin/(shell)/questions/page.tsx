import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePageUser } from '@/lib/auth/guard';
import { ListCount, ListSearch, Pager, listParams } from '@/components/admin/list-controls';
import { listQuestionsForAdmin } from '@/lib/data/entry';

export const metadata: Metadata = { title: 'Questions' };
export const dynamic = 'force-dynamic';

interface Props {
  searchParams: Promise<{ page?: string; q?: string }>;
}

export default async function AdminQuestionsPage({ searchParams }: Props) {
  await requirePageUser('/admin/questions');
  const { page: wanted, q } = listParams(await searchParams);
  const { rows, total, page, pages } = await listQuestionsForAdmin({ page: wanted, q: q || undefined });
  return (
    <div className="space-y-4">
      <div className="flex items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Questions</h1>
        <Link href="/admin/questions/new" className="rounded bg-gray-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-gray-700">
          New question
        </Link>
      </div>
      <ListSearch path="/admin/questions" id="question-search" label="Title, wording, slug, topic or country" q={q} />
      <ListCount total={total} noun="question" q={q} page={page} pages={pages} />
      <table className="w-full border-collapse text-sm">
        <caption className="sr-only">Tracked questions</caption>
        <thead>
          <tr className="border-b border-gray-300 text-left">
            <th scope="col" className="py-1 pr-3">Title</th>
            <th scope="col" className="py-1 pr-3">Slug</th>
            <th scope="col" className="py-1 pr-3">Options</th>
            <th scope="col" className="py-1 pr-3">Topic · country</th>
            <th scope="col" className="py-1">Polls</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((q) => (
            <tr key={q.id} className="border-b border-gray-100 align-top">
              <td className="py-1 pr-3">
                <Link href={`/admin/questions/${q.id}`} className="text-blue-900 hover:underline">
                  {q.title}
                </Link>
              </td>
              <td className="py-1 pr-3">
                <Link href={`/questions/${q.slug}`} className="text-blue-900 hover:underline">
                  {q.slug}
                </Link>
              </td>
              <td className="py-1 pr-3">{q.options.join(' / ')}</td>
              <td className="py-1 pr-3">{[q.topic, q.country].filter(Boolean).join(' · ')}</td>
              <td className="py-1">{q.polls}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager path="/admin/questions" q={q} page={page} pages={pages} />
    </div>
  );
}
