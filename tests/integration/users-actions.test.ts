/**
 * The users page's actions with real sessions: an admin's cookie in the (mocked) request scope,
 * the real database behind the app's shared client.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { sessionCookieSettings } from '@/lib/auth/cookie';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import { createSession } from '@/lib/auth/sessions';
import { ensureSetupToken } from '@/lib/auth/setup-token';
import { createResetPasswordForm } from '@/tests/support/forms';
import { db } from '@/lib/db';
import { createUser, resetUserPassword, setUserDisabled } from '@/lib/actions/users';
import { completeSetup, login, logout } from '@/lib/actions/auth';
import { migrateAppDatabase, removeAppDatabase } from '@/tests/support/app-db';
import { tableCounts } from '@/tests/support/db-counts';
import { redirectTarget, requestContext } from '@/tests/support/request-context';

vi.mock('next/headers', async () => (await import('../support/request-context')).nextHeadersMock);
vi.mock('next/cache', async () => (await import('../support/request-context')).nextCacheMock);
await vi.hoisted(async () => {
  const { prepareAppDatabaseUrl } = await import('../support/app-db');
  await prepareAppDatabaseUrl();
});

const COOKIE = sessionCookieSettings().name;
const PASSWORD = 'first admin password';
const idle = { status: 'idle' } as const;
let cheapHash = '';

function form(fields: Record<string, string | number>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.set(k, String(v));
  return fd;
}

async function signInAs(email: string): Promise<number> {
  const user = await db.user.findUniqueOrThrow({ where: { email } });
  const { token, sessionId } = await createSession(db, user.id);
  requestContext.cookies.set(COOKIE, { name: COOKIE, value: token });
  return sessionId;
}

async function rejects<T>(promise: Promise<T>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

beforeAll(async () => {
  await migrateAppDatabase();
  cheapHash = await hashPassword('editor password 1', { N: 2 ** 12, r: 8, p: 1 });
});
afterAll(removeAppDatabase);
beforeEach(() => requestContext.reset());

describe('first-run setup', () => {
  it('creates the first admin with the printed token, signs them in, and works only once', async () => {
    const token = await ensureSetupToken(db, 'a-fixed-setup-token-for-this-test-0123456789');
    expect(token).toBe('a-fixed-setup-token-for-this-test-0123456789');
    const fields = { token: token ?? '', email: 'Ana@Example.org', name: 'Ana', password: PASSWORD, confirm: PASSWORD };
    expect(await completeSetup(idle, form({ ...fields, confirm: 'something else!' }))).toMatchObject({
      status: 'error',
      code: 'VALIDATION',
      fieldErrors: { confirm: ['The two passwords differ.'] },
      values: { email: 'Ana@Example.org', name: 'Ana' },
    });
    expect(redirectTarget(await rejects(completeSetup(idle, form(fields))))).toBe('/admin');
    const ana = await db.user.findUniqueOrThrow({ where: { email: 'ana@example.org' } });
    expect(ana).toMatchObject({ role: 'admin', name: 'Ana', disabled: false });
    expect(await verifyPassword(PASSWORD, ana.passwordHash)).toBe(true);
    expect(requestContext.cookies.get(COOKIE)?.options).toMatchObject({ httpOnly: true, sameSite: 'lax', path: '/' });
    expect(await db.session.count({ where: { userId: ana.id } })).toBe(1);
    expect(await db.auditEvent.count({ where: { entity: 'User', action: 'setup' } })).toBe(1);
    // Once a user exists: no second admin through the same link, and no new token is printed.
    requestContext.reset();
    expect(await completeSetup(idle, form({ ...fields, email: 'eve@example.org' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await ensureSetupToken(db)).toBeNull();
    expect(await db.setupToken.count()).toBe(0);
  });
});

describe('login and logout actions', () => {
  it('sets a fresh cookie on login and revokes the session on logout', async () => {
    requestContext.headers.set('x-forwarded-for', '198.51.100.20');
    const target = redirectTarget(await rejects(login(idle, form({ email: 'ana@example.org', password: PASSWORD, next: '/admin/users' }))));
    expect(target).toBe('/admin/users');
    const token = requestContext.cookies.get(COOKIE)?.value ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await db.loginAttempt.findFirst({ orderBy: { id: 'desc' } })).toMatchObject({ email: 'ana@example.org', ip: '198.51.100.20', success: true });
    const sessions = await db.session.count();
    expect(redirectTarget(await rejects(logout()))).toBe('/admin/login');
    expect(await db.session.count()).toBe(sessions - 1);
    expect(requestContext.cookies.get(COOKIE)).toMatchObject({ value: '', options: { maxAge: 0 } });
    expect(await db.auditEvent.findFirst({ orderBy: { id: 'desc' } })).toMatchObject({ action: 'logout', entity: 'Session' });
  });
});

describe('users actions', () => {
  it('an admin creates a user: one transaction, one audit row without the hash', async () => {
    await signInAs('ana@example.org');
    const auditBefore = await db.auditEvent.count();
    const state = await createUser(idle, form({ email: 'ben@example.org', name: 'Ben', role: 'editor', password: 'editor password 1' }));
    expect(state).toEqual({ status: 'success', message: 'Created ben@example.org (editor).' });
    expect(await db.auditEvent.count()).toBe(auditBefore + 1);
    const audit = await db.auditEvent.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(audit).toMatchObject({ entity: 'User', action: 'create', userId: 1 });
    expect(audit.after).toContain('"passwordHash":"[redacted]"');
    expect(audit.after).not.toContain('scrypt$');
  });

  it('refuses a duplicate email and bad fields next to the field, keeping the values', async () => {
    await signInAs('ana@example.org');
    const before = await tableCounts(db);
    expect(await createUser(idle, form({ email: 'BEN@example.org', role: 'editor', password: 'another password' }))).toMatchObject({
      status: 'error',
      fieldErrors: { email: ['A user with this email already exists.'] },
      values: { email: 'BEN@example.org', role: 'editor' },
    });
    const bad = await createUser(idle, form({ email: 'x', role: 'owner', password: 'short' }));
    expect(Object.keys(bad.fieldErrors ?? {}).sort()).toEqual(['email', 'password', 'role']);
    expect(bad.values).not.toHaveProperty('password');
    expect(await tableCounts(db)).toEqual(before);
  });

  it('an editor is FORBIDDEN from user management and nothing changes', async () => {
    await db.user.update({ where: { email: 'ben@example.org' }, data: { passwordHash: cheapHash } });
    await signInAs('ben@example.org');
    const before = await tableCounts(db);
    const ben = await db.user.findUniqueOrThrow({ where: { email: 'ben@example.org' } });
    expect(await createUser(idle, form({ email: 'eve@example.org', role: 'admin', password: 'eve password 123' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await setUserDisabled(idle, form({ userId: 1, version: 1, disabled: 'true' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await resetUserPassword(idle, createResetPasswordForm(1, ben.version, 'taken over 1234'))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await tableCounts(db)).toEqual(before);
  });

  it('disabling ends the user’s sessions at once; stale forms get a conflict; enabling is audited too', async () => {
    const benSession = await signInAs('ben@example.org');
    await signInAs('ana@example.org');
    const ben = await db.user.findUniqueOrThrow({ where: { email: 'ben@example.org' } });
    const auditBefore = await db.auditEvent.count();
    expect(await setUserDisabled(idle, form({ userId: ben.id, version: ben.version, disabled: 'true' }))).toMatchObject({ status: 'success' });
    expect(await db.session.findUnique({ where: { id: benSession } })).toBeNull();
    expect(await db.user.findUniqueOrThrow({ where: { id: ben.id } })).toMatchObject({ disabled: true, version: ben.version + 1 });
    expect(await db.auditEvent.count()).toBe(auditBefore + 1);
    // The form was loaded before this change: stale version → conflict naming who changed it.
    const stale = await setUserDisabled(idle, form({ userId: ben.id, version: ben.version, disabled: 'false' }));
    expect(stale).toMatchObject({ status: 'error', code: 'CONFLICT' });
    expect(stale.message).toMatch(/^Changed by Ana \(ana@example\.org\) at .+ — reload to see their version\.$/);
    expect(await setUserDisabled(idle, form({ userId: ben.id, version: ben.version + 1, disabled: 'false' }))).toMatchObject({ status: 'success' });
    expect(await db.auditEvent.count()).toBe(auditBefore + 2);
  });

  it('an admin cannot disable their own account', async () => {
    await signInAs('ana@example.org');
    const ana = await db.user.findUniqueOrThrow({ where: { email: 'ana@example.org' } });
    expect(await setUserDisabled(idle, form({ userId: ana.id, version: ana.version, disabled: 'true' }))).toMatchObject({
      code: 'VALIDATION',
      fieldErrors: { disabled: ['You cannot disable your own account.'] },
    });
  });

  it('a password reset changes the hash, ends the user’s sessions and writes one audit row', async () => {
    const benSession = await signInAs('ben@example.org');
    await signInAs('ana@example.org');
    const ben = await db.user.findUniqueOrThrow({ where: { email: 'ben@example.org' } });
    const auditBefore = await db.auditEvent.count();
    expect(await resetUserPassword(idle, createResetPasswordForm(ben.id, ben.version, 'short'))).toMatchObject({
      fieldErrors: { password: ['Use at least 12 characters.'] },
    });
    expect(await resetUserPassword(idle, createResetPasswordForm(ben.id, ben.version, 'a brand new password'))).toMatchObject({ status: 'success' });
    const after = await db.user.findUniqueOrThrow({ where: { id: ben.id } });
    expect(await verifyPassword('a brand new password', after.passwordHash)).toBe(true);
    expect(await db.session.findUnique({ where: { id: benSession } })).toBeNull();
    const audit = await db.auditEvent.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(audit).toMatchObject({ action: 'reset_password', entity: 'User', entityId: String(ben.id) });
    expect(`${audit.before}${audit.after}`).not.toContain('scrypt$');
    expect(await db.auditEvent.count()).toBe(auditBefore + 1);
  });
});
