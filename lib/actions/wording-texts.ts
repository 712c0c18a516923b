'use server';

import { revalidatePath } from 'next/cache';
import { requireUser } from '@/lib/auth/guard';
import { formObject, parseInput, runFormAction, type TFormState } from '@/lib/actions/form-state';
import { db } from '@/lib/db';
import { ZWordingTextDeleteInput, ZWordingTextInput } from '@/lib/schemas/wording-text';
import { deleteWordingText, saveWordingText } from '@/lib/writes/wording-texts';

const FIELDS = ['questionId', 'wordingKey', 'language', 'role', 'text', 'status', 'sourceUrl', 'sourceNote'] as const;

/** Add or replace an original-language text or a translation of one wording of a question. */
export async function saveWordingTextAction(_prev: TFormState, formData: FormData): Promise<TFormState> {
  return runFormAction(formData, { only: FIELDS }, async () => {
    const user = await requireUser('editor');
    const input = parseInput(ZWordingTextInput, formObject(formData));
    const saved = await saveWordingText(db, user.id, input);
    revalidatePath(`/admin/questions/${input.questionId}`);
    const polls = `${saved.pollQuestions} ${saved.pollQuestions === 1 ? 'poll' : 'polls'}`;
    return {
      status: 'success',
      message: `${input.role === 'original' ? 'Original' : 'Translation'} (${input.language}) ${saved.created ? 'added' : 'saved'} for ${polls}.`,
    };
  });
}

export async function deleteWordingTextAction(_prev: TFormState, formData: FormData): Promise<TFormState> {
  return runFormAction(formData, { only: FIELDS }, async () => {
    const user = await requireUser('editor');
    const input = parseInput(ZWordingTextDeleteInput, formObject(formData));
    const { removed } = await deleteWordingText(db, user.id, input);
    revalidatePath(`/admin/questions/${input.questionId}`);
    return {
      status: 'success',
      message: `${input.role === 'original' ? 'Original' : 'Translation'} (${input.language}) removed from ${removed} ${removed === 1 ? 'poll' : 'polls'}.`,
    };
  });
}
