import { NextResponse, type NextRequest } from 'next/server';
import { ADMIN_PATH_HEADER } from '@/lib/auth/config';
import { ACTION_BODY_LIMIT_BYTES, contentSecurityPolicy, createNonce } from '@/lib/http/security-headers';

/**
 * Before Next routes the request:
 * - a path with malformed %-escapes answers 400, and an oversized server-action post 413, unread;
 * - admin pages: tell the admin layout which page was asked for, so its login redirect can come
 *   back to it (`/admin/login?next=…`), and give them a CSP nonce. No authentication happens here:
 *   pages and actions check the session themselves; this only carries the path.
 *
 * Public pages are cached in front of Next, not here (lib/http/page-server.ts, installed by
 * instrumentation.ts): a proxy cannot see the body Next renders.
 */
export function proxy(request: NextRequest) {
  // A path whose %-escapes do not decode (`/api/v1/polls/%ff`) is the client's error; Next's own
  // route matching would throw on it and answer 500 (issue #15).
  if (request.nextUrl.pathname.includes('%') && !decodesCleanly(request.nextUrl.pathname)) {
    return new NextResponse('Bad request: the path has malformed %-encoding.\n', { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
  // A server-action post larger than the action body limit is refused before Next reads a byte of
  // it (Next would decode the first megabyte of fields first; issue #15, finding 2).
  if (request.method === 'POST' && request.headers.has('next-action') && Number(request.headers.get('content-length') ?? 0) > ACTION_BODY_LIMIT_BYTES) {
    return new NextResponse('Payload too large: server actions accept at most 1 MB.\n', {
      status: 413,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' },
    });
  }
  if (request.nextUrl.pathname.startsWith('/admin')) {
    const headers = new Headers(request.headers);
    headers.set(ADMIN_PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`.slice(0, 500));
    // A per-request nonce: Next reads it from the request's CSP header and puts it on its scripts
    // (lib/http/security-headers.ts explains why only admin pages get one).
    const csp = contentSecurityPolicy({ frame: 'none', nonce: createNonce(), dev: process.env.NODE_ENV !== 'production' });
    headers.set('Content-Security-Policy', csp);
    const response = NextResponse.next({ request: { headers } });
    response.headers.set('Content-Security-Policy', csp);
    return response;
  }
  return NextResponse.next();
}

function decodesCleanly(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

export const config = {
  // The last two: any path with a %-escape, so malformed ones are refused before routing, and any
  // server-action post (they can target any page), so oversized ones are refused unread.
  matcher: ['/admin/:path*', '/:path(.*%.*)', { source: '/:path*', has: [{ type: 'header', key: 'next-action' }] }],
};
