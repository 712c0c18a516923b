import type { Metadata } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { ADMIN_PATH_HEADER } from '@/lib/auth/config';
import { AdminNav } from '@/components/admin/admin-nav';
import { requirePageUser } from '@/lib/auth/guard';
import { endOtherSessions, logout } from '@/lib/actions/auth';
import { safeNextPath } from '@/lib/schemas/auth';

export const metadata: Metadata = { title: { default: 'Admin', template: '%s · Admin · Pollboard' }, robots: { index: false } };
export const dynamic = 'force-dynamic';

/**
 * The admin shell. It redirects visitors without a session, but it is not the security boundary:
 * every page calls requirePageUser and every action requireUser itself.
 */
export default async function AdminShellLayout({ children }: { children: ReactNode }) {
  // The path comes from proxy.ts; the guard sanitises it (admin paths only) before using it.
  const requested = (await headers()).get(ADMIN_PATH_HEADER) ?? '/admin';
  const user = await requirePageUser(safeNextPath(requested));
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-gray-200 pb-3">
        <AdminNav isAdmin={user.role === 'admin'} />
        <div className="flex items-center gap-3 text-sm">
          <span className="text-gray-700" data-testid="signed-in-as">
            {user.email} · {user.role}
          </span>
          <form action={endOtherSessions}>
            <button type="submit" className="rounded border border-gray-300 px-2 py-1 hover:bg-gray-100">
              Sign out other sessions
            </button>
          </form>
          <form action={logout}>
            <button type="submit" className="rounded border border-gray-500 px-2 py-1 hover:bg-gray-100">
              Log out
            </button>
          </form>
        </div>
      </div>
      {children}
    </div>
  );
}
