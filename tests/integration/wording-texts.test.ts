/**
 * Entering a wording's original-language text and translations (issue #17) through the admin
 * action: zod messages name the field, one write per save (one transaction, one audit row, one
 * ChangeLog row naming the question and its polls), and the public views and dump carry the text.
 * SQLite and PostgreSQL, by Vitest project.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sessionCookieSettings } from '@/lib/auth/cookie';
import { createSession } from '@/lib/auth/sessions';
import { db } from '@/lib/db';
import { deleteWordingTextAction, saveWordingTextAction } from '@/lib/actions/wording-texts';
import { listQuestionWordings } from '@/lib/data/wording-texts';
import { getQuestionBySlug } from '@/lib/data/questions';
import { fromChangeLogColumns, hasKey } from '@/lib/freshness/touched';
import { ZWordingTextInput } from '@/lib/schemas/wording-text';
import { loadPollForEdit } from '@/lib/data/entry';
import { ZPollUpdateInput } from '@/lib/schemas/poll';
import { updatePoll } from '@/lib/writes/polls';
import { migrateAppDatabase, removeAppDatabase } from '@/tests/support/app-db';
import { requestContext } from '@/tests/support/request-context';

vi.mock('next/headers', async () => (await import('../support/request-context')).nextHeadersMock);
vi.mock('next/cache', async () => (await import('../support/request-context')).nextCacheMock);
await vi.hoisted(async () => {
  const { prepareAppDatabaseUrl } = await import('../support/app-db');
  await prepareAppDatabaseUrl({ seeded: true });
});

const COOKIE = sessionCookieSettings().name;
const idle = { status: 'idle' } as const;
const JA = '北方領土の引き渡しに賛成ですか';

let questionId = 0;
let wordingKey = '';
let pollIds: number[] = [];

function form(values: Record<string, string>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(values)) fd.set(k, v);
  return fd;
}

beforeAll(async () => {
  await migrateAppDatabase({ seeded: true });
  const editorId = (await db.user.create({ data: { email: 'editor@example.org', passwordHash: 'unused', role: 'editor' } })).id;
  const { token } = await createSession(db, editorId);
  requestContext.cookies.set(COOKIE, { name: COOKIE, value: token });
  const q = await db.question.findUniqueOrThrow({ where: { slug: 'kuril-transfer' } });
  questionId = q.id;
  // The wording asked most often: a text entered for it lands on each of its polls.
  const groups = await db.pollQuestion.groupBy({ by: ['wordingKey'], where: { questionId }, _count: { _all: true } });
  const top = groups.sort((a, b) => b._count._all - a._count._all)[0];
  if (!top) throw new Error('kuril-transfer has no polls');
  wordingKey = top.wordingKey;
  pollIds = (await db.pollQuestion.findMany({ where: { questionId, wordingKey }, select: { pollId: true } })).map((r) => r.pollId);
  expect(pollIds.length).toBeGreaterThan(1);
});
afterAll(removeAppDatabase);

describe('wording texts', () => {
  it('refuses bad input with messages that name the field, writing nothing', async () => {
    const audits = await db.auditEvent.count();
    const state = await saveWordingTextAction(
      idle,
      form({ questionId: String(questionId), wordingKey, language: 'japanese!', role: 'sideways', text: '  ', status: 'rumour', sourceUrl: 'ftp://x' }),
    );
    expect(state.status).toBe('error');
    expect(state.fieldErrors?.language?.[0]).toMatch(/^Language: /);
    expect(state.fieldErrors?.role?.[0]).toMatch(/^Role: /);
    expect(state.fieldErrors?.text?.[0]).toBe('Text is required.');
    expect(state.fieldErrors?.status?.[0]).toMatch(/^Status: /);
    expect(state.fieldErrors?.sourceUrl?.[0]).toMatch(/^Source URL: /);
    // The typed values come back so the form keeps them.
    expect(state.values?.language).toBe('japanese!');
    const unknownWording = await saveWordingTextAction(
      idle,
      form({ questionId: String(questionId), wordingKey: 'no-such-wording', language: 'ja', role: 'translation', text: JA, status: 'translation' }),
    );
    expect(unknownWording.fieldErrors?.wordingKey?.[0]).toMatch(/^Wording: /);
    expect(await db.auditEvent.count()).toBe(audits);
  });

  it('canonicalises language codes', () => {
    const base = { questionId: 1, wordingKey: 'k', role: 'translation', text: 't', status: 'translation' };
    expect(ZWordingTextInput.parse({ ...base, language: 'PT-br' }).language).toBe('pt-BR');
    expect(ZWordingTextInput.parse({ ...base, language: ' ja ' }).language).toBe('ja');
    expect(ZWordingTextInput.safeParse({ ...base, language: 'x' }).success).toBe(false);
  });

  it('adds a translation to every poll of the wording in one audited write, then edits and removes it', async () => {
    const audits = await db.auditEvent.count();
    const changes = await db.changeLog.count();
    const added = await saveWordingTextAction(
      idle,
      form({
        questionId: String(questionId),
        wordingKey,
        language: 'ja',
        role: 'translation',
        text: JA,
        status: 'translation',
        sourceUrl: 'https://example.org/ja',
        sourceNote: 'Test translation',
      }),
    );
    expect(added).toEqual({ status: 'success', message: `Translation (ja) added for ${pollIds.length} polls.` });
    expect(await db.auditEvent.count()).toBe(audits + 1);
    expect(await db.changeLog.count()).toBe(changes + 1);
    const audit = await db.auditEvent.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect([audit.entity, audit.entityId, audit.action]).toEqual(['Question', String(questionId), 'add-wording-text']);
    const change = fromChangeLogColumns(await db.changeLog.findFirstOrThrow({ orderBy: { id: 'desc' } }));
    expect(hasKey(change.questions, 'kuril-transfer')).toBe(true);
    for (const id of pollIds) expect(hasKey(change.polls, id)).toBe(true);
    expect(await db.wordingText.count({ where: { language: 'ja', role: 'translation', text: JA } })).toBe(pollIds.length);

    // The admin list and the public question view show it.
    const wording = (await listQuestionWordings(questionId)).find((w) => w.wordingKey === wordingKey);
    expect(wording?.texts.find((t) => t.language === 'ja')).toEqual({
      language: 'ja',
      role: 'translation',
      text: JA,
      status: 'translation',
      sourceUrl: 'https://example.org/ja',
      sourceNote: 'Test translation',
      polls: pollIds.length,
    });
    const view = await getQuestionBySlug('kuril-transfer');
    const poll = view?.polls.find((p) => p.wordingKey === wordingKey);
    expect(poll?.texts?.find((t) => t.language === 'ja')?.text).toBe(JA);

    // Editing replaces the text on every poll; one more audit row, with the old text in `before`.
    const edited = await saveWordingTextAction(
      idle,
      form({ questionId: String(questionId), wordingKey, language: 'ja', role: 'translation', text: `${JA}。`, status: 'translation' }),
    );
    expect(edited.message).toBe(`Translation (ja) saved for ${pollIds.length} polls.`);
    expect(await db.wordingText.count({ where: { language: 'ja', text: `${JA}。`, sourceUrl: null } })).toBe(pollIds.length);
    const editAudit = await db.auditEvent.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(editAudit.action).toBe('update-wording-text');
    expect(JSON.parse(editAudit.before ?? '{}')).toMatchObject({ text: JA, sourceUrl: 'https://example.org/ja' });
    expect(await db.auditEvent.count()).toBe(audits + 2);

    const removed = await deleteWordingTextAction(idle, form({ questionId: String(questionId), wordingKey, language: 'ja', role: 'translation' }));
    expect(removed.message).toBe(`Translation (ja) removed from ${pollIds.length} polls.`);
    expect(await db.wordingText.count({ where: { language: 'ja' } })).toBe(0);
    expect(await db.auditEvent.count()).toBe(audits + 3);
    const again = await deleteWordingTextAction(idle, form({ questionId: String(questionId), wordingKey, language: 'ja', role: 'translation' }));
    expect(again.status).toBe('error');
  });

  it('keeps a poll’s wording texts and languages when the poll is edited', async () => {
    const pq = await db.pollQuestion.findFirstOrThrow({ where: { questionId, texts: { some: { language: 'ru' } } }, include: { texts: true } });
    const before = { asked: pq.askedLanguage, exact: pq.wordingExact, texts: pq.texts.map((x) => [x.language, x.role, x.text, x.status, x.sourceUrl]).sort() };
    expect(before.texts.length).toBeGreaterThan(0);
    const values = await loadPollForEdit(pq.pollId);
    const poll = await db.poll.findUniqueOrThrow({ where: { id: pq.pollId } });
    if (!values) throw new Error('poll not loadable');
    await updatePoll(db, null, ZPollUpdateInput.parse({ ...values, id: String(pq.pollId), version: String(poll.version), notes: 'edited (e2e of issue 17)' }));
    const after = await db.pollQuestion.findFirstOrThrow({ where: { pollId: pq.pollId, questionId, wordingKey: pq.wordingKey }, include: { texts: true } });
    expect(after.id).not.toBe(pq.id);
    expect({
      asked: after.askedLanguage,
      exact: after.wordingExact,
      texts: after.texts.map((x) => [x.language, x.role, x.text, x.status, x.sourceUrl]).sort(),
    }).toEqual(before);
  });

  it('refuses a signed-out visitor', async () => {
    const saved = new Map(requestContext.cookies);
    requestContext.cookies.clear();
    try {
      const state = await saveWordingTextAction(
        idle,
        form({ questionId: String(questionId), wordingKey, language: 'ja', role: 'translation', text: JA, status: 'translation' }),
      );
      expect(state.status).toBe('error');
      expect(state.code).toBe('UNAUTHENTICATED');
    } finally {
      for (const [k, v] of saved) requestContext.cookies.set(k, v);
    }
  });
});
