/**
 * Response security headers (issue #15, finding 6: a same-site page framed /admin/users and a
 * click disabled a user). Three framing rules:
 * - /admin: never framed (`frame-ancestors 'none'` + `X-Frame-Options: DENY` for old browsers);
 * - the public site and the API: framed only by the site itself (`'self'` + `SAMEORIGIN`);
 * - /embed: framed by anyone (`*`, no X-Frame-Options), which is what embeds are for.
 *
 * Scripts: admin pages are rendered per request, so proxy.ts gives each one a nonce and Next puts
 * it on its own inline scripts (it reads the nonce from the request's CSP header); `'strict-dynamic'`
 * lets those scripts load the app's chunks. Public pages are served as identical bytes from the
 * page cache (lib/http/page-cache.ts) and some are prerendered at build time, so they cannot carry
 * a per-response nonce: their policy allows the site's own scripts plus inline ones, and every
 * other source (no external script, no object, no base or form target elsewhere) stays shut.
 */

export type FrameRule = 'none' | 'self' | 'any';

/** next.config.ts `serverActions.bodySizeLimit` ('1mb'), checked by proxy.ts from Content-Length. */
export const ACTION_BODY_LIMIT_BYTES = 1024 * 1024;

const FRAME_ANCESTORS: Record<FrameRule, string> = { none: "'none'", self: "'self'", any: '*' };

/** Development only: React's dev tools evaluate strings (`next dev` would not hydrate without it). */
function devScript(dev: boolean): string {
  return dev ? " 'unsafe-eval'" : '';
}

export function contentSecurityPolicy({ frame, nonce, dev = false }: { frame: FrameRule; nonce?: string; dev?: boolean }): string {
  const script = nonce ? `'self' 'nonce-${nonce}' 'strict-dynamic'${devScript(dev)}` : `'self' 'unsafe-inline'${devScript(dev)}`;
  return [
    "default-src 'self'",
    `script-src ${script}`,
    // React and Recharts set style attributes; nonces do not cover attributes.
    "style-src 'self' 'unsafe-inline'",
    // Chart image export draws SVG into a canvas and downloads it as a blob/data URL.
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? ' ws:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${FRAME_ANCESTORS[frame]}`,
  ].join('; ');
}

/** A fresh nonce per admin request: 128 random bits, base64. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

interface HeaderRule {
  source: string;
  headers: { key: string; value: string }[];
}

/**
 * next.config.ts `headers()`: the rules for every path. Admin's CSP (with its nonce) is set by
 * proxy.ts; its X-Frame-Options comes from here, so even a response the proxy does not touch (a
 * redirect, a static admin file) cannot be framed.
 */
export function securityHeaderRules(dev = false): HeaderRule[] {
  return [
    {
      source: '/:path*',
      headers: [
        { key: 'X-Content-Type-Options', value: 'nosniff' },
        { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
      ],
    },
    {
      // Everything except /admin… and /embed… (path-to-regexp with a negative look-ahead).
      source: '/:path((?!admin(?:/|$)|embed(?:/|$)).*)',
      headers: [
        { key: 'X-Frame-Options', value: 'SAMEORIGIN' },
        { key: 'Content-Security-Policy', value: contentSecurityPolicy({ frame: 'self', dev }) },
      ],
    },
    { source: '/admin', headers: [{ key: 'X-Frame-Options', value: 'DENY' }] },
    { source: '/admin/:path*', headers: [{ key: 'X-Frame-Options', value: 'DENY' }] },
    { source: '/embed/:path*', headers: [{ key: 'Content-Security-Policy', value: contentSecurityPolicy({ frame: 'any', dev }) }] },
  ];
}
