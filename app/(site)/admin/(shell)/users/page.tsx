import type { Metadata } from 'next';
import { CreateUserForm, ResetPasswordForm, UserStatusForm } from '@/components/admin/user-forms';
import { requirePageUser } from '@/lib/auth/guard';
import { listUsers } from '@/lib/data/admin';
import { Table } from '@/components/ui/table';

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
          <Table
            caption="All user accounts"
            testId="users-table"
            rows={users}
            rowKey={(u) => u.id}
            rowClassName="align-top"
            rowData={(u) => ({ 'data-testid': `user-row-${u.email}` })}
            density={{ head: 'tight', body: 'roomy' }}
            columns={[
              {
                header: 'Email',
                rowHeader: true,
                cell: (u) => (
                  <>
                    {u.email}
                    {u.name ? <span className="block text-xs text-gray-600">{u.name}</span> : null}
                    {u.id === me.id ? <span className="block text-xs text-gray-600">(you)</span> : null}
                  </>
                ),
              },
              { header: 'Role', cell: (u) => u.role },
              { header: 'Status', cell: (u) => (u.disabled ? 'disabled' : 'active') },
              {
                header: 'Last active',
                cell: (u) => (
                  <>
                    {day(u.lastSeenAt)}
                    {u.activeSessions > 0 ? <span className="block text-xs text-gray-600">{u.activeSessions} session(s)</span> : null}
                  </>
                ),
              },
              { header: 'Enable / disable', cell: (u) => <UserStatusForm key={`${u.id}-${u.version}`} user={u} isSelf={u.id === me.id} /> },
              { header: 'Reset password', cell: (u) => <ResetPasswordForm key={`${u.id}-${u.version}`} user={u} isSelf={u.id === me.id} /> },
            ]}
          />
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
