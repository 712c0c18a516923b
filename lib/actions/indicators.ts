'use server';

import { formAction } from '@/lib/actions/form-action';
import { db } from '@/lib/db';
import { createIndicator, createObservation, updateIndicator, updateObservation } from '@/lib/writes/catalog';
import { ZIndicatorInput, ZIndicatorUpdateInput } from '@/lib/schemas/indicator';
import { ZObservationInput, ZObservationUpdateInput } from '@/lib/schemas/observation';

export const createIndicatorAction = formAction({
  role: 'editor',
  schema: ZIndicatorInput,
  run: async (input, user) => ({ redirect: `/admin/indicators/${(await createIndicator(db, user.id, input)).id}?saved=created` }),
});

export const updateIndicatorAction = formAction({
  role: 'editor',
  schema: ZIndicatorUpdateInput,
  run: async (input, user) => ({ redirect: `/admin/indicators/${(await updateIndicator(db, user.id, input)).id}?saved=updated` }),
});

export const createObservationAction = formAction({
  role: 'editor',
  schema: ZObservationInput,
  run: async (input, user) => {
    await createObservation(db, user.id, input);
    return { redirect: `/admin/indicators/${input.indicatorId}?saved=observation` };
  },
});

export const updateObservationAction = formAction({
  role: 'editor',
  schema: ZObservationUpdateInput,
  run: async (input, user) => {
    await updateObservation(db, user.id, input);
    return { redirect: `/admin/indicators/${input.indicatorId}?saved=observation` };
  },
});
