'use server';

import { redirect } from 'next/navigation';
import { requireUser } from '@/lib/auth/guard';
import { parseInput, runFormAction } from '@/lib/actions/form-state';
import { db } from '@/lib/db';
import { createPoll, updatePoll, type TPollWriteResult } from '@/lib/entry/polls';
import type { TPollFormState } from '@/lib/entry/form-state';
import { revalidateAfterWrite } from '@/lib/entry/revalidate';
import { AppError } from '@/lib/errors';
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

function revalidatePoll(r: TPollWriteResult): void {
  revalidateAfterWrite(
    ['/', '/admin/polls', `/admin/polls/${r.id}`, `/polls/${r.id}`, ...r.questionSlugs.map((s) => `/questions/${s}`), ...r.pollsterSlugs.map((s) => `/pollsters/${s}`)],
    ['polls', `poll:${r.id}`, ...r.questionSlugs.map((s) => `question:${s}`), ...r.pollsterSlugs.map((s) => `pollster:${s}`)],
  );
}

export async function createPollAction(_prev: TPollFormState, formData: FormData): Promise<TPollFormState> {
  let target: string | null = null;
  const state = await runFormAction(formData, async () => {
    const user = await requireUser('editor');
    const input = parseInput(ZPollInput, payloadOf(formData));
    const saved = await createPoll(db, user.id, input);
    revalidatePoll(saved);
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
    revalidatePoll(saved);
    target = `/admin/polls/${saved.id}?saved=updated`;
    return { status: 'success', message: `Poll #${saved.id} saved.` };
  });
  if (target) redirect(target);
  return state;
}
