import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePageUser } from '@/lib/auth/guard';
import { ListCount, ListSearch, Pager, listParams } from '@/components/admin/list-controls';
import { listQuestionsForAdmin } from '@/lib/data/entry';
import { Table } from '@/components/ui/table';

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
      <Table
        caption="Tracked questions"
        rows={rows}
        rowKey={(q) => q.id}
        rowClassName="align-top"
        columns={[
          {
            header: 'Title',
            cell: (q) => (
              <Link href={`/admin/questions/${q.id}`} className="text-blue-900 hover:underline">
                {q.title}
              </Link>
            ),
          },
          {
            header: 'Slug',
            cell: (q) => (
              <Link href={`/questions/${q.slug}`} className="text-blue-900 hover:underline">
                {q.slug}
              </Link>
            ),
          },
          { header: 'Options', cell: (q) => q.options.join(' / ') },
          { header: 'Topic · country', cell: (q) => [q.topic, q.country].filter(Boolean).join(' · ') },
          { header: 'Polls', cell: (q) => q.polls },
        ]}
      />
      <Pager path="/admin/questions" q={q} page={page} pages={pages} />
    </div>
  );
}
