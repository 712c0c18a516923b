import { NextResponse } from 'next/server';
import { searchPollsters, searchQuestions } from '@/lib/data/question-list';
import { handle, parseQuery } from '@/lib/api/handle';
import { ZPickSearchInput, type TComboItem } from '@/lib/schemas/search';

export const dynamic = 'force-dynamic';

const LIMIT = 20;

/**
 * GET /api/search?kind=pollster|question&q=… — the public pages' pickers (overview pollster filter,
 * compare page question): slugs and names only, what the pages link to anyway.
 */
export const GET = handle(async (request: Request) => {
  const { kind, q } = parseQuery(ZPickSearchInput, request.url);
  const items: TComboItem[] =
    kind === 'pollster'
      ? (await searchPollsters(q, LIMIT)).map((p) => ({ value: p.slug, label: p.label }))
      : (await searchQuestions({ q }, { pageSize: LIMIT })).rows.map((r) => ({ value: r.slug, label: r.title, detail: `${r.pollCount} polls` }));
  return NextResponse.json({ items });
});
