import { NextResponse, type NextRequest } from 'next/server';
import { ADMIN_PATH_HEADER } from '@/lib/auth/config';
import { isCacheablePageRequest, servePage } from '@/lib/http/page-cache';

/**
 * Two jobs, both before Next routes the request:
 * - admin pages: tell the admin layout which page was asked for, so its login redirect can come
 *   back to it (`/admin/login?next=…`). No authentication happens here: pages and actions check the
 *   session themselves; this only carries the path.
 * - public pages: serve them from the page cache (lib/http/page-cache.ts) while the database has
 *   not changed.
 */
export async function proxy(request: NextRequest) {
  if (request.nextUrl.pathname.startsWith('/admin')) {
    const headers = new Headers(request.headers);
    headers.set(ADMIN_PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`.slice(0, 500));
    return NextResponse.next({ request: { headers } });
  }
  if (isCacheablePageRequest(request)) {
    const cached = await servePage(request);
    if (cached) return cached;
  }
  return NextResponse.next();
}

export const config = {
  matcher: ['/admin/:path*', '/', '/questions/:slug', '/polls/:id', '/pollsters/:slug', '/indicators/:slug', '/compare'],
};
