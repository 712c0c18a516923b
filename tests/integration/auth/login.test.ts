import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LOGIN_FAILED_MESSAGE, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '@/lib/auth/config';
import { attemptLogin } from '@/lib/auth/login';
import { hashPassword } from '@/lib/auth/password';
import { revokeUserSessions, validateSessionToken } from '@/lib/auth/sessions';
import { hashToken } from '@/lib/auth/tokens';
import { createTempDatabase, type TempDatabase } from '@/tests/support/temp-db';

let temp: TempDatabase;
let nowMs = Date.parse('2026-03-01T09:00:00Z');
const clock = () => new Date(nowMs);
const advance = (ms: number) => {
  nowMs += ms;
};
const PASSWORD = 'correct horse battery staple';

beforeAll(async () => {
  temp = await createTempDatabase();
  // Stored with a cheap cost to keep this file fast (verify reads the cost from the string); a
  // successful login upgrades it to the full cost (needsRehash), which is exercised here too.
  const passwordHash = await hashPassword(PASSWORD, { N: 2 ** 12, r: 8, p: 1 });
  await temp.db.user.createMany({
    data: [
      { email: 'ana@example.org', role: 'admin', passwordHash },
      { email: 'ben@example.org', role: 'editor', passwordHash },
      { email: 'off@example.org', role: 'editor', passwordHash, disabled: true },
      ...Array.from({ length: 20 }, (_, i) => ({ email: `user${i}@example.org`, passwordHash })),
    ],
  });
});
afterAll(async () => temp.cleanup());
beforeEach(async () => {
  await temp.db.loginAttempt.deleteMany({});
  await temp.db.session.deleteMany({});
  advance(60 * 60_000);
});

const tryLogin = (email: string, password: string, ip = '198.51.100.1') => attemptLogin(temp.db, { email, password, ip, userAgent: 'test' }, clock);

describe('login', () => {
  it('creates a session whose token is stored only as its SHA-256, with a login audit row', async () => {
    const result = await tryLogin('ana@example.org', PASSWORD);
    if (!result.ok) throw new Error(result.message);
    expect(Buffer.from(result.token, 'base64url')).toHaveLength(32);
    const sessions = await temp.db.session.findMany();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]?.tokenHash).toBe(hashToken(result.token));
    expect(JSON.stringify(sessions)).not.toContain(result.token);
    expect(sessions[0]?.expiresAt.getTime()).toBe(nowMs + SESSION_ABSOLUTE_MS);
    const audit = await temp.db.auditEvent.findFirst({ where: { action: 'login' }, orderBy: { id: 'desc' } });
    expect(audit).toMatchObject({ entity: 'Session', entityId: String(sessions[0]?.id), userId: 1 });
    expect(await temp.db.loginAttempt.count({ where: { success: true } })).toBe(1);
    const upgraded = await temp.db.user.findUniqueOrThrow({ where: { email: 'ana@example.org' } });
    expect(upgraded.passwordHash.startsWith('scrypt$131072$8$1$')).toBe(true);
  });

  it('issues a new token on every login', async () => {
    const a = await tryLogin('ana@example.org', PASSWORD);
    const b = await tryLogin('ana@example.org', PASSWORD);
    expect(a.ok && b.ok && a.token !== b.token).toBe(true);
    expect(await temp.db.session.count()).toBe(2);
  });

  it('gives the same answer for an unknown user, a wrong password and a disabled account', async () => {
    const results = [await tryLogin('nobody@example.org', PASSWORD), await tryLogin('ana@example.org', 'wrong password!!'), await tryLogin('off@example.org', PASSWORD)];
    for (const r of results) expect(r).toEqual({ ok: false, reason: 'invalid', message: LOGIN_FAILED_MESSAGE });
    expect(await temp.db.loginAttempt.count({ where: { success: false } })).toBe(3);
    expect(await temp.db.session.count()).toBe(0);
  });
});

