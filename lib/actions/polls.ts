'use server';

import { redirect } from 'next/navigation';
import { requireUser } from '@/lib/auth/guard';
import { parseInput, runFormAction } from '@/lib/actions/form-state';
import { db } from '@/lib/db';
import { createPoll, updatePoll } from '@/lib/writes/polls';
import type { TPollFormState } from '@/lib/actions/poll-form-state';
import { AppError } from '@/lib/errors/app-error';
import { ZPollInput, ZPollUpdateInput } from '@/lib/schemas/poll';

/** The poll form posts its whole state as JSON in `payload` (it has nested, client-added rows). */
function payloadOf(formData: FormData): unknown {
  const raw = formData.get('payload');
  if (typeof raw !== 'string') throw new AppError('VALIDATION', 'The form was not sent completely; reload and try again.');
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new AppError('VALIDATION', 'The form was not sent completely; reload and try again.');
  }
}

export async function createPollAction(_prev: TPollFormState, formData: FormData): Promise<TPollFormState> {
  let target: string | null = null;
  const state = await runFormAction(formData, async () => {
    const user = await requireUser('editor');
    const input = parseInput(ZPollInput, payloadOf(formData));
    const saved = await createPoll(db, user.id, input);
    target = `/admin/polls/${saved.id}?saved=created`;
    return { status: 'success', message: `Poll #${saved.id} saved.` };
  });
  if (target) redirect(target);
  return state;
}

export async function updatePollAction(_prev: TPollFormState, formData: FormData): Promise<TPollFormState> {
  let target: string | null = null;
  const state = await runFormAction(formData, async () => {
    const user = await requireUser('editor');
    const input = parseInput(ZPollUpdateInput, payloadOf(formData));
    const saved = await updatePoll(db, user.id, input);
    target = `/admin/polls/${saved.id}?saved=updated`;
    return { status: 'success', message: `Poll #${saved.id} saved.` };
  });
  if (target) redirect(target);
  return state;
}
