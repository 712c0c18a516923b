/**
 * The one server-action helper (lib/actions/form-action.ts): guard first, then zod, then the write,
 * then a typed state or a redirect. Exercised with a real write (lib/writes/catalog createPollster)
 * on a real SQLite file, so "nothing was written" is a row count, not a spy.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { sessionCookieSettings } from '@/lib/auth/cookie';
import { createSession } from '@/lib/auth/sessions';
import { formAction } from '@/lib/actions/form-action';
import { db } from '@/lib/db';
import { ZPollsterInput } from '@/lib/schemas/pollster';
import { createPollster } from '@/lib/writes/catalog';
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
const idle = { status: 'idle' } as const;

function form(fields: Record<string, string>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  return fd;
}

async function signIn(role: 'admin' | 'editor'): Promise<void> {
  const n = await db.user.count();
  const user = await db.user.create({ data: { email: `${role}-${n + 1}@example.org`, role, passwordHash: 'scrypt$unused' } });
  const { token } = await createSession(db, user.id);
  requestContext.cookies.set(COOKIE, { name: COOKIE, value: token });
}

/** Counts the calls that reached the body: the guard and the schema must stop them before. */
let bodyCalls = 0;
const savePollster = formAction({
  role: 'editor',
  schema: ZPollsterInput,
  run: async (input, user) => {
    bodyCalls += 1;
    const saved = await createPollster(db, user.id, input);
    return { redirect: `/admin/pollsters/${saved.id}?saved=created` };
  },
});
const adminOnly = formAction({
  role: 'admin',
  run: async (fields) => ({ status: 'success', message: `got ${Object.keys(fields).join(',')}` }),
});

beforeAll(() => migrateAppDatabase());
afterAll(removeAppDatabase);
beforeEach(() => {
  requestContext.reset();
  bodyCalls = 0;
});

describe('formAction', () => {
  it('without a session: UNAUTHENTICATED, the body never runs and no row is written', async () => {
    const before = await tableCounts(db);
    const state = await savePollster(idle, form({ name: 'Levada Center', country: 'Russia' }));
    expect(state).toMatchObject({ status: 'error', code: 'UNAUTHENTICATED', values: { name: 'Levada Center', country: 'Russia' } });
    expect(bodyCalls).toBe(0);
    expect(await tableCounts(db)).toEqual(before);
  });

  it('a too-low role is FORBIDDEN before the form is read', async () => {
    await signIn('editor');
    const before = await tableCounts(db);
    expect(await adminOnly(idle, form({ a: '1' }))).toMatchObject({ status: 'error', code: 'FORBIDDEN' });
    expect(await tableCounts(db)).toEqual(before);
  });

  it('a zod refusal names the field, echoes the input and writes nothing', async () => {
    await signIn('editor');
    const before = await tableCounts(db);
    const state = await savePollster(idle, form({ name: '', website: 'not a url' }));
    expect(state.status).toBe('error');
    expect(state.code).toBe('VALIDATION');
    expect(Object.keys(state.fieldErrors ?? {}).sort()).toEqual(['name', 'website']);
    expect(state.values).toEqual({ name: '', website: 'not a url' });
    expect(bodyCalls).toBe(0);
    expect(await tableCounts(db)).toEqual(before);
  });

  it('a valid form is written once (with its audit row) and redirects to the saved row', async () => {
    await signIn('editor');
    const before = await tableCounts(db);
    let thrown: unknown = null;
    try {
      await savePollster(idle, form({ name: 'FOM', country: 'Russia' }));
    } catch (error) {
      thrown = error;
    }
    const saved = await db.pollster.findFirstOrThrow({ where: { name: 'FOM' } });
    expect(redirectTarget(thrown)).toBe(`/admin/pollsters/${saved.id}?saved=created`);
    expect(bodyCalls).toBe(1);
    const after = await tableCounts(db);
    expect(after.Pollster).toBe((before.Pollster ?? 0) + 1);
    expect(after.AuditEvent).toBe((before.AuditEvent ?? 0) + 1);
  });

  it('a schema-less action gets the raw fields and returns its typed state', async () => {
    await signIn('admin');
    expect(await adminOnly(idle, form({ b: '2', a: '1' }))).toEqual({ status: 'success', message: 'got b,a' });
  });
});
