import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from '@/lib/auth/config';
import { refinePasswordPolicy, ZEmail, ZNewPassword } from '@/lib/schemas/user';

/**
 * Login checks shape only: a too-short password is just "incorrect", so the form never tells an
 * attacker which rule an existing password follows.
 */
export const ZLoginInput = z.object({
  email: ZEmail,
  password: z
    .string({ error: 'Enter your password.' })
    .min(1, 'Enter your password.')
    .max(PASSWORD_MAX_LENGTH * 4, 'Email or password is incorrect'),
  next: z.string().max(500).optional(),
  /** The "sign out my other sessions" checkbox. */
  endOtherSessions: z
    .string()
    .optional()
    .transform((v) => v === 'on' || v === 'true'),
});
export type TLoginInput = z.infer<typeof ZLoginInput>;

export const ZSetupInput = z
  .object({
    token: z.string().min(1, 'The setup link is incomplete.').max(200),
    email: ZEmail,
    name: z
      .string()
      .trim()
      .max(120, 'A name has at most 120 characters.')
      .optional()
      .transform((v) => (v ? v : null)),
    password: ZNewPassword,
    confirm: z.string({ error: 'Repeat the password.' }),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The two passwords differ.' })
  .superRefine(refinePasswordPolicy);
export type TSetupInput = z.infer<typeof ZSetupInput>;

/**
 * A plain admin path: `/admin` and segments of URL-safe characters (no `.` or `..` segment, no
 * %-escapes), then an optional plain query. Nothing else can come through: no CR/LF (issue #15: it
 * gave a 500 after login), no backslash, no scheme or host.
 */
const PLAIN_ADMIN_PATH = /^\/admin(?:\/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*\/?(?:\?[A-Za-z0-9._~=&+%-]*)?$/;

/** Only same-site admin paths are allowed as a post-login destination (no open redirect). */
export function safeNextPath(value: string | undefined | null): string {
  if (!value || value.length > 500 || !PLAIN_ADMIN_PATH.test(value)) return '/admin';
  if (value.split(/[/?]/).some((segment) => segment === '.' || segment === '..')) return '/admin';
  if (value.startsWith('/admin/login') || value.startsWith('/admin/setup')) return '/admin';
  return value;
}
