/**
 * Every exported server action refuses a caller without a session, and changes nothing.
 *
 * The list of actions is not written down here: every `lib/actions/**\/*.ts` file that starts with
 * 'use server' is imported and each exported function is called with several plausible argument
 * shapes, so an action added later is checked without touching this file. The only exceptions are
 * the three actions that exist to start or end a session (PUBLIC_ACTIONS), each tested below.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { hashToken } from '@/lib/auth/tokens';
import { db } from '@/lib/db';
import { migrateAppDatabase, removeAppDatabase } from '@/tests/support/app-db';
import { tableCounts } from '@/tests/support/db-counts';
import { redirectTarget, requestContext } from '@/tests/support/request-context';

vi.mock('next/headers', async () => (await import('../support/request-context')).nextHeadersMock);
vi.mock('next/cache', async () => (await import('../support/request-context')).nextCacheMock);
await vi.hoisted(async () => {
  const { prepareAppDatabaseUrl } = await import('../support/app-db');
  await prepareAppDatabaseUrl({ seeded: true });
});

const ROOT = process.cwd();
const PUBLIC_ACTIONS = new Set(['lib/actions/auth.ts#login', 'lib/actions/auth.ts#logout', 'lib/actions/auth.ts#completeSetup']);

function serverActionFiles(dir = path.join(ROOT, 'lib', 'actions')): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...serverActionFiles(full));
    else if (/\.tsx?$/.test(entry.name) && /^\s*(\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*['"]use server['"]/.test(readFileSync(full, 'utf8'))) {
      out.push(path.relative(ROOT, full).split(path.sep).join('/'));
    }
  }
  return out.sort();
}

interface DiscoveredAction {
  key: string;
  fn: (...args: unknown[]) => Promise<unknown>;
}

async function discoverActions(): Promise<DiscoveredAction[]> {
  const actions: DiscoveredAction[] = [];
  for (const file of serverActionFiles()) {
    const mod = (await import(path.join(ROOT, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (typeof value === 'function') actions.push({ key: `${file}#${name}`, fn: value as DiscoveredAction['fn'] });
    }
  }
  return actions;
}

/** Values a real form could send for any field an action is likely to read. */
function plausibleFormData(ids: { userId: number; pollId: number; pollsterId: number; questionId: number }): FormData {
  const fd = new FormData();
  const fields: Record<string, string> = {
    id: String(ids.pollId),
    userId: String(ids.userId),
    pollId: String(ids.pollId),
    pollsterId: String(ids.pollsterId),
    questionId: String(ids.questionId),
    version: '1',
    email: 'intruder@example.org',
    name: 'Intruder',
    role: 'admin',
    password: 'a long enough password',
    confirm: 'a long enough password',
    disabled: 'true',
    token: 'not-a-setup-token',
    slug: 'intruder',
    title: 'Intruder',
    wording: 'Intruder?',
    notes: 'changed by an intruder',
    sampleSize: '1000',
    fieldStart: '2026-01-01',
    fieldEnd: '2026-01-02',
    value: '1',
    period: '2026',
  };
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  fd.set('file', new File(['a,b\n1,2\n'], 'import.csv', { type: 'text/csv' }));
  return fd;
}

function refusalCode(outcome: { threw: boolean; value: unknown }): string | undefined {
  const v = outcome.value as { code?: unknown } | null | undefined;
  return typeof v === 'object' && v !== null && typeof v.code === 'string' ? v.code : undefined;
}

async function call(fn: DiscoveredAction['fn'], args: unknown[]): Promise<{ threw: boolean; value: unknown }> {
  try {
    return { threw: false, value: await fn(...args) };
  } catch (error) {
    return { threw: true, value: error };
  }
}

let actions: DiscoveredAction[] = [];
let ids = { userId: 0, pollId: 0, pollsterId: 0, questionId: 0 };
const adminToken = 'valid-session-token-of-the-admin-but-not-sent-by-the-intruder';

