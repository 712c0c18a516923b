import type { Metadata } from 'next';
import Link from 'next/link';
import { AuditTable } from '@/components/admin/audit-table';
import { requirePageUser } from '@/lib/auth/guard';
import { getAdminCounts } from '@/lib/data/admin';
import { listAuditEvents } from '@/lib/data/audit';

export const metadata: Metadata = { title: 'Dashboard' };
export const dynamic = 'force-dynamic';

export default async function AdminDashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser('/admin');
  const [{ denied, endedSessions }, counts, recent] = await Promise.all([searchParams, getAdminCounts(), listAuditEvents({ page: 1 }, 10, user.role)]);
  const cards = [
    { label: 'Polls', value: counts.polls, href: '/admin/polls' },
    { label: 'Questions', value: counts.questions, href: '/admin/questions' },
    { label: 'Pollsters', value: counts.pollsters, href: '/admin/pollsters' },
    { label: 'Indicators', value: counts.indicators, href: '/admin/indicators', note: `${counts.observations} observations` },
    ...(user.role === 'admin' ? [{ label: 'Users', value: counts.users, href: '/admin/users' }] : []),
  ];
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-semibold">Admin dashboard</h1>
      {denied ? (
        <p role="alert" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
          That page needs the admin role.
        </p>
      ) : null}
      {typeof endedSessions === 'string' && /^\d{1,4}$/.test(endedSessions) ? (
        <p role="status" className="rounded border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-950" data-testid="ended-sessions">
          Signed out {endedSessions} other {endedSessions === '1' ? 'session' : 'sessions'}.
        </p>
      ) : null}
      <section aria-labelledby="counts-heading">
        <h2 id="counts-heading" className="sr-only">
          Counts
        </h2>
        <ul className="grid grid-cols-2 gap-3 sm:grid-cols-5" data-testid="admin-counts">
          {cards.map((c) => (
            <li key={c.label} className="rounded border border-gray-200 bg-white p-3">
              <Link href={c.href} className="block text-blue-900 hover:underline">
                <span className="block text-2xl font-semibold text-gray-900" data-testid={`count-${c.label.toLowerCase()}`}>
                  {c.value}
                </span>
                {c.label}
              </Link>
              {'note' in c ? <span className="text-xs text-gray-600">{c.note}</span> : null}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="recent-heading" className="space-y-2">
        <div className="flex items-baseline justify-between">
          <h2 id="recent-heading" className="text-lg font-semibold">
            Recent changes
          </h2>
          <Link href="/admin/audit" className="text-sm text-blue-900 hover:underline">
            Full audit log
          </Link>
        </div>
        <AuditTable events={recent.events} caption="The ten most recent audit events" />
      </section>
    </div>
  );
}
