import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LOGIN_FAILED_MESSAGE, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, type Clock } from '@/lib/auth/config';
import { HashGate } from '@/lib/auth/hash-gate';
import { attemptLogin } from '@/lib/auth/login';
import { hashPassword, parsePasswordHash, scryptParams } from '@/lib/auth/password';
import { revokeUserSessions, validateSessionToken } from '@/lib/auth/sessions';
import { hashToken } from '@/lib/auth/tokens';
import { createTempDatabase, type TempDatabase } from '@/tests/support/temp-db';

let temp: TempDatabase;
const PASSWORD = 'correct horse battery staple';
/** Cheaper than the configured cost (vitest.config.ts), so a successful login must upgrade it. */
const OLD_COST = { ...scryptParams(), N: scryptParams().N / 2 };

/** Each test's own injected clock: no waiting, and no time carried from one test to the next. */
function testClock(start = '2026-03-01T09:00:00Z'): { clock: Clock; advance: (ms: number) => void; now: () => number } {
  let nowMs = Date.parse(start);
  return {
    clock: () => new Date(nowMs),
    advance: (ms) => {
      nowMs += ms;
    },
    now: () => nowMs,
  };
}

/** A user of the calling test alone, for tests that change the account (hash upgrade, disabling). */
async function ownUser(email: string, role = 'editor'): Promise<number> {
  const passwordHash = await hashPassword(PASSWORD, OLD_COST);
  return (await temp.db.user.create({ data: { email, role, passwordHash } })).id;
}

beforeAll(async () => {
  temp = await createTempDatabase();
  // The shared accounts are only read by the tests (logins and failures are rows of their own,
  // cleared before each test); stored at the configured cost so no login rewrites them.
  const passwordHash = await hashPassword(PASSWORD);
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
});

const tryLogin = (clock: Clock, email: string, password: string, ip = '198.51.100.1') =>
  attemptLogin(temp.db, { email, password, ip, userAgent: 'test' }, clock);

describe('login', () => {
  it('creates a session whose token is stored only as its SHA-256, with a login audit row, and upgrades an old hash', async () => {
    const { clock, now } = testClock();
    const userId = await ownUser('fresh-admin@example.org', 'admin');
    const result = await tryLogin(clock, 'fresh-admin@example.org', PASSWORD);
    if (!result.ok) throw new Error(result.message);
    expect(Buffer.from(result.token, 'base64url')).toHaveLength(32);
    const sessions = await temp.db.session.findMany();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]?.tokenHash).toBe(hashToken(result.token));
    expect(JSON.stringify(sessions)).not.toContain(result.token);
    expect(sessions[0]?.expiresAt.getTime()).toBe(now() + SESSION_ABSOLUTE_MS);
    const audit = await temp.db.auditEvent.findMany({ where: { action: 'login', userId } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entity: 'Session', entityId: String(sessions[0]?.id), userId });
    expect(await temp.db.loginAttempt.count({ where: { success: true } })).toBe(1);
    // Stored at half the configured N: the successful login rehashed it at the configured cost.
    const upgraded = await temp.db.user.findUniqueOrThrow({ where: { id: userId } });
    expect(parsePasswordHash(upgraded.passwordHash)).toMatchObject(scryptParams());
    expect(OLD_COST.N).toBeLessThan(scryptParams().N);
    expect((await tryLogin(clock, 'fresh-admin@example.org', PASSWORD)).ok).toBe(true);
  });

  it('issues a new token on every login', async () => {
    const { clock } = testClock();
    const a = await tryLogin(clock, 'ana@example.org', PASSWORD);
    const b = await tryLogin(clock, 'ana@example.org', PASSWORD);
    expect(a.ok && b.ok && a.token !== b.token).toBe(true);
    expect(await temp.db.session.count()).toBe(2);
  });

  it('gives the same answer for an unknown user, a wrong password and a disabled account', async () => {
    const { clock } = testClock();
    const results = [
      await tryLogin(clock, 'nobody@example.org', PASSWORD),
      await tryLogin(clock, 'ana@example.org', 'wrong password!!'),
      await tryLogin(clock, 'off@example.org', PASSWORD),
    ];
    for (const r of results) expect(r).toEqual({ ok: false, reason: 'invalid', message: LOGIN_FAILED_MESSAGE });
    expect(await temp.db.loginAttempt.count({ where: { success: false } })).toBe(3);
    expect(await temp.db.session.count()).toBe(0);
  });
});

