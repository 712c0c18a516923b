'use server';

import { redirect } from 'next/navigation';
import { requireUser } from '@/lib/auth/guard';
import { formObject, parseInput, runFormAction, type TFormState } from '@/lib/actions/form-state';
import { db } from '@/lib/db';
import { createPollster, updatePollster } from '@/lib/entry/catalog';
import { revalidateAfterWrite } from '@/lib/entry/revalidate';
import { ZPollsterInput, ZPollsterUpdateInput } from '@/lib/schemas/pollster';

function revalidatePollster(slug: string | undefined): void {
  revalidateAfterWrite(['/', '/admin/pollsters', ...(slug ? [`/pollsters/${slug}`] : [])], ['pollsters', 'polls', ...(slug ? [`pollster:${slug}`] : [])]);
}

export async function createPollsterAction(_prev: TFormState, formData: FormData): Promise<TFormState> {
  let target: string | null = null;
  const state = await runFormAction(formData, async () => {
    const user = await requireUser('editor');
    const input = parseInput(ZPollsterInput, formObject(formData));
    const saved = await createPollster(db, user.id, input);
    revalidatePollster(saved.slug);
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
    revalidatePollster(saved.slug);
    target = `/admin/pollsters/${saved.id}?saved=updated`;
    return { status: 'success', message: 'Pollster saved.' };
  });
  if (target) redirect(target);
  return state;
}
