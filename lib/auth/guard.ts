import 'server-only';
import { redirect } from 'next/navigation';
import { getSessionUser } from '@/lib/auth/session';
import type { TRole, TSessionUser } from '@/lib/auth/sessions';
import { AppError } from '@/lib/errors/app-error';

export type { TRole, TSessionUser };

/** editor < admin: an admin may do everything an editor may. */
export function roleAllows(userRole: TRole, required: TRole): boolean {
  return required === 'editor' || userRole === 'admin';
}

/**
 * First line of every server action and admin route handler. Throws AppError UNAUTHENTICATED (no
 * valid session) or FORBIDDEN (role too low). `role` defaults to 'editor' (any signed-in user).
 */
export async function requireUser(role: TRole = 'editor'): Promise<TSessionUser> {
  const user = await getSessionUser();
  if (!user) throw new AppError('UNAUTHENTICATED');
  if (!roleAllows(user.role, role)) throw new AppError('FORBIDDEN', `This needs the ${role} role.`);
  return user;
}

/**
 * For admin pages: the signed-in user, or a redirect to /admin/login?next=<returnTo>; a role that is
 * too low goes to the dashboard with a notice.
 */
export async function requirePageUser(returnTo: string, role: TRole = 'editor'): Promise<TSessionUser> {
  const user = await getSessionUser();
  if (!user) redirect(`/admin/login?next=${encodeURIComponent(returnTo)}`);
  if (!roleAllows(user.role, role)) redirect('/admin?denied=1');
  return user;
}
