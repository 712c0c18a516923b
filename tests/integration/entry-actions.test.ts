/**
 * The data-entry server actions with a real session (an editor's cookie in the mocked request
 * scope) and the app's shared client on a temp database (SQLite or PostgreSQL, by Vitest project):
 * the whole path a form takes.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { sessionCookieSettings } from '@/lib/auth/cookie';
import { createSession } from '@/lib/auth/sessions';
import { db } from '@/lib/db';
import { createPollAction, updatePollAction } from '@/lib/actions/polls';
import { createQuestionAction } from '@/lib/actions/questions';
import { fromChangeLogColumns, hasKey } from '@/lib/freshness/touched';
import { POST } from '@/app/api/admin/import/route';
import { migrateAppDatabase, removeAppDatabase } from '@/tests/support/app-db';
import { cacheCalls, redirectTarget, requestContext } from '@/tests/support/request-context';

vi.mock('next/headers', async () => (await import('../support/request-context')).nextHeadersMock);
vi.mock('next/cache', async () => (await import('../support/request-context')).nextCacheMock);
await vi.hoisted(async () => {
  const { prepareAppDatabaseUrl } = await import('../support/app-db');
  await prepareAppDatabaseUrl({ seeded: true });
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
  // The demo seed, copied from the run's seeded template.
  await migrateAppDatabase({ seeded: true });
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

describe('import upload route', () => {
  const header = 'pollster,field_start,field_end,question_summary,pct_for_transfer,pct_against_transfer\n';
  function upload(bytes: Uint8Array, meta: Record<string, unknown> = {}, onRead?: () => void): Request {
    const line = JSON.stringify({
      fileName: 'kuril.csv',
      encoding: 'auto',
      mapping: 'auto',
      options: { mode: 'valid-rows', questionSlug: 'kuril-transfer' },
      ...meta,
    });
    const body = new Uint8Array([...new TextEncoder().encode(`${line}\n`), ...bytes]);
    // highWaterMark 0: the stream is pulled only when someone reads the body.
    const stream = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          onRead?.();
          controller.enqueue(body);
          controller.close();
        },
      },
      { highWaterMark: 0 },
    );
    return new Request('http://localhost/api/admin/import', {
      method: 'POST',
      body: stream,
      headers: { host: 'localhost', 'content-length': String(body.byteLength) },
      duplex: 'half',
    } as RequestInit);
  }
  async function events(res: Response): Promise<{ type: string; [k: string]: unknown }[]> {
    return (await res.text())
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as { type: string });
  }

  it('checks the session before reading a byte of the body', async () => {
    requestContext.reset();
    let read = false;
    const res = await POST(upload(new TextEncoder().encode(`${header}Levada Center,2019-05,2019-05,Transfer?,8,80\n`), {}, () => (read = true)));
    expect(res.status).toBe(401);
    expect(read).toBe(false);
  });

  it('refuses a declared size over 100 MB before reading, and imports a UTF-16 file once', async () => {
    await signIn();
    let read = false;
    const big = new Request('http://localhost/api/admin/import', {
      method: 'POST',
      body: new ReadableStream({ pull: () => void (read = true) }, { highWaterMark: 0 }),
      headers: { host: 'localhost', 'content-length': String(200 * 1024 * 1024) },
      duplex: 'half',
    } as RequestInit);
    const tooBig = await POST(big);
    expect(tooBig.status).toBe(413);
    expect(read).toBe(false);

    const text = `${header}Levada Center,2019-05,2019-05,Transfer islands?,8,80\nLevada Center,2019-05,2019-05,Transfer islands?,8,80\n`;
    const utf16 = new Uint8Array([0xff, 0xfe, ...new Uint8Array(new Uint16Array([...text].map((c) => c.charCodeAt(0))).buffer)]);
    const first = await events(await POST(upload(utf16)));
    const done = first.find((e) => e.type === 'done') as { encoding: string; summary: { identity: string; pollsCreated: number } } | undefined;
    expect(done?.encoding).toBe('utf-16le');
    expect(done?.summary.identity).toBe('rows in 2 = stored 1 + refused 0 + duplicates 1');
    expect(done?.summary.pollsCreated).toBe(1);
    expect(first.some((e) => e.type === 'progress' && e.phase === 'check')).toBe(true);
    const again = await events(await POST(upload(utf16)));
    const done2 = again.find((e) => e.type === 'done') as { summary: { identity: string; pollsCreated: number } } | undefined;
    expect(done2?.summary.identity).toBe('rows in 2 = stored 0 + refused 0 + duplicates 2');
  });

  it('answers a malformed description with 400, never 500', async () => {
    await signIn();
    const res = await POST(upload(new TextEncoder().encode(header), { encoding: 'ebcdic' }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/^The upload's description is invalid: encoding/);
  });
});
