import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePageUser } from '@/lib/auth/guard';
import { listPollsForAdmin } from '@/lib/data/entry';
import { formatFieldDates, formatSampleSize } from '@/lib/format/display';

export const metadata: Metadata = { title: 'Polls' };
export const dynamic = 'force-dynamic';

interface Props {
  searchParams: Promise<{ page?: string; q?: string }>;
}

export default async function AdminPollsPage({ searchParams }: Props) {
  await requirePageUser('/admin/polls');
  const sp = await searchParams;
  const page = Math.max(1, Number.parseInt(sp.page ?? '1', 10) || 1);
  const q = (sp.q ?? '').trim().slice(0, 100);
  const { rows, total } = await listPollsForAdmin({ page, q: q || undefined });
  const pages = Math.max(1, Math.ceil(total / 50));
  const link = (p: number) => `/admin/polls?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) }).toString()}`;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Polls</h1>
        <div className="flex gap-2">
          <Link href="/admin/import" className="rounded border border-gray-500 px-3 py-1.5 text-sm hover:bg-gray-100">
            Import CSV
          </Link>
          <Link href="/admin/polls/new" className="rounded bg-gray-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-gray-700">
            New poll
          </Link>
        </div>
      </div>
      <form role="search" className="flex items-end gap-2" action="/admin/polls">
        <div className="space-y-1">
          <label htmlFor="poll-search" className="block text-sm font-medium">
            Pollster or question
          </label>
          <input id="poll-search" name="q" defaultValue={q} className="rounded border border-gray-400 px-2 py-1.5 text-sm" />
        </div>
        <button type="submit" className="rounded border border-gray-500 px-3 py-1.5 text-sm hover:bg-gray-100">
          Search
        </button>
      </form>
      <p className="text-sm text-gray-700">
        {total} poll{total === 1 ? '' : 's'}
        {q ? ` matching “${q}”` : ''}; page {page} of {pages}.
      </p>
      <table className="w-full border-collapse text-sm">
        <caption className="sr-only">Polls, newest field dates first</caption>
        <thead>
          <tr className="border-b border-gray-300 text-left">
            <th scope="col" className="py-1 pr-3">Poll</th>
            <th scope="col" className="py-1 pr-3">Pollster</th>
            <th scope="col" className="py-1 pr-3">Fieldwork</th>
            <th scope="col" className="py-1 pr-3">n</th>
            <th scope="col" className="py-1 pr-3">Questions</th>
            <th scope="col" className="py-1">Version</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr key={p.id} className="border-b border-gray-100 align-top">
              <td className="py-1 pr-3">
                <Link href={`/admin/polls/${p.id}`} className="text-blue-900 hover:underline">
                  Edit #{p.id}
                </Link>
              </td>
              <td className="py-1 pr-3">{p.pollster}</td>
              <td className="py-1 pr-3">{formatFieldDates(p.fieldStart, p.fieldEnd, p.datePrecision)}</td>
              <td className="py-1 pr-3">{formatSampleSize(p.sampleSize)}</td>
              <td className="py-1 pr-3">
                {p.questions.map((qq) => (
                  <Link key={qq.slug} href={`/questions/${qq.slug}`} className="mr-2 text-blue-900 hover:underline">
                    {qq.title}
                  </Link>
                ))}
              </td>
              <td className="py-1">{p.version}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {pages > 1 ? (
        <nav aria-label="Pages" className="flex gap-3 text-sm">
          {page > 1 ? <Link href={link(page - 1)}>← Newer</Link> : null}
          {page < pages ? <Link href={link(page + 1)}>Older →</Link> : null}
        </nav>
      ) : null}
    </div>
  );
}