beforeAll(async () => {
  // The demo seed, copied from the run's seeded template.
  await migrateAppDatabase({ seeded: true });
  const admin = await db.user.create({ data: { email: 'ana@example.org', role: 'admin', passwordHash: 'scrypt$x' } });
  await db.session.create({ data: { tokenHash: hashToken(adminToken), userId: admin.id, expiresAt: new Date(Date.now() + 3_600_000) } });
  await db.setupToken.create({ data: { tokenHash: hashToken('some-setup-token') } });
  const poll = await db.poll.findFirstOrThrow();
  const question = await db.question.findFirstOrThrow();
  ids = { userId: admin.id, pollId: poll.id, pollsterId: poll.pollsterId, questionId: question.id };
  actions = await discoverActions();
});
afterAll(removeAppDatabase);
beforeEach(() => requestContext.reset());

describe('server actions without a session', () => {
  it('finds the server action modules by their directive', () => {
    expect(serverActionFiles()).toEqual(expect.arrayContaining(['lib/actions/auth.ts', 'lib/actions/users.ts']));
    expect(serverActionFiles()).not.toContain('lib/actions/versioned-update.ts');
    const keys = actions.map((a) => a.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        'lib/actions/users.ts#createUser',
        'lib/actions/users.ts#setUserDisabled',
        'lib/actions/users.ts#resetUserPassword',
        ...PUBLIC_ACTIONS,
      ]),
    );
  });

  it('every non-public action refuses with UNAUTHENTICATED, whatever it is given, and the database is unchanged', async () => {
    const guarded = actions.filter((a) => !PUBLIC_ACTIONS.has(a.key));
    expect(guarded.length).toBeGreaterThanOrEqual(3);
    const before = await tableCounts(db);
    const shapes: [string, () => unknown[]][] = [
      ['(prevState, formData)', () => [{ status: 'idle' }, plausibleFormData(ids)]],
      ['(formData)', () => [plausibleFormData(ids)]],
      ['(id, version)', () => [ids.pollId, 1]],
      ['(object)', () => [{ id: ids.pollId, userId: ids.userId, version: 1, email: 'intruder@example.org', password: 'a long enough password' }]],
      ['()', () => []],
    ];
    const failures: string[] = [];
    for (const action of guarded) {
      for (const [label, args] of shapes) {
        // A wrong or stale cookie is no better than none.
        requestContext.cookies.set('pollboard_session', { name: 'pollboard_session', value: label === '()' ? 'forged-token' : '' });
        const outcome = await call(action.fn, args());
        const code = refusalCode(outcome);
        if (code !== 'UNAUTHENTICATED')
          failures.push(`${action.key}${label}: ${outcome.threw ? 'threw' : 'returned'} ${String(code ?? (outcome.value as Error)?.message ?? outcome.value)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await tableCounts(db)).toEqual(before);
    expect(requestContext.cookies.get('pollboard_session')?.value ?? '').toBe('forged-token');
  });
});

describe('the public actions', () => {
  it('login with a wrong password records one failed LoginAttempt and nothing else', async () => {
    const { login } = await import('@/lib/actions/auth');
    const before = await tableCounts(db);
    const fd = plausibleFormData(ids);
    fd.set('email', 'ana@example.org');
    const state = await login({ status: 'idle' }, fd);
    expect(state).toMatchObject({ status: 'error', code: 'UNAUTHENTICATED', message: 'Email or password is incorrect', values: { email: 'ana@example.org' } });
    expect(state.values).not.toHaveProperty('password');
    expect(await tableCounts(db)).toEqual({ ...before, LoginAttempt: (before.LoginAttempt ?? 0) + 1 });
    expect(requestContext.cookies.size).toBe(0);
  });

  it('logout without a session only redirects to the login page', async () => {
    const { logout } = await import('@/lib/actions/auth');
    const before = await tableCounts(db);
    const outcome = await call(logout, []);
    expect(redirectTarget(outcome.value)).toBe('/admin/login');
    expect(await tableCounts(db)).toEqual(before);
  });

  it('completeSetup refuses a wrong token, and any token once a user exists', async () => {
    const { completeSetup } = await import('@/lib/actions/auth');
    const before = await tableCounts(db);
    const fd = plausibleFormData(ids);
    expect(await completeSetup({ status: 'idle' }, fd)).toMatchObject({ status: 'error', code: 'FORBIDDEN' });
    fd.set('token', 'some-setup-token'); // a stored token, but a user exists
    expect(await completeSetup({ status: 'idle' }, fd)).toMatchObject({ status: 'error', code: 'FORBIDDEN' });
    expect(await tableCounts(db)).toEqual(before);
    expect(requestContext.cookies.size).toBe(0);
  });
});
