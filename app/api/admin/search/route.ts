import { NextResponse } from 'next/server';
import { AppError } from '@/lib/errors/app-error';
import { getSessionUser } from '@/lib/auth/session';
import { searchPollFormChoices } from '@/lib/data/entry';
import { handle, parseQuery } from '@/lib/api/handle';
import { ZPickSearchInput, type TComboItem } from '@/lib/schemas/search';

export const dynamic = 'force-dynamic';

/**
 * GET /api/admin/search?kind=pollster|question&q=… — the poll form's pickers (components/admin/
 * search-combobox.tsx). Signed-in editors only: it hands out database ids and answer options.
 */
export const GET = handle(async (request: Request) => {
  const user = await getSessionUser();
  if (!user) throw new AppError('UNAUTHENTICATED', 'Sign in to search.');
  const { kind, q } = parseQuery(ZPickSearchInput, request.url);
  const items: TComboItem[] =
    kind === 'pollster'
      ? (await searchPollFormChoices('pollster', q)).map((p) => ({ value: String(p.id), label: p.name }))
      : (await searchPollFormChoices('question', q)).map((x) => ({ value: String(x.id), label: x.title, detail: x.slug, data: x }));
  return NextResponse.json({ items }, { headers: { 'cache-control': 'private, no-store' } });
});
