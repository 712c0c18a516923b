import { describe, expect, it } from 'vitest';
import { SESSION_ABSOLUTE_MS } from '@/lib/auth/config';
import { sessionCookieSettings } from '@/lib/auth/cookie';
import { sessionState } from '@/lib/auth/sessions';
import { generateToken, hashToken } from '@/lib/auth/tokens';

const t0 = new Date('2026-01-01T09:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const MIN = 60_000;

describe('session expiry', () => {
  const fresh = { lastSeenAt: t0, expiresAt: at(SESSION_ABSOLUTE_MS) };

  it('is idle-expired after 30 minutes without a request', () => {
    expect(sessionState(fresh, at(29 * MIN + 59_000))).toBe('valid');
    expect(sessionState(fresh, at(30 * MIN))).toBe('idle-expired');
  });

  it('slides with lastSeenAt but ends 8 hours after login whatever the activity', () => {
    const active = { lastSeenAt: at(7 * 60 * MIN + 50 * MIN), expiresAt: fresh.expiresAt };
    expect(sessionState(active, at(7 * 60 * MIN + 59 * MIN))).toBe('valid');
    expect(sessionState(active, at(8 * 60 * MIN))).toBe('absolute-expired');
  });
});

describe('session tokens and cookie', () => {
  it('uses 256-bit random tokens and stores their SHA-256', () => {
    const token = generateToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(generateToken()).not.toBe(token);
    // SHA-256("abc"), FIPS 180-2 appendix B.1.
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('is __Host- prefixed and Secure in production, plain on http dev/test servers', () => {
    expect(sessionCookieSettings({ NODE_ENV: 'production', SESSION_COOKIE_SECURE: 'auto' })).toEqual({
      name: '__Host-pollboard_session',
      options: { httpOnly: true, sameSite: 'lax', path: '/', secure: true, maxAge: 8 * 3600 },
    });
    expect(sessionCookieSettings({ NODE_ENV: 'development', SESSION_COOKIE_SECURE: 'auto' })).toMatchObject({
      name: 'pollboard_session',
      options: { httpOnly: true, sameSite: 'lax', path: '/', secure: false },
    });
    expect(sessionCookieSettings({ NODE_ENV: 'production', SESSION_COOKIE_SECURE: 'false' }).name).toBe('pollboard_session');
  });
});
