import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@/lib/auth/config';
import { passwordPolicyProblem } from '@/lib/auth/password-policy';

export const USER_ROLES = ['editor', 'admin'] as const;
export const ZUserRole = z.enum(USER_ROLES, { error: 'Choose a role: editor or admin.' });
export type TUserRole = z.infer<typeof ZUserRole>;

/** Emails are compared case-insensitively: stored trimmed and lower-cased. */
export const ZEmail = z
  .string({ error: 'Enter an email address.' })
  .trim()
  .min(1, 'Enter an email address.')
  .max(254, 'An email address has at most 254 characters.')
  .toLowerCase()
  .pipe(z.email({ error: 'Enter a valid email address, like name@example.org.' }));

/** A new password: 12 to 1024 characters (code points), kept exactly as typed — never trimmed. */
export const ZNewPassword = z
  .string({ error: 'Enter a password.' })
  .refine((v) => [...v].length >= PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .refine((v) => [...v].length <= PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`);

const ZOptionalName = z
  .string()
  .trim()
  .max(120, 'A name has at most 120 characters.')
  .optional()
  .transform((v) => (v ? v : null));

const ZId = z.coerce.number({ error: 'Missing user id.' }).int().positive('Missing user id.');
const ZVersion = z.coerce.number({ error: 'Missing version.' }).int().positive('Missing version.');

/** Common, repetitive or email-like passwords are refused (lib/auth/password-policy.ts). */
export function refinePasswordPolicy(value: { password: string; email?: string | null }, ctx: z.RefinementCtx): void {
  const problem = passwordPolicyProblem(value.password, value.email);
  if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
}

export const ZUserCreateInput = z
  .object({
    email: ZEmail,
    name: ZOptionalName,
    role: ZUserRole,
    password: ZNewPassword,
  })
  .superRefine(refinePasswordPolicy);
export type TUserCreateInput = z.infer<typeof ZUserCreateInput>;

export const ZUserSetDisabledInput = z.object({
  userId: ZId,
  version: ZVersion,
  disabled: z.enum(['true', 'false'], { error: 'Choose enable or disable.' }).transform((v) => v === 'true'),
});
export type TUserSetDisabledInput = z.infer<typeof ZUserSetDisabledInput>;

export const ZUserResetPasswordInput = z.object({
  userId: ZId,
  version: ZVersion,
  password: ZNewPassword,
});
export type TUserResetPasswordInput = z.infer<typeof ZUserResetPasswordInput>;
