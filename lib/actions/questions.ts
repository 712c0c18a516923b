'use server';

import { formAction } from '@/lib/actions/form-action';
import { db } from '@/lib/db';
import { createQuestion, updateQuestion } from '@/lib/writes/catalog';
import { ZQuestionInput, ZQuestionUpdateInput } from '@/lib/schemas/question';

export const createQuestionAction = formAction({
  role: 'editor',
  schema: ZQuestionInput,
  run: async (input, user) => ({ redirect: `/admin/questions/${(await createQuestion(db, user.id, input)).id}?saved=created` }),
});

export const updateQuestionAction = formAction({
  role: 'editor',
  schema: ZQuestionUpdateInput,
  run: async (input, user) => ({ redirect: `/admin/questions/${(await updateQuestion(db, user.id, input)).id}?saved=updated` }),
});
