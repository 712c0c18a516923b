'use server';

import { redirect } from 'next/navigation';
import { requireUser } from '@/lib/auth/guard';
import { formObject, parseInput, runFormAction, type TFormState } from '@/lib/actions/form-state';
import { db } from '@/lib/db';
import { createQuestion, updateQuestion } from '@/lib/writes/catalog';
import { ZQuestionInput, ZQuestionUpdateInput } from '@/lib/schemas/question';

export async function createQuestionAction(_prev: TFormState, formData: FormData): Promise<TFormState> {
  let target: string | null = null;
  const state = await runFormAction(formData, async () => {
    const user = await requireUser('editor');
    const input = parseInput(ZQuestionInput, formObject(formData));
    const saved = await createQuestion(db, user.id, input);
    target = `/admin/questions/${saved.id}?saved=created`;
    return { status: 'success', message: 'Question saved.' };
  });
  if (target) redirect(target);
  return state;
}

export async function updateQuestionAction(_prev: TFormState, formData: FormData): Promise<TFormState> {
  let target: string | null = null;
  const state = await runFormAction(formData, async () => {
    const user = await requireUser('editor');
    const input = parseInput(ZQuestionUpdateInput, formObject(formData));
    const saved = await updateQuestion(db, user.id, input);
    target = `/admin/questions/${saved.id}?saved=updated`;
    return { status: 'success', message: 'Question saved.' };
  });
  if (target) redirect(target);
  return state;
}
