import { SESSION_ABSOLUTE_MS, SESSION_COOKIE_PLAIN_NAME, SESSION_COOKIE_SECURE_NAME } from '@/lib/auth/config';
import { getEnv, type TEnv } from '@/lib/config/env';

export interface SessionCookieSettings {
  name: string;
  options: { httpOnly: true; sameSite: 'lax'; path: '/'; secure: boolean; maxAge: number };
}

/**
 * `__Host-` requires Secure, Path=/ and no Domain, so the browser itself guarantees that only this
 * exact origin over HTTPS set the cookie. Plain http (localhost, tests) gets a plain name.
 */
export function sessionCookieSettings(env: Pick<TEnv, 'NODE_ENV' | 'SESSION_COOKIE_SECURE'> = getEnv()): SessionCookieSettings {
  const secure = env.SESSION_COOKIE_SECURE === 'true' || (env.SESSION_COOKIE_SECURE === 'auto' && env.NODE_ENV === 'production');
  return {
    name: secure ? SESSION_COOKIE_SECURE_NAME : SESSION_COOKIE_PLAIN_NAME,
    options: { httpOnly: true, sameSite: 'lax', path: '/', secure, maxAge: Math.floor(SESSION_ABSOLUTE_MS / 1000) },
  };
}
