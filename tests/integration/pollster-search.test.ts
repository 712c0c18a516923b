/**
 * Pollster search in any case, script and accent (issue #17, gap 1). SQLite's LOWER() folds ASCII
 * only and PostgreSQL's depends on the locale, so the write path keeps PollsterSearch (name and slug
 * folded by searchFold); the pickers' /api/search, the admin pollster list and the admin poll list
 * search it. Runs on SQLite and PostgreSQL (by Vitest project).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { seedDemo } from '@/lib/seed/demo';
import { searchPollsters, searchQuestions } from '@/lib/data/question-list';
import { listPollsForAdmin, listPollstersForAdmin } from '@/lib/data/entry';
import { searchFold } from '@/lib/data/search-fold';
import { backfillPollsterSearch, backfillSearch } from '@/lib/writes/search-text';
import { createPollster, updatePollster, updateQuestion } from '@/lib/writes/catalog';
import { GET as pickSearch } from '@/app/api/search/route';
import { migrateAppDatabase, removeAppDatabase } from '@/tests/support/app-db';

await vi.hoisted(async () => {
  const { prepareAppDatabaseUrl } = await import('../support/app-db');
  await prepareAppDatabaseUrl();
});

const blank = { country: null, website: null, notes: null, aaporMember: null, esomarMember: null };

const found = async (q: string) => (await searchPollsters(q, 50)).map((p) => p.slug);

beforeAll(async () => {
  await migrateAppDatabase();
  await seedDemo(db);
  for (const [name, slug] of [
    ['IFOP', 'ifop'],
    ['Norstat for Høyre', 'norstat-hoyre'],
    ['Léger Québec', 'leger-quebec'],
    ['ΜRB Ελλάς', 'mrb-hellas'],
  ] as const) {
    await createPollster(db, null, { name, slug, ...blank });
  }
});
afterAll(removeAppDatabase);

describe('searchFold (shared by question and pollster search)', () => {
  it('drops Latin, Greek and Cyrillic accents, keeps letters of their own', () => {
    expect(searchFold('Høyre')).toBe('hoyre');
    expect(searchFold('ŁÓDŹ Straße')).toBe('lodz strasse');
    expect(searchFold('Léger Québec')).toBe('leger quebec');
    expect(searchFold('ΕΛΛΆΣ')).toBe('ελλασ');
    expect(searchFold('Ёлка')).toBe('елка');
    expect(searchFold('İstanbul')).toBe('istanbul');
    // й is a letter, not и with an accent; kana voicing is spelling: both stay.
    expect(searchFold('Мой')).toBe('мой');
    expect(searchFold('ガ')).toBe('ガ');
    expect(searchFold('ｶﾞ')).toBe('ガ');
  });
});

describe('pollster search in any case, script and accent', () => {
  it('finds pollsters whatever the case or accent typed', async () => {
    expect(await found('ifop')).toEqual(['ifop']);
    expect(await found('IfOp')).toEqual(['ifop']);
    // YouGov comes with the seed (the impeachment polls).
    expect(await found('YOUGOV')).toEqual(['yougov']);
    expect(await found('yOuGoV')).toEqual(['yougov']);
    for (const q of ['hoyre', 'Høyre', 'HØYRE', 'norstat for hoyre']) expect(await found(q), q).toEqual(['norstat-hoyre']);
    for (const q of ['quebec', 'QUÉBEC', 'léger', 'leger quebec']) expect(await found(q), q).toEqual(['leger-quebec']);
    for (const q of ['ελλάς', 'ΕΛΛΑΣ', 'ελλας']) expect(await found(q), q).toEqual(['mrb-hellas']);
    expect(await found('høyre analyse')).toEqual([]);
  });

  it('finds a Cyrillic name in any case once a pollster is renamed, on every search surface', async () => {
    const levada = await db.pollster.findUniqueOrThrow({ where: { slug: 'levada-center' }, include: { _count: { select: { polls: true } } } });
    expect(levada._count.polls).toBeGreaterThan(0);
    expect(await found('левада')).toEqual([]);
    await updatePollster(db, null, { id: levada.id, version: levada.version, name: 'Левада-Центр', slug: 'levada-tsentr', ...blank });
    for (const q of ['левада', 'ЛЕВАДА', 'Левада-центр', 'levada-tsentr', 'LEVADA']) expect(await found(q), q).toEqual(['levada-tsentr']);
    // The old slug is gone from the index with the rename.
    expect(await found('levada-center')).toEqual([]);

    const res = await pickSearch(new Request(`http://localhost/api/search?kind=pollster&q=${encodeURIComponent('ЛЕВАДА')}`));
    const body = (await res.json()) as { items: { value: string; label: string }[] };
    expect(body.items).toEqual([{ value: 'levada-tsentr', label: 'Левада-Центр' }]);
    expect((await listPollstersForAdmin({ q: 'левада' })).rows.map((r) => r.slug)).toEqual(['levada-tsentr']);
    const polls = await listPollsForAdmin({ page: 1, pageSize: 500, q: 'ЛЕВАДА-ЦЕНТР' });
    expect(polls.total).toBe(levada._count.polls);
    expect(new Set(polls.rows.map((r) => r.pollster))).toEqual(new Set(['Левада-Центр']));
  });

  it('folds question search the same way (accents typed or not)', async () => {
    const q = await db.question.findUniqueOrThrow({ where: { slug: 'kuril-transfer' }, include: { options: { orderBy: { position: 'asc' } } } });
    await updateQuestion(db, null, {
      id: q.id,
      version: q.version,
      slug: q.slug,
      title: 'Kuril: cession au Japon, sondage Ipsos Québec',
      wording: q.wording,
      topic: q.topic,
      country: q.country,
      population: q.population,
      language: q.language,
      notes: q.notes,
      options: q.options.map((o) => ({ key: o.key, label: o.label })),
    });
    const slugs = async (text: string) => (await searchQuestions({ q: text }, { page: 1, pageSize: 50 })).rows.map((r) => r.slug);
    expect(await slugs('ipsos quebec')).toEqual(['kuril-transfer']);
    expect(await slugs('SONDAGE IPSOS QUÉBEC')).toEqual(['kuril-transfer']);
  });

  it('refills pollsters written around the write path (start-up and db:deploy backfill)', async () => {
    const id = (await db.pollster.findUniqueOrThrow({ where: { slug: 'norstat-hoyre' } })).id;
    await db.pollsterSearch.delete({ where: { pollsterId: id } });
    // Without its folded row, only the LOWER() of the columns is left: "for hoyre" is in neither the name (høyre) nor the slug.
    expect(await found('for hoyre')).toEqual([]);
    expect(await backfillPollsterSearch(db)).toBe(1);
    expect(await found('for hoyre')).toEqual(['norstat-hoyre']);
    expect(await backfillSearch(db)).toEqual({ questions: 0, pollsters: 0 });
  });
});
