import { THROTTLE, systemClock, type Clock } from '@/lib/auth/config';
import type { PrismaClient } from '@/lib/generated/prisma/client';

/**
 * Login throttling. Refuses attempts until a delay has passed (never sleeps the server):
 * - per account and client (the normalised email, whether or not it exists, with the client
 *   address): the first 5 failures in 15 min are free; after failure n ≥ 5 the next attempt waits
 *   min(1 s · 2^(n−5), 60 s) from that failure; a successful login from that client resets the
 *   count. Keyed on the pair, not the email alone, so someone who knows an editor's email cannot
 *   keep the editor out (issue #15, finding 4): a client without failures can always try;
 * - per client IP: 20 failures in 15 min; then refused until the oldest of those 20 leaves the window.
 */
export function accountDelayMs(failures: number): number {
  if (failures < THROTTLE.accountFreeFailures) return 0;
  const exponent = failures - THROTTLE.accountFreeFailures;
  return Math.min(THROTTLE.baseDelayMs * 2 ** Math.min(exponent, 30), THROTTLE.maxDelayMs);
}

export interface ThrottleDecision {
  allowed: boolean;
  /** When refused: the earliest moment a new attempt is considered. */
  retryAt?: Date;
  reason?: 'account' | 'ip';
}

/**
 * Pure decision from failure timestamps (any order): `accountFailures` since the account's last
 * success within the window, `ipFailures` within the window.
 */
export function decideThrottle(accountFailures: readonly Date[], ipFailures: readonly Date[], now: Date): ThrottleDecision {
  const windowStart = now.getTime() - THROTTLE.windowMs;
  const account = accountFailures
    .map((d) => d.getTime())
    .filter((t) => t > windowStart)
    .sort((a, b) => b - a);
  const ip = ipFailures
    .map((d) => d.getTime())
    .filter((t) => t > windowStart)
    .sort((a, b) => b - a);
  let retryAt = 0;
  let reason: ThrottleDecision['reason'];
  const delay = accountDelayMs(account.length);
  if (delay > 0 && account[0] !== undefined && account[0] + delay > now.getTime()) {
    retryAt = account[0] + delay;
    reason = 'account';
  }
  const ipBlockingFailure = ip[THROTTLE.ipMaxFailures - 1];
  if (ipBlockingFailure !== undefined) {
    const ipRetry = ipBlockingFailure + THROTTLE.windowMs;
    if (ipRetry > now.getTime() && ipRetry > retryAt) {
      retryAt = ipRetry;
      reason = 'ip';
    }
  }
  return reason ? { allowed: false, retryAt: new Date(retryAt), reason } : { allowed: true };
}

/** Read the recent LoginAttempt rows and decide. */
export async function checkLoginThrottle(db: PrismaClient, email: string, ip: string | null, clock: Clock = systemClock): Promise<ThrottleDecision> {
  const now = clock();
  const since = new Date(now.getTime() - THROTTLE.windowMs);
  const lastSuccess = await db.loginAttempt.findFirst({
    where: { email, ip, success: true, createdAt: { gt: since } },
    orderBy: { createdAt: 'desc' },
    select: { createdAt: true },
  });
  const accountSince = lastSuccess && lastSuccess.createdAt > since ? lastSuccess.createdAt : since;
  const accountRows = await db.loginAttempt.findMany({
    where: { email, ip, success: false, createdAt: { gt: accountSince } },
    orderBy: { createdAt: 'desc' },
    take: 64,
    select: { createdAt: true },
  });
  const ipRows = ip
    ? await db.loginAttempt.findMany({
        where: { ip, success: false, createdAt: { gt: since } },
        orderBy: { createdAt: 'desc' },
        take: THROTTLE.ipMaxFailures,
        select: { createdAt: true },
      })
    : [];
  return decideThrottle(
    accountRows.map((r) => r.createdAt),
    ipRows.map((r) => r.createdAt),
    now,
  );
}

/** "Try again in 4 seconds." */
export function throttledMessage(retryAt: Date, now: Date): string {
  const seconds = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000));
  return `Too many failed attempts. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`;
}
