'use server';

import { formAction } from '@/lib/actions/form-action';
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

export const createPollAction = formAction<'editor', typeof ZPollInput, TPollFormState>({
  role: 'editor',
  schema: ZPollInput,
  input: payloadOf,
  run: async (input, user) => ({ redirect: `/admin/polls/${(await createPoll(db, user.id, input)).id}?saved=created` }),
});

export const updatePollAction = formAction<'editor', typeof ZPollUpdateInput, TPollFormState>({
  role: 'editor',
  schema: ZPollUpdateInput,
  input: payloadOf,
  run: async (input, user) => ({ redirect: `/admin/polls/${(await updatePoll(db, user.id, input)).id}?saved=updated` }),
});
