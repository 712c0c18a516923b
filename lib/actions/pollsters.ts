'use server';

import { redirect } from 'next/navigation';
import { requireUser } from '@/lib/auth/guard';
import { formObject, parseInput, runFormAction, type TFormState } from '@/lib/actions/form-state';
import { db } from '@/lib/db';
import { createPollster, updatePollster } from '@/lib/writes/catalog';
import { ZPollsterInput, ZPollsterUpdateInput } from '@/lib/schemas/pollster';

export async function createPollsterAction(_prev: TFormState, formData: FormData): Promise<TFormState> {
  let target: string | null = null;
  const state = await runFormAction(formData, async () => {
    const user = await requireUser('editor');
    const input = parseInput(ZPollsterInput, formObject(formData));
    const saved = await createPollster(db, user.id, input);
    target = `/admin/pollsters/${saved.id}?saved=created`;
    return { status: 'success', message: 'Pollster saved.' };
  });
  if (target) redirect(target);
  return state;
}

export async function updatePollsterAction(_prev: TFormState, formData: FormData): Promise<TFormState> {
  let target: string | null = null;
  const state = await runFormAction(formData, async () => {
    const user = await requireUser('editor');
    const input = parseInput(ZPollsterUpdateInput, formObject(formData));
    const saved = await updatePollster(db, user.id, input);
    target = `/admin/pollsters/${saved.id}?saved=updated`;
    return { status: 'success', message: 'Pollster saved.' };
  });
  if (target) redirect(target);
  return state;
}
