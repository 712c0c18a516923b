import 'server-only';
import { cookies, headers } from 'next/headers';
import { cache } from 'react';
import { clientAddress } from '@/lib/auth/client-address';
import { sessionCookieSettings } from '@/lib/auth/cookie';
import { validateSessionToken, type TSessionUser } from '@/lib/auth/sessions';
import { db } from '@/lib/db';
import { getEnv } from '@/lib/config/env';

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
 * Client address for throttling: X-Forwarded-For read from the right, past TRUSTED_PROXIES proxies
 * (lib/auth/client-address.ts). X-Real-IP is not read: any client can send it.
 */
export async function readRequestInfo(): Promise<{ ip: string | null; userAgent: string | null }> {
  const h = await headers();
  return { ip: clientAddress(h.get('x-forwarded-for'), getEnv().TRUSTED_PROXIES), userAgent: h.get('user-agent')?.slice(0, 300) ?? null };
}

/** The signed-in user of this request, or null; deduplicated per render (layout + page). */
export const getSessionUser = cache(async (): Promise<TSessionUser | null> => {
  return validateSessionToken(db, await readSessionToken());
});
