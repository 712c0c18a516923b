import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from '@/lib/auth/config';
import { ZEmail, ZNewPassword } from '@/lib/schemas/user';

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
  next: z.string().optional(),
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
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The two passwords differ.' });
export type TSetupInput = z.infer<typeof ZSetupInput>;

/** Only same-site admin paths are allowed as a post-login destination (no open redirect). */
export function safeNextPath(value: string | undefined | null): string {
  if (!value || !value.startsWith('/admin') || value.startsWith('//') || value.includes('\\')) return '/admin';
  if (value.startsWith('/admin/login') || value.startsWith('/admin/setup')) return '/admin';
  return value;
}
