import { NextResponse } from 'next/server';
import { searchPollsters, searchQuestions } from '@/lib/data/question-list';
import { parseQuery } from '@/lib/api/respond';
import { ZPickSearchInput, type TComboItem } from '@/lib/schemas/search';

export const dynamic = 'force-dynamic';

const LIMIT = 20;

/**
 * GET /api/search?kind=pollster|question&q=… — the public pages' pickers (overview pollster filter,
 * compare page question): slugs and names only, what the pages link to anyway.
 */
export async function GET(request: Request): Promise<NextResponse> {
  const query = parseQuery(ZPickSearchInput, request.url);
  if (!query.ok) return query.response;
  const { kind, q } = query.value;
  const items: TComboItem[] =
    kind === 'pollster'
      ? (await searchPollsters(q, LIMIT)).map((p) => ({ value: p.slug, label: p.label }))
      : (await searchQuestions({ q }, { pageSize: LIMIT })).rows.map((r) => ({ value: r.slug, label: r.title, detail: `${r.pollCount} polls` }));
  return NextResponse.json({ items });
}
