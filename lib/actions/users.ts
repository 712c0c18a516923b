'use server';

import { refresh } from 'next/cache';
import { requireUser } from '@/lib/auth/guard';
import { hashPassword } from '@/lib/auth/password';
import { passwordPolicyProblem } from '@/lib/auth/password-policy';
import { revokeUserSessions } from '@/lib/auth/sessions';
import { formObject, parseInput, runFormAction, type TFormState } from '@/lib/actions/form-state';
import { versionedUpdate, type TVersionedUpdateResult } from '@/lib/writes/versioned-update';
import { recordAudit } from '@/lib/audit/record';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors/app-error';
import { Prisma } from '@/lib/generated/prisma/client';
import { ZUserCreateInput, ZUserResetPasswordInput, ZUserSetDisabledInput } from '@/lib/schemas/user';

function failOnStale(result: TVersionedUpdateResult<unknown>): void {
  if (result.ok) return;
  if (result.reason === 'not_found') throw new AppError('NOT_FOUND', 'This user no longer exists.');
  throw new AppError('CONFLICT', result.conflict.message);
}

export async function createUser(_prev: TFormState, formData: FormData): Promise<TFormState> {
  return runFormAction(formData, async () => {
    const actor = await requireUser('admin');
    const input = parseInput(ZUserCreateInput, formObject(formData));
    const passwordHash = await hashPassword(input.password);
    try {
      await db.$transaction(async (tx) => {
        const user = await tx.user.create({ data: { email: input.email, name: input.name, role: input.role, passwordHash } });
        await recordAudit(tx, { userId: actor.id, entity: 'User', entityId: user.id, action: 'create', after: user });
      });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw new AppError('VALIDATION', 'Some fields need attention.', { email: ['A user with this email already exists.'] });
      }
      throw error;
    }
    refresh(); // the users list re-renders with the new row
    return { status: 'success', message: `Created ${input.email} (${input.role}).` };
  });
}

/** Disabling also deletes the user's sessions, so it takes effect at their next request. */
export async function setUserDisabled(_prev: TFormState, formData: FormData): Promise<TFormState> {
  return runFormAction(formData, async () => {
    const actor = await requireUser('admin');
    const input = parseInput(ZUserSetDisabledInput, formObject(formData));
    if (input.disabled && input.userId === actor.id) {
      throw new AppError('VALIDATION', 'You cannot disable your own account.', { disabled: ['You cannot disable your own account.'] });
    }
    const result = await versionedUpdate(db, {
      entity: 'User',
      id: input.userId,
      expectedVersion: input.version,
      userId: actor.id,
      data: { disabled: input.disabled },
      action: input.disabled ? 'disable' : 'enable',
      also: async (tx) => {
        if (input.disabled) await revokeUserSessions(tx, input.userId);
      },
    });
    failOnStale(result);
    refresh(); // new version and status in the list
    return { status: 'success', message: input.disabled ? 'User disabled; their sessions were ended.' : 'User enabled.' };
  });
}

/** A reset ends the user's other sessions (all of them, unless admins reset their own). */
export async function resetUserPassword(_prev: TFormState, formData: FormData): Promise<TFormState> {
  return runFormAction(formData, async () => {
    const actor = await requireUser('admin');
    const input = parseInput(ZUserResetPasswordInput, formObject(formData));
    const target = await db.user.findUnique({ where: { id: input.userId }, select: { email: true } });
    const problem = passwordPolicyProblem(input.password, target?.email);
    if (problem) throw new AppError('VALIDATION', 'Some fields need attention.', { password: [problem] });
    const passwordHash = await hashPassword(input.password);
    const result = await versionedUpdate(db, {
      entity: 'User',
      id: input.userId,
      expectedVersion: input.version,
      userId: actor.id,
      data: { passwordHash },
      action: 'reset_password',
      also: async (tx) => {
        await revokeUserSessions(tx, input.userId, input.userId === actor.id ? actor.sessionId : undefined);
      },
    });
    failOnStale(result);
    refresh();
    return { status: 'success', message: 'Password reset; the user’s other sessions were ended.' };
  });
}
