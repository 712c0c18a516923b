import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/auth/guard';
import { db } from '@/lib/db';
import { OutcomeForm } from '@/components/admin/outcome-form';

export const metadata: Metadata = { title: 'Outcomes' };
export const dynamic = 'force-dynamic';

export default async function AdminOutcomesPage() {
  await requirePageUser('/admin/outcomes');
  const [questions, outcomes] = await Promise.all([
    db.question.findMany({ orderBy: { title: 'asc' }, select: { slug: true, title: true } }),
    db.outcome.findMany({ orderBy: [{ date: 'desc' }, { id: 'desc' }], take: 100, include: { question: { select: { title: true } } } }),
  ]);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Outcomes</h1>
      <p className="text-sm text-gray-700">
        An outcome is the result an election, referendum or later measurement gave for one wording of a question. Pollsters’ accuracy records score their polls
        fielded before it against it.
      </p>
      <OutcomeForm questions={questions} />
      <h2 className="text-lg font-semibold">Latest outcomes</h2>
      <ul className="list-disc pl-5 text-sm" data-testid="admin-outcomes">
        {outcomes.map((o) => (
          <li key={o.id}>
            {o.label} ({o.question.title}, {o.date.toISOString().slice(0, 10)}) — <code>{o.wordingKey}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}