describe('throttling (injected clock, no waiting)', () => {
  it('after 5 failures refuses even the right password until 1 s passed, then 2 s after the 6th', async () => {
    for (let i = 0; i < 5; i += 1) {
      expect((await tryLogin('ben@example.org', `wrong password ${i}`)).ok).toBe(false);
      advance(1000);
    }
    // 5 failures; the last at now − 1 s: its 1 s delay is over.
    advance(-1000 + 400);
    const refused = await tryLogin('ben@example.org', PASSWORD);
    expect(refused).toMatchObject({ ok: false, reason: 'throttled', message: 'Too many failed attempts. Try again in 1 second.' });
    expect(await temp.db.loginAttempt.count()).toBe(5); // refused attempts are not recorded
    advance(600);
    expect(await tryLogin('ben@example.org', 'wrong again!!!')).toMatchObject({ reason: 'invalid' }); // 6th failure → 2 s
    advance(1999);
    expect(await tryLogin('ben@example.org', PASSWORD)).toMatchObject({ reason: 'throttled' });
    advance(1);
    const ok = await tryLogin('ben@example.org', PASSWORD);
    expect(ok.ok).toBe(true);
    // Success resets the account counter.
    expect(await tryLogin('ben@example.org', 'wrong once more')).toMatchObject({ reason: 'invalid' });
  });

  it('throttles unknown emails the same way (no account enumeration)', async () => {
    for (let i = 0; i < 5; i += 1) await tryLogin('ghost@example.org', `guess number ${i}`);
    expect(await tryLogin('ghost@example.org', 'guess again')).toMatchObject({ reason: 'throttled' });
  });

  it('refuses an IP after 20 failures in 15 minutes, across accounts', async () => {
    for (let i = 0; i < 20; i += 1) {
      await tryLogin(`user${i}@example.org`, 'wrong password', '192.0.2.9');
      advance(10_000);
    }
    expect(await tryLogin('ana@example.org', PASSWORD, '192.0.2.9')).toMatchObject({ reason: 'throttled' });
    expect((await tryLogin('ana@example.org', PASSWORD, '192.0.2.10')).ok).toBe(true);
    advance(15 * 60_000 - 200_000); // the first failure leaves the window
    expect((await tryLogin('ana@example.org', PASSWORD, '192.0.2.9')).ok).toBe(true);
  });
});

describe('session validation', () => {
  it('slides the idle window and ends at 30 min idle', async () => {
    const r = await tryLogin('ana@example.org', PASSWORD);
    if (!r.ok) throw new Error('login failed');
    advance(SESSION_IDLE_MS - 1000);
    expect((await validateSessionToken(temp.db, r.token, clock))?.email).toBe('ana@example.org');
    advance(SESSION_IDLE_MS - 1000); // 29 min after the last request: still fine
    expect((await validateSessionToken(temp.db, r.token, clock))?.role).toBe('admin');
    advance(SESSION_IDLE_MS);
    expect(await validateSessionToken(temp.db, r.token, clock)).toBeNull();
    expect(await temp.db.session.count()).toBe(0); // deleted on sight
  });

  it('ends 8 h after login however active the user is', async () => {
    const r = await tryLogin('ana@example.org', PASSWORD);
    if (!r.ok) throw new Error('login failed');
    for (let elapsed = 0; elapsed < SESSION_ABSOLUTE_MS - 20 * 60_000; elapsed += 20 * 60_000) {
      advance(20 * 60_000);
      expect(await validateSessionToken(temp.db, r.token, clock)).not.toBeNull();
    }
    advance(20 * 60_000);
    expect(await validateSessionToken(temp.db, r.token, clock)).toBeNull();
  });

  it('is revoked server-side: deleting the sessions or disabling the user ends it', async () => {
    const r = await tryLogin('ben@example.org', PASSWORD);
    if (!r.ok) throw new Error('login failed');
    expect(await validateSessionToken(temp.db, r.token, clock)).not.toBeNull();
    await revokeUserSessions(temp.db, 2);
    expect(await validateSessionToken(temp.db, r.token, clock)).toBeNull();
    const again = await tryLogin('ben@example.org', PASSWORD);
    if (!again.ok) throw new Error('login failed');
    await temp.db.user.update({ where: { id: 2 }, data: { disabled: true } });
    expect(await validateSessionToken(temp.db, again.token, clock)).toBeNull();
    await temp.db.user.update({ where: { id: 2 }, data: { disabled: false } });
  });

  it('ignores unknown or absurd tokens', async () => {
    expect(await validateSessionToken(temp.db, undefined, clock)).toBeNull();
    expect(await validateSessionToken(temp.db, 'x'.repeat(43), clock)).toBeNull();
    expect(await validateSessionToken(temp.db, 'x'.repeat(5000), clock)).toBeNull();
  });
});
