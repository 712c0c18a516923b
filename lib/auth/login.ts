import { LOGIN_ATTEMPT_RETENTION_MS, LOGIN_BUSY_MESSAGE, LOGIN_FAILED_MESSAGE, systemClock, type Clock } from '@/lib/auth/config';
import { loginHashGate, type HashGate } from '@/lib/auth/hash-gate';
import { getDummyHash, hashPassword, needsRehash, verifyPassword } from '@/lib/auth/password';
import { createSession, asRole, revokeUserSessions, type TRole } from '@/lib/auth/sessions';
import { checkLoginThrottle, throttledMessage } from '@/lib/auth/throttle';
import { recordAudit } from '@/lib/audit/record';
import type { PrismaClient } from '@/lib/generated/prisma/client';

export type LoginResult =
  | { ok: true; token: string; expiresAt: Date; user: { id: number; email: string; role: TRole } }
  | { ok: false; reason: 'invalid' | 'throttled' | 'busy'; message: string; retryAt?: Date };

/** Did this client address log in successfully recently (it then bypasses the global budget)? */
async function hasRecentSuccess(db: PrismaClient, ip: string | null, now: Date): Promise<boolean> {
  if (!ip) return false;
  const row = await db.loginAttempt.findFirst({
    where: { ip, success: true, createdAt: { gt: new Date(now.getTime() - LOGIN_ATTEMPT_RETENTION_MS) } },
    select: { id: true },
  });
  return row !== null;
}

/**
 * The whole login decision, independent of Next.js: throttle check (per email + client, per
 * client), admission to a password-check slot (lib/auth/hash-gate.ts: "busy" at once when none is
 * free or the global budget is spent), password check (against a dummy hash for unknown or disabled
 * accounts, so every failure looks and takes the same), one LoginAttempt row, and on success a new
 * session plus a `login` audit row in one transaction — which also ends the user's other sessions
 * when `endOtherSessions` is set. `email` must already be normalised (ZEmail).
 */
export async function attemptLogin(
  db: PrismaClient,
  {
    email,
    password,
    ip = null,
    userAgent = null,
    endOtherSessions = false,
  }: { email: string; password: string; ip?: string | null; userAgent?: string | null; endOtherSessions?: boolean },
  clock: Clock = systemClock,
  gate: HashGate = loginHashGate,
): Promise<LoginResult> {
  // A flood is answered from memory: no slot free means "busy" before any query.
  if (!gate.wouldAdmit(ip)) return { ok: false, reason: 'busy', message: LOGIN_BUSY_MESSAGE };
  const decision = await checkLoginThrottle(db, email, ip, clock);
  if (!decision.allowed && decision.retryAt) {
    // A refused attempt is not recorded: hammering during the delay must not extend it forever.
    return { ok: false, reason: 'throttled', message: throttledMessage(decision.retryAt, clock()), retryAt: decision.retryAt };
  }
  if (gate.budgetSpent(clock().getTime()) && !(await hasRecentSuccess(db, ip, clock()))) {
    return { ok: false, reason: 'busy', message: LOGIN_BUSY_MESSAGE };
  }
  const release = gate.tryAcquire(ip);
  if (!release) return { ok: false, reason: 'busy', message: LOGIN_BUSY_MESSAGE };
  let user: { id: number; email: string; role: string; disabled: boolean; passwordHash: string } | null;
  let rehash: string | null = null;
  let success: boolean;
  try {
    user = await db.user.findUnique({ where: { email }, select: { id: true, email: true, role: true, disabled: true, passwordHash: true } });
    const passwordOk = await verifyPassword(password, user ? user.passwordHash : await getDummyHash());
    success = Boolean(user && !user.disabled && passwordOk);
    if (success && user && needsRehash(user.passwordHash)) rehash = await hashPassword(password);
  } finally {
    release();
  }
  const now = clock();
  if (!success || !user) {
    gate.recordFailure(now.getTime());
    await db.loginAttempt.create({ data: { email, ip, success: false, createdAt: now } });
    return { ok: false, reason: 'invalid', message: LOGIN_FAILED_MESSAGE };
  }
  const userId = user.id;
  const session = await db.$transaction(async (tx) => {
    await tx.loginAttempt.create({ data: { email, ip, success: true, createdAt: now } });
    // Housekeeping on the (rare) successful login: throttling reads 15 minutes; keep 30 days for
    // investigations, and drop every session that has passed its absolute expiry.
    await tx.loginAttempt.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - LOGIN_ATTEMPT_RETENTION_MS) } } });
    await tx.session.deleteMany({ where: { expiresAt: { lte: now } } });
    if (rehash) await tx.user.update({ where: { id: userId }, data: { passwordHash: rehash } });
    const created = await createSession(tx, userId, { now, ip, userAgent });
    const ended = endOtherSessions ? await revokeUserSessions(tx, userId, created.sessionId) : 0;
    await recordAudit(tx, {
      userId,
      entity: 'Session',
      entityId: created.sessionId,
      action: 'login',
      after: { ip, userAgent, ...(endOtherSessions ? { endedOtherSessions: ended } : {}) },
    });
    return created;
  });
  return { ok: true, token: session.token, expiresAt: session.expiresAt, user: { id: user.id, email: user.email, role: asRole(user.role) } };
}
