/**
 * The data-entry server actions with a real session (an editor's cookie in the mocked request
 * scope) and the app's shared client on a temp database (SQLite or PostgreSQL, by Vitest project):
 * the whole path a form takes.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { sessionCookieSettings } from '@/lib/auth/cookie';
import { createSession } from '@/lib/auth/sessions';
import { db } from '@/lib/db';
import { commitImportAction } from '@/lib/actions/import';
import { createPollAction, updatePollAction } from '@/lib/actions/polls';
import { createQuestionAction } from '@/lib/actions/questions';
import { fromChangeLogColumns, hasKey } from '@/lib/freshness/touched';
import { seedDemo } from '@/lib/seed/demo';
import { migrateAppDatabase, removeAppDatabase } from '@/tests/support/app-db';
import { cacheCalls, redirectTarget, requestContext } from '@/tests/support/request-context';

vi.mock('next/headers', async () => (await import('../support/request-context')).nextHeadersMock);
vi.mock('next/cache', async () => (await import('../support/request-context')).nextCacheMock);
await vi.hoisted(async () => {
  const { prepareAppDatabaseUrl } = await import('../support/app-db');
  await prepareAppDatabaseUrl();
});

const COOKIE = sessionCookieSettings().name;
const idle = { status: 'idle' } as const;
let editorId = 0;

async function signIn(): Promise<void> {
  const { token } = await createSession(db, editorId);
  requestContext.cookies.set(COOKIE, { name: COOKIE, value: token });
}

async function thrown(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw (redirect)');
}

async function kuril() {
  const q = await db.question.findUniqueOrThrow({ where: { slug: 'kuril-transfer' }, include: { options: { orderBy: { position: 'asc' } } } });
  const levada = await db.pollster.findUniqueOrThrow({ where: { slug: 'levada-center' } });
  return { q, levada };
}

function pollPayload(k: Awaited<ReturnType<typeof kuril>>, extra: Record<string, unknown> = {}) {
  return {
    pollsterId: String(k.levada.id),
    fieldStart: '2019-03-14',
    fieldEnd: '2019-03-18',
    sampleSize: '1600',
    mode: 'face-to-face',
    sourceUrls: 'https://www.levada.ru/en/',
    questions: [
      {
        questionId: String(k.q.id),
        wording: 'Hand the southern Kurils to Japan for a peace treaty?',
        results: k.q.options.map((o, i) => ({ optionId: String(o.id), percent: String([20, 70, 10][i]) })),
        breakdowns: [],
      },
    ],
    ...extra,
  };
}

function payloadForm(payload: unknown): FormData {
  const fd = new FormData();
  fd.set('payload', JSON.stringify(payload));
  return fd;
}

beforeAll(async () => {
  await migrateAppDatabase();
  await seedDemo(db);
  editorId = (await db.user.create({ data: { email: 'editor@example.org', passwordHash: 'unused', role: 'editor' } })).id;
});
afterAll(removeAppDatabase);
beforeEach(() => {
  requestContext.reset();
  cacheCalls.length = 0;
});

describe('poll actions', () => {
  it('without a session: refused, nothing written', async () => {
    const k = await kuril();
    const polls = await db.poll.count();
    const state = await createPollAction(idle, payloadForm(pollPayload(k)));
    expect(state).toMatchObject({ status: 'error', code: 'UNAUTHENTICATED' });
    expect(await db.poll.count()).toBe(polls);
  });

  it('field errors come back keyed by path; nothing is written', async () => {
    await signIn();
    const k = await kuril();
    const polls = await db.poll.count();
    const state = await createPollAction(idle, payloadForm(pollPayload(k, { fieldEnd: '2019-03-01', sampleSize: 'lots' })));
    expect(state.status).toBe('error');
    expect(state.fieldErrors).toMatchObject({ fieldEnd: ['Field end is before field start.'], sampleSize: ['Sample size (n) must be a number.'] });
    expect(await db.poll.count()).toBe(polls);
  });

  it('creates, audits, tells every server which question page changed, and redirects to the edit page', async () => {
    await signIn();
    const k = await kuril();
    const target = redirectTarget(await thrown(createPollAction(idle, payloadForm(pollPayload(k)))));
    const id = Number(/^\/admin\/polls\/(\d+)\?saved=created$/.exec(target ?? '')?.[1]);
    expect(id).toBeGreaterThan(0);
    expect(await db.auditEvent.count({ where: { entity: 'Poll', entityId: String(id), action: 'create', userId: editorId } })).toBe(1);
    // The freshness signal's ChangeLog row (lib/writes) is what drops the cached pages, on every server.
    const change = fromChangeLogColumns(await db.changeLog.findFirstOrThrow({ orderBy: { id: 'desc' } }));
    expect(hasKey(change.questions, 'kuril-transfer')).toBe(true);
    expect(hasKey(change.questions, 'putin-approval')).toBe(false);
    expect(hasKey(change.polls, id)).toBe(true);
    // Next's own caches are not used, so nothing calls them.
    expect(cacheCalls).toEqual([]);

    // A stale edit (version 1 after someone saved version 2) is refused with the conflict message.
    const saved = redirectTarget(await thrown(updatePollAction(idle, payloadForm({ ...pollPayload(k, { sampleSize: '1601' }), id, version: 1 }))));
    expect(saved).toBe(`/admin/polls/${id}?saved=updated`);
    const stale = await updatePollAction(idle, payloadForm({ ...pollPayload(k, { sampleSize: '1500' }), id, version: 1 }));
    expect(stale).toMatchObject({ status: 'error', code: 'CONFLICT' });
    expect(stale.message).toMatch(/^Changed by editor@example\.org at .+ — reload to see their version\.$/);
    expect((await db.poll.findUniqueOrThrow({ where: { id } })).sampleSize).toBe(1601);
  });

  it('a question action echoes the typed values on error', async () => {
    await signIn();
    const fd = new FormData();
    fd.set('slug', 'Bad Slug');
    fd.set('title', 'Kept title');
    fd.set('wording', 'Kept?');
    fd.set('options', 'Yes\nNo');
    const state = await createQuestionAction(idle, fd);
    expect(state.fieldErrors?.slug).toEqual(['Slug: use lower-case letters, digits and single hyphens, like kuril-transfer.']);
    expect(state.values).toMatchObject({ title: 'Kept title', options: 'Yes\nNo' });
  });
});

describe('import action', () => {
  function importForm(bytes: Uint8Array, mode: 'all-or-nothing' | 'valid-rows'): FormData {
    const fd = new FormData();
    fd.set('file', new Blob([new Uint8Array(bytes)], { type: 'text/csv' }), 'kuril.csv');
    fd.set('fileName', 'kuril.csv');
    fd.set(
      'mapping',
      JSON.stringify({ pollster: 'pollster', field_start: 'fieldStart', field_end: 'fieldEnd', question_summary: 'wording', pct_for_transfer: 'result:For', pct_against_transfer: 'result:Against' }),
    );
    fd.set('options', JSON.stringify({ mode, dateOrder: 'mdy', questionSlug: 'kuril-transfer' }));
    return fd;
  }

  it('refuses non-UTF-8 bytes with the message, and imports a valid file once', async () => {
    await signIn();
    const latin1 = new Uint8Array([...new TextEncoder().encode('pollster,field_start,field_end,question_summary,pct_for_transfer,pct_against_transfer\n'), 0x4c, 0xe9, 0x2c, 0x0a]);
    const bad = await commitImportAction(idle, importForm(latin1, 'all-or-nothing'));
    expect(bad.status).toBe('error');
    expect(bad.fieldErrors?.file?.[0]).toMatch(/^The file is not UTF-8: save it as UTF-8 and retry\./);

    const csv = new TextEncoder().encode(
      'pollster,field_start,field_end,question_summary,pct_for_transfer,pct_against_transfer\nLevada Center,2019-05,2019-05,Transfer islands?,8,80\n',
    );
    const first = await commitImportAction(idle, importForm(csv, 'all-or-nothing'));
    expect(first).toMatchObject({ status: 'success', summary: { created: 1 } });
    const again = await commitImportAction(idle, importForm(csv, 'all-or-nothing'));
    expect(again).toMatchObject({ status: 'success', summary: { created: 0, skippedExisting: 1 } });
  });
});
