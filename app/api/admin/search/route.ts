import { NextResponse } from 'next/server';
import { getSessionUser } from '@/lib/auth/session';
import { searchPollFormChoices } from '@/lib/data/entry';
import { errorJson, parseQuery } from '@/lib/api/respond';
import { ZPickSearchInput, type TComboItem } from '@/lib/schemas/search';

export const dynamic = 'force-dynamic';

/**
 * GET /api/admin/search?kind=pollster|question&q=… — the poll form's pickers (components/admin/
 * search-combobox.tsx). Signed-in editors only: it hands out database ids and answer options.
 */
export async function GET(request: Request): Promise<NextResponse> {
  const user = await getSessionUser();
  if (!user) return errorJson(401, 'Sign in to search.');
  const query = parseQuery(ZPickSearchInput, request.url);
  if (!query.ok) return query.response;
  const { kind, q } = query.value;
  const items: TComboItem[] =
    kind === 'pollster'
      ? (await searchPollFormChoices('pollster', q)).map((p) => ({ value: String(p.id), label: p.name }))
      : (await searchPollFormChoices('question', q)).map((x) => ({ value: String(x.id), label: x.title, detail: x.slug, data: x }));
  return NextResponse.json({ items }, { headers: { 'cache-control': 'private, no-store' } });
}
