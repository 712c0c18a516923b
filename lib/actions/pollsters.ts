'use server';

import { formAction } from '@/lib/actions/form-action';
import { db } from '@/lib/db';
import { createPollster, updatePollster } from '@/lib/writes/catalog';
import { ZPollsterInput, ZPollsterUpdateInput } from '@/lib/schemas/pollster';

export const createPollsterAction = formAction({
  role: 'editor',
  schema: ZPollsterInput,
  run: async (input, user) => ({ redirect: `/admin/pollsters/${(await createPollster(db, user.id, input)).id}?saved=created` }),
});

export const updatePollsterAction = formAction({
  role: 'editor',
  schema: ZPollsterUpdateInput,
  run: async (input, user) => ({ redirect: `/admin/pollsters/${(await updatePollster(db, user.id, input)).id}?saved=updated` }),
});
