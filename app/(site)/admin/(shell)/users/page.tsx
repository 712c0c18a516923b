import type { Metadata } from 'next';
import { CreateUserForm, ResetPasswordForm, UserStatusForm } from '@/components/admin/user-forms';
import { requirePageUser } from '@/lib/auth/guard';
import { listUsers } from '@/lib/data/admin';

export const metadata: Metadata = { title: 'Users' };
export const dynamic = 'force-dynamic';

function day(iso: string | null): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : '—';
}

export default async function UsersPage() {
  const me = await requirePageUser('/admin/users', 'admin');
  const users = await listUsers();
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-semibold">Users</h1>
      <section aria-labelledby="users-heading" className="space-y-2">
        <h2 id="users-heading" className="text-lg font-semibold">
          Accounts
        </h2>
        <div className="overflow-x-auto">
          <table className="w-full border-collapse text-sm" data-testid="users-table">
            <caption className="sr-only">All user accounts</caption>
            <thead>
              <tr className="border-b border-gray-300 text-left">
                <th scope="col" className="py-1 pr-3">Email</th>
                <th scope="col" className="py-1 pr-3">Role</th>
                <th scope="col" className="py-1 pr-3">Status</th>
                <th scope="col" className="py-1 pr-3">Last active</th>
                <th scope="col" className="py-1 pr-3">Enable / disable</th>
                <th scope="col" className="py-1">Reset password</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id} className="border-b border-gray-100 align-top" data-testid={`user-row-${u.email}`}>
                  <th scope="row" className="py-2 pr-3 text-left font-normal">
                    {u.email}
                    {u.name ? <span className="block text-xs text-gray-600">{u.name}</span> : null}
                    {u.id === me.id ? <span className="block text-xs text-gray-600">(you)</span> : null}
                  </th>
                  <td className="py-2 pr-3">{u.role}</td>
                  <td className="py-2 pr-3">{u.disabled ? 'disabled' : 'active'}</td>
                  <td className="py-2 pr-3">
                    {day(u.lastSeenAt)}
                    {u.activeSessions > 0 ? <span className="block text-xs text-gray-600">{u.activeSessions} session(s)</span> : null}
                  </td>
                  <td className="py-2 pr-3">
                    <UserStatusForm key={`${u.id}-${u.version}`} user={u} isSelf={u.id === me.id} />
                  </td>
                  <td className="py-2">
                    <ResetPasswordForm key={`${u.id}-${u.version}`} user={u} isSelf={u.id === me.id} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="create-user-heading" className="space-y-3 rounded border border-gray-200 bg-white p-4">
        <h2 id="create-user-heading" className="text-lg font-semibold">
          Create a user
        </h2>
        <CreateUserForm />
      </section>
    </div>
  );
}
