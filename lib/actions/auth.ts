'use server';

import { redirect } from 'next/navigation';
import { attemptLogin } from '@/lib/auth/login';
import { hashPassword } from '@/lib/auth/password';
import { clearSessionCookie, readRequestInfo, readSessionToken, writeSessionCookie } from '@/lib/auth/session';
import { requireUser } from '@/lib/auth/guard';
import { createSession, revokeSessionToken, revokeUserSessions } from '@/lib/auth/sessions';
import { isSetupTokenValid } from '@/lib/auth/setup-token';
import { hashToken } from '@/lib/auth/tokens';
import { formAction } from '@/lib/actions/form-action';
import { formValues } from '@/lib/actions/form-state';
import { recordAudit } from '@/lib/audit/record';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors/app-error';
import { ZLoginInput, ZSetupInput, safeNextPath } from '@/lib/schemas/auth';

/**
 * Public by nature (they start or end a session): login, logout, completeSetup. Every other action
 * (endOtherSessions included)
 * in lib/actions must call requireUser first — tests/integration/actions-auth.test.ts enforces it.
 */

/** What the login form may get back: only fields it has (never the password, never strangers' keys). */
const LOGIN_FIELDS = ['email', 'next', 'endOtherSessions'] as const;

export const login = formAction({
  role: 'public',
  echo: { only: LOGIN_FIELDS },
  schema: ZLoginInput,
  run: async (input, _user, formData) => {
    const result = await attemptLogin(db, {
      email: input.email,
      password: input.password,
      endOtherSessions: input.endOtherSessions,
      ...(await readRequestInfo()),
    });
    if (!result.ok) {
      const code = result.reason === 'throttled' ? 'THROTTLED' : result.reason === 'busy' ? 'BUSY' : 'UNAUTHENTICATED';
      return { status: 'error', code, message: result.message, values: formValues(formData, { only: LOGIN_FIELDS }) };
    }
    await writeSessionCookie(result.token);
    return { redirect: safeNextPath(input.next) };
  },
});

export async function logout(): Promise<void> {
  const token = await readSessionToken();
  if (token) {
    await db.$transaction(async (tx) => {
      const session = await tx.session.findUnique({ where: { tokenHash: hashToken(token) }, select: { id: true, userId: true } });
      if (!session) return;
      await revokeSessionToken(tx, token);
      await recordAudit(tx, { userId: session.userId, entity: 'Session', entityId: session.id, action: 'logout' });
    });
  }
  await clearSessionCookie();
  redirect('/admin/login');
}

/**
 * "Sign out other sessions": ends every session of the signed-in user except this one (a lost
 * laptop, a shared computer), with one audit row naming how many ended.
 */
export async function endOtherSessions(): Promise<void> {
  const user = await requireUser('editor');
  const ended = await db.$transaction(async (tx) => {
    const count = await revokeUserSessions(tx, user.id, user.sessionId);
    await recordAudit(tx, { userId: user.id, entity: 'Session', entityId: user.sessionId, action: 'end_other_sessions', after: { ended: count } });
    return count;
  });
  redirect(`/admin?endedSessions=${ended}`);
}

const SETUP_INVALID = 'This setup link is not valid. Setup runs once, while no user exists; log in instead.';

/** /admin/setup: creates the first admin, only with the printed token and only while no user exists. */
export const completeSetup = formAction({
  role: 'public',
  schema: ZSetupInput,
  run: async (input) => {
    // Cheap check first, so a stranger's POST cannot make the server run scrypt.
    if (!(await isSetupTokenValid(db, input.token))) throw new AppError('FORBIDDEN', SETUP_INVALID);
    const passwordHash = await hashPassword(input.password);
    const { ip, userAgent } = await readRequestInfo();
    const token = await db.$transaction(async (tx) => {
      // Checked inside the transaction: two browsers racing with the same link create one admin.
      const row = await tx.setupToken.findUnique({ where: { tokenHash: hashToken(input.token) }, select: { id: true, usedAt: true } });
      if (!row || row.usedAt !== null || (await tx.user.count()) > 0) {
        throw new AppError('FORBIDDEN', SETUP_INVALID);
      }
      await tx.setupToken.update({ where: { id: row.id }, data: { usedAt: new Date() } });
      const user = await tx.user.create({ data: { email: input.email, name: input.name, role: 'admin', passwordHash } });
      await recordAudit(tx, { userId: user.id, entity: 'User', entityId: user.id, action: 'setup', after: user });
      const session = await createSession(tx, user.id, { ip, userAgent });
      return session.token;
    });
    await writeSessionCookie(token);
    return { redirect: '/admin' };
  },
});