describe('throttling (injected clock, no waiting)', () => {
  it('after 5 failures refuses even the right password until 1 s passed, then 2 s after the 6th', async () => {
    const { clock, advance } = testClock();
    for (let i = 0; i < 5; i += 1) {
      expect((await tryLogin(clock, 'ben@example.org', `wrong password ${i}`)).ok).toBe(false);
      advance(1000);
    }
    // 5 failures; the last at now − 1 s: its 1 s delay is over.
    advance(-1000 + 400);
    const refused = await tryLogin(clock, 'ben@example.org', PASSWORD);
    expect(refused).toMatchObject({ ok: false, reason: 'throttled', message: 'Too many failed attempts. Try again in 1 second.' });
    expect(await temp.db.loginAttempt.count()).toBe(5); // refused attempts are not recorded
    advance(600);
    expect(await tryLogin(clock, 'ben@example.org', 'wrong again!!!')).toMatchObject({ reason: 'invalid' }); // 6th failure → 2 s
    advance(1999);
    expect(await tryLogin(clock, 'ben@example.org', PASSWORD)).toMatchObject({ reason: 'throttled' });
    advance(1);
    const ok = await tryLogin(clock, 'ben@example.org', PASSWORD);
    expect(ok.ok).toBe(true);
    // Success resets the account counter.
    expect(await tryLogin(clock, 'ben@example.org', 'wrong once more')).toMatchObject({ reason: 'invalid' });
  });

  it('throttles unknown emails the same way (no account enumeration)', async () => {
    const { clock } = testClock();
    for (let i = 0; i < 5; i += 1) expect(await tryLogin(clock, 'ghost@example.org', `guess number ${i}`)).toMatchObject({ reason: 'invalid' });
    expect(await tryLogin(clock, 'ghost@example.org', 'guess again')).toMatchObject({ reason: 'throttled' });
  });

  it('refuses an IP after 20 failures in 15 minutes, across accounts', async () => {
    const { clock, advance } = testClock();
    for (let i = 0; i < 20; i += 1) {
      expect(await tryLogin(clock, `user${i}@example.org`, 'wrong password', '192.0.2.9')).toMatchObject({ reason: 'invalid' });
      advance(10_000);
    }
    expect(await tryLogin(clock, 'ana@example.org', PASSWORD, '192.0.2.9')).toMatchObject({ reason: 'throttled' });
    expect((await tryLogin(clock, 'ana@example.org', PASSWORD, '192.0.2.10')).ok).toBe(true);
    advance(15 * 60_000 - 200_000); // the first failure leaves the window
    expect((await tryLogin(clock, 'ana@example.org', PASSWORD, '192.0.2.9')).ok).toBe(true);
  });
});

