import { describe, expect, it } from 'vitest';
import { THROTTLE } from '@/lib/auth/config';
import { accountDelayMs, decideThrottle, throttledMessage } from '@/lib/auth/throttle';

const now = new Date('2026-01-01T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const times = (n: number, spacingMs: number, newestAgoMs = 0) => Array.from({ length: n }, (_, i) => ago(newestAgoMs + i * spacingMs));

describe('login throttling numbers', () => {
  it('lets 4 failures pass and delays from the 5th: 1 s, 2 s, 4 s … capped at 60 s', () => {
    expect([0, 1, 4, 5, 6, 7, 8, 10, 11, 12, 40].map(accountDelayMs)).toEqual([0, 0, 0, 1000, 2000, 4000, 8000, 32_000, 60_000, 60_000, 60_000]);
    expect(THROTTLE).toMatchObject({ windowMs: 15 * 60_000, accountFreeFailures: 5, ipMaxFailures: 20, maxDelayMs: 60_000 });
  });

  it('refuses an attempt 500 ms after the 5th failure and allows it after 1 s', () => {
    const five = times(5, 10_000, 500);
    expect(decideThrottle(five, [], now)).toEqual({ allowed: false, retryAt: new Date(now.getTime() + 500), reason: 'account' });
    expect(decideThrottle(times(5, 10_000, 1000), [], now)).toEqual({ allowed: true });
    expect(decideThrottle(times(4, 10, 0), [], now)).toEqual({ allowed: true });
  });

  it('forgets failures older than 15 minutes', () => {
    const old = times(10, 1000, 15 * 60_000 + 1);
    expect(decideThrottle(old, old, now)).toEqual({ allowed: true });
  });

  it('refuses an IP after 20 failures until the oldest of them leaves the window', () => {
    const ip = times(20, 30_000, 5000); // newest 5 s ago, oldest 5 s + 19 · 30 s = 575 s ago
    const decision = decideThrottle([], ip, now);
    expect(decision.allowed).toBe(false);
    expect(decision.reason).toBe('ip');
    expect(decision.retryAt?.getTime()).toBe(now.getTime() - 575_000 + 15 * 60_000);
    expect(decideThrottle([], times(19, 1000), now)).toEqual({ allowed: true });
  });

  it('says how long to wait', () => {
    expect(throttledMessage(new Date(now.getTime() + 1), now)).toBe('Too many failed attempts. Try again in 1 second.');
    expect(throttledMessage(new Date(now.getTime() + 3200), now)).toBe('Too many failed attempts. Try again in 4 seconds.');
  });
});
