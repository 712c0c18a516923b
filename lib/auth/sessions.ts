import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, SESSION_TOUCH_INTERVAL_MS, systemClock, type Clock } from '@/lib/auth/config';
import { generateToken, hashToken } from '@/lib/auth/tokens';
import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';

/**
 * Server-side sessions (no Next.js imports, so tests drive them with a real database and a fake
 * clock). The cookie holds a random token; the table holds only its SHA-256.
 */
export type TRole = 'admin' | 'editor';

export interface TSessionUser {
  id: number;
  email: string;
  name: string | null;
  role: TRole;
  sessionId: number;
}

export type SessionState = 'valid' | 'idle-expired' | 'absolute-expired';

/** Idle: 30 min since lastSeenAt; absolute: 8 h after login (expiresAt). */
export function sessionState(session: { lastSeenAt: Date; expiresAt: Date }, now: Date): SessionState {
  if (now.getTime() >= session.expiresAt.getTime()) return 'absolute-expired';
  if (now.getTime() - session.lastSeenAt.getTime() >= SESSION_IDLE_MS) return 'idle-expired';
  return 'valid';
}

export function asRole(value: string): TRole {
  return value === 'admin' ? 'admin' : 'editor';
}

type SessionWriter = Pick<Prisma.TransactionClient, 'session'>;

/** Create a session with a fresh token (a new one on every login: no session fixation). */
export async function createSession(
  tx: SessionWriter,
  userId: number,
  { now = new Date(), ip = null, userAgent = null }: { now?: Date; ip?: string | null; userAgent?: string | null } = {},
): Promise<{ token: string; sessionId: number; expiresAt: Date }> {
  const token = generateToken();
  const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS);
  // Housekeeping: this user's dead sessions go when a new one starts.
  await tx.session.deleteMany({ where: { userId, OR: [{ expiresAt: { lte: now } }, { lastSeenAt: { lte: new Date(now.getTime() - SESSION_IDLE_MS) } }] } });
  const session = await tx.session.create({
    data: { tokenHash: hashToken(token), userId, createdAt: now, lastSeenAt: now, expiresAt, ip, userAgent: userAgent?.slice(0, 300) ?? null },
    select: { id: true },
  });
  return { token, sessionId: session.id, expiresAt };
}

/**
 * The user behind a cookie token, or null. Expired sessions and sessions of disabled users are
 * deleted on sight; a valid one slides its idle window (written at most once a minute).
 */
export async function validateSessionToken(db: PrismaClient, token: string | undefined, clock: Clock = systemClock): Promise<TSessionUser | null> {
  if (!token || token.length > 200) return null;
  const now = clock();
  const session = await db.session.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { user: { select: { id: true, email: true, name: true, role: true, disabled: true } } },
  });
  if (!session) return null;
  if (sessionState(session, now) !== 'valid' || session.user.disabled) {
    await db.session.deleteMany({ where: { id: session.id } });
    return null;
  }
  if (now.getTime() - session.lastSeenAt.getTime() >= SESSION_TOUCH_INTERVAL_MS) {
    await db.session.updateMany({ where: { id: session.id }, data: { lastSeenAt: now } });
  }
  const { user } = session;
  return { id: user.id, email: user.email, name: user.name, role: asRole(user.role), sessionId: session.id };
}

/** Revoke one session by its cookie token (logout). Returns the revoked session's user id. */
export async function revokeSessionToken(tx: SessionWriter, token: string): Promise<number | null> {
  const session = await tx.session.findUnique({ where: { tokenHash: hashToken(token) }, select: { id: true, userId: true } });
  if (!session) return null;
  await tx.session.deleteMany({ where: { id: session.id } });
  return session.userId;
}

/** Revoke every session of a user (disable, password reset), optionally keeping one. */
export async function revokeUserSessions(tx: SessionWriter, userId: number, exceptSessionId?: number): Promise<number> {
  const { count } = await tx.session.deleteMany({
    where: { userId, ...(exceptSessionId === undefined ? {} : { id: { not: exceptSessionId } }) },
  });
  return count;
}