describe('issue #15: no lockout, no hash flood', () => {
  it('a stranger hammering a known email does not lock its owner out of another client (finding 4)', async () => {
    const { clock, advance } = testClock();
    const outcomes: string[] = [];
    for (let i = 0; i < 12; i += 1) {
      const r = await tryLogin(clock, 'ben@example.org', `a wrong guess ${i}`, '203.0.113.66');
      outcomes.push(r.ok ? 'ok' : r.reason);
      advance(100);
    }
    // The attacker's own client is delayed after 5 failures…
    expect(outcomes.slice(0, 5)).toEqual(['invalid', 'invalid', 'invalid', 'invalid', 'invalid']);
    expect(outcomes.slice(5)).toContain('throttled');
    // …while the owner, from a client without failures, gets in every time (the pen test: 5 of 6 refused).
    const owner = [];
    for (let i = 0; i < 6; i += 1) owner.push((await tryLogin(clock, 'ben@example.org', PASSWORD, '198.51.100.7')).ok);
    expect(owner).toEqual([true, true, true, true, true, true]);
  });

  it('answers "busy" at once, without a hash or a LoginAttempt row, when no password-check slot is free', async () => {
    const { clock } = testClock();
    // A stored hash at the production cost (its key need not match: checking it at all would take
    // hundreds of ms and 128 MiB), so "at once" below shows that no password check ran.
    const salt = Buffer.alloc(16, 1).toString('base64');
    const key = Buffer.alloc(32, 2).toString('base64');
    await temp.db.user.create({ data: { email: 'costly@example.org', passwordHash: `scrypt$131072$8$1$${salt}$${key}` } });
    const gate = new HashGate({ total: 2, perClient: 1 }, { failuresPerWindow: 100, windowMs: 60_000 });
    const heldByA = gate.tryAcquire('192.0.2.1');
    expect(heldByA).not.toBeNull();
    // The same client cannot take a second slot…
    const t0 = performance.now();
    const busy = await attemptLogin(temp.db, { email: 'costly@example.org', password: PASSWORD, ip: '192.0.2.1' }, clock, gate);
    expect(busy).toMatchObject({ ok: false, reason: 'busy' });
    expect(performance.now() - t0).toBeLessThan(200); // no scrypt at 2^17 (a check takes hundreds of ms)
    expect(await temp.db.loginAttempt.count()).toBe(0);
    // …another client can, and once both slots are taken everyone is told to retry.
    const heldByB = gate.tryAcquire('192.0.2.2');
    expect(await attemptLogin(temp.db, { email: 'costly@example.org', password: PASSWORD, ip: '192.0.2.3' }, clock, gate)).toMatchObject({ reason: 'busy' });
    expect(await temp.db.loginAttempt.count()).toBe(0);
    heldByA?.();
    heldByB?.();
    expect(gate.inUse).toBe(0);
    expect((await attemptLogin(temp.db, { email: 'ana@example.org', password: PASSWORD, ip: '192.0.2.3' }, clock, gate)).ok).toBe(true);
    expect(gate.inUse).toBe(0); // released after the check
  });

  it('spends a global budget of failed checks; then only clients that logged in before are checked', async () => {
    const { clock, advance } = testClock();
    const gate = new HashGate({ total: 2, perClient: 1 }, { failuresPerWindow: 3, windowMs: 60_000 });
    expect((await attemptLogin(temp.db, { email: 'ana@example.org', password: PASSWORD, ip: '198.51.100.50' }, clock, gate)).ok).toBe(true);
    for (let i = 0; i < 3; i += 1) {
      expect(await attemptLogin(temp.db, { email: `user${i}@example.org`, password: 'wrong password', ip: `192.0.2.${100 + i}` }, clock, gate)).toMatchObject({
        reason: 'invalid',
      });
    }
    expect(await attemptLogin(temp.db, { email: 'ben@example.org', password: PASSWORD, ip: '192.0.2.200' }, clock, gate)).toMatchObject({ reason: 'busy' });
    expect((await attemptLogin(temp.db, { email: 'ana@example.org', password: PASSWORD, ip: '198.51.100.50' }, clock, gate)).ok).toBe(true);
    advance(60_001); // the budget's window slides
    expect((await attemptLogin(temp.db, { email: 'ben@example.org', password: PASSWORD, ip: '192.0.2.200' }, clock, gate)).ok).toBe(true);
  });

  it("can end the user's other sessions on login, in the same transaction as its audit row", async () => {
    const { clock } = testClock();
    const userId = await ownUser('many-sessions@example.org');
    const first = await tryLogin(clock, 'many-sessions@example.org', PASSWORD);
    const second = await tryLogin(clock, 'many-sessions@example.org', PASSWORD);
    await tryLogin(clock, 'ben@example.org', PASSWORD);
    const third = await attemptLogin(temp.db, { email: 'many-sessions@example.org', password: PASSWORD, ip: '198.51.100.1', endOtherSessions: true }, clock);
    if (!first.ok || !second.ok || !third.ok) throw new Error('login failed');
    expect(await validateSessionToken(temp.db, first.token, clock)).toBeNull();
    expect(await validateSessionToken(temp.db, second.token, clock)).toBeNull();
    expect((await validateSessionToken(temp.db, third.token, clock))?.email).toBe('many-sessions@example.org');
    expect(await temp.db.session.count()).toBe(2); // the user's new one and ben's
    const audit = await temp.db.auditEvent.findMany({ where: { action: 'login', userId }, orderBy: { id: 'asc' } });
    expect(audit).toHaveLength(3);
    expect(JSON.parse(audit[2]?.after ?? '{}')).toMatchObject({ endedOtherSessions: 2 });
  });
});

describe('session validation', () => {
  it('slides the idle window and ends at 30 min idle', async () => {
    const { clock, advance } = testClock();
    const r = await tryLogin(clock, 'ana@example.org', PASSWORD);
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
    const { clock, advance } = testClock();
    const r = await tryLogin(clock, 'ana@example.org', PASSWORD);
    if (!r.ok) throw new Error('login failed');
    let checks = 0;
    for (let elapsed = 0; elapsed < SESSION_ABSOLUTE_MS - 20 * 60_000; elapsed += 20 * 60_000) {
      advance(20 * 60_000);
      expect(await validateSessionToken(temp.db, r.token, clock)).not.toBeNull();
      checks += 1;
    }
    expect(checks).toBe(SESSION_ABSOLUTE_MS / (20 * 60_000) - 1);
    advance(20 * 60_000);
    expect(await validateSessionToken(temp.db, r.token, clock)).toBeNull();
  });

  it('is revoked server-side: deleting the sessions or disabling the user ends it', async () => {
    const { clock } = testClock();
    const userId = await ownUser('revoked@example.org');
    const r = await tryLogin(clock, 'revoked@example.org', PASSWORD);
    if (!r.ok) throw new Error('login failed');
    expect(await validateSessionToken(temp.db, r.token, clock)).not.toBeNull();
    await revokeUserSessions(temp.db, userId);
    expect(await validateSessionToken(temp.db, r.token, clock)).toBeNull();
    const again = await tryLogin(clock, 'revoked@example.org', PASSWORD);
    if (!again.ok) throw new Error('login failed');
    await temp.db.user.update({ where: { id: userId }, data: { disabled: true } });
    expect(await validateSessionToken(temp.db, again.token, clock)).toBeNull();
  });

  it('ignores unknown or absurd tokens', async () => {
    const { clock } = testClock();
    expect(await validateSessionToken(temp.db, undefined, clock)).toBeNull();
    expect(await validateSessionToken(temp.db, 'x'.repeat(43), clock)).toBeNull();
    expect(await validateSessionToken(temp.db, 'x'.repeat(5000), clock)).toBeNull();
  });
});
