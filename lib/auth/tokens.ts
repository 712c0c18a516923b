import { createHash, randomBytes } from 'node:crypto';
import { SESSION_TOKEN_BYTES } from '@/lib/auth/config';

/** A 256-bit random token, URL- and cookie-safe. */
export function generateToken(bytes: number = SESSION_TOKEN_BYTES): string {
  return randomBytes(bytes).toString('base64url');
}

/** What the database stores instead of a token: a leaked table gives no usable cookies or links. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
