import 'server-only';
import { cookies, headers } from 'next/headers';
import { cache } from 'react';
import { sessionCookieSettings } from '@/lib/auth/cookie';
import { validateSessionToken, type TSessionUser } from '@/lib/auth/sessions';
import { db } from '@/lib/db';

/**
 * The only place that touches the request's cookies and headers. Everything else (guards, actions)
 * goes through these functions, so tests replace `next/headers` (an empty cookie store) and keep the
 * real database.
 */
export async function readSessionToken(): Promise<string | undefined> {
  const store = await cookies();
  return store.get(sessionCookieSettings().name)?.value;
}

export async function writeSessionCookie(token: string): Promise<void> {
  const { name, options } = sessionCookieSettings();
  (await cookies()).set(name, token, options);
}

export async function clearSessionCookie(): Promise<void> {
  const { name, options } = sessionCookieSettings();
  (await cookies()).set(name, '', { ...options, maxAge: 0 });
}

/**
 * Client IP for throttling: the first X-Forwarded-For entry. `next start` sets that header to the
 * socket address only when it is absent, so without a reverse proxy that overwrites it a client can
 * choose its own value (docs/ADMIN.md); the per-account limit does not depend on it.
 */
export async function readRequestInfo(): Promise<{ ip: string | null; userAgent: string | null }> {
  const h = await headers();
  const forwarded = h.get('x-forwarded-for')?.split(',')[0]?.trim();
  const ip = forwarded || h.get('x-real-ip')?.trim() || null;
  return { ip: ip ? ip.slice(0, 64) : null, userAgent: h.get('user-agent') };
}

/** The signed-in user of this request, or null; deduplicated per render (layout + page). */
export const getSessionUser = cache(async (): Promise<TSessionUser | null> => {
  return validateSessionToken(db, await readSessionToken());
});
