import { NextResponse, type NextRequest } from 'next/server';
import { ADMIN_PATH_HEADER } from '@/lib/auth/config';

/**
 * Admin pages: tell the admin layout which page was asked for, so its login redirect can come back
 * to it (`/admin/login?next=…`). No authentication happens here: pages and actions check the
 * session themselves; this only carries the path.
 *
 * Public pages are cached in front of Next, not here (lib/http/page-server.ts, installed by
 * instrumentation.ts): a proxy cannot see the body Next renders.
 */
export async function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set(ADMIN_PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`.slice(0, 500));
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: ['/admin/:path*'],
};
