import { LOGIN_ATTEMPT_RETENTION_MS, LOGIN_FAILED_MESSAGE, systemClock, type Clock } from '@/lib/auth/config';
import { getDummyHash, hashPassword, needsRehash, verifyPassword } from '@/lib/auth/password';
import { createSession, asRole, type TRole } from '@/lib/auth/sessions';
import { checkLoginThrottle, throttledMessage } from '@/lib/auth/throttle';
import { recordAudit } from '@/lib/audit';
import type { PrismaClient } from '@/lib/generated/prisma/client';

export type LoginResult =
  | { ok: true; token: string; expiresAt: Date; user: { id: number; email: string; role: TRole } }
  | { ok: false; reason: 'invalid' | 'throttled'; message: string; retryAt?: Date };

/**
 * The whole login decision, independent of Next.js: throttle check, password check (against a dummy
 * hash for unknown or disabled accounts, so every failure looks and takes the same), one
 * LoginAttempt row, and on success a new session plus a `login` audit row in one transaction.
 * `email` must already be normalised (ZEmail).
 */
export async function attemptLogin(
  db: PrismaClient,
  { email, password, ip = null, userAgent = null }: { email: string; password: string; ip?: string | null; userAgent?: string | null },
  clock: Clock = systemClock,
): Promise<LoginResult> {
  const decision = await checkLoginThrottle(db, email, ip, clock);
  if (!decision.allowed && decision.retryAt) {
    // A refused attempt is not recorded: hammering during the delay must not extend it forever.
    return { ok: false, reason: 'throttled', message: throttledMessage(decision.retryAt, clock()), retryAt: decision.retryAt };
  }
  const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true, role: true, disabled: true, passwordHash: true } });
  const passwordOk = await verifyPassword(password, user ? user.passwordHash : await getDummyHash());
  const success = Boolean(user && !user.disabled && passwordOk);
  const now = clock();
  if (!success || !user) {
    await db.loginAttempt.create({ data: { email, ip, success: false, createdAt: now } });
    return { ok: false, reason: 'invalid', message: LOGIN_FAILED_MESSAGE };
  }
  const rehash = needsRehash(user.passwordHash) ? await hashPassword(password) : null;
  const session = await db.$transaction(async (tx) => {
    await tx.loginAttempt.create({ data: { email, ip, success: true, createdAt: now } });
    // Housekeeping on the (rare) successful login: throttling reads 15 minutes; keep 30 days for
    // investigations, and drop every session that has passed its absolute expiry.
    await tx.loginAttempt.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - LOGIN_ATTEMPT_RETENTION_MS) } } });
    await tx.session.deleteMany({ where: { expiresAt: { lte: now } } });
    if (rehash) await tx.user.update({ where: { id: user.id }, data: { passwordHash: rehash } });
    const created = await createSession(tx, user.id, { now, ip, userAgent });
    await recordAudit(tx, { userId: user.id, entity: 'Session', entityId: created.sessionId, action: 'login', after: { ip, userAgent } });
    return created;
  });
  return { ok: true, token: session.token, expiresAt: session.expiresAt, user: { id: user.id, email: user.email, role: asRole(user.role) } };
}
