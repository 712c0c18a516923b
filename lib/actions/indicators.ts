'use server';

import { redirect } from 'next/navigation';
import { requireUser } from '@/lib/auth/guard';
import { formObject, parseInput, runFormAction, type TFormState } from '@/lib/actions/form-state';
import { db } from '@/lib/db';
import { createIndicator, createObservation, updateIndicator, updateObservation } from '@/lib/writes/catalog';
import { ZIndicatorInput, ZIndicatorUpdateInput } from '@/lib/schemas/indicator';
import { ZObservationInput, ZObservationUpdateInput } from '@/lib/schemas/observation';

export async function createIndicatorAction(_prev: TFormState, formData: FormData): Promise<TFormState> {
  let target: string | null = null;
  const state = await runFormAction(formData, async () => {
    const user = await requireUser('editor');
    const input = parseInput(ZIndicatorInput, formObject(formData));
    const saved = await createIndicator(db, user.id, input);
    target = `/admin/indicators/${saved.id}?saved=created`;
    return { status: 'success', message: 'Indicator saved.' };
  });
  if (target) redirect(target);
  return state;
}

export async function updateIndicatorAction(_prev: TFormState, formData: FormData): Promise<TFormState> {
  let target: string | null = null;
  const state = await runFormAction(formData, async () => {
    const user = await requireUser('editor');
    const input = parseInput(ZIndicatorUpdateInput, formObject(formData));
    const saved = await updateIndicator(db, user.id, input);
    target = `/admin/indicators/${saved.id}?saved=updated`;
    return { status: 'success', message: 'Indicator saved.' };
  });
  if (target) redirect(target);
  return state;
}

export async function createObservationAction(_prev: TFormState, formData: FormData): Promise<TFormState> {
  let target: string | null = null;
  const state = await runFormAction(formData, async () => {
    const user = await requireUser('editor');
    const input = parseInput(ZObservationInput, formObject(formData));
    await createObservation(db, user.id, input);
    target = `/admin/indicators/${input.indicatorId}?saved=observation`;
    return { status: 'success', message: 'Observation saved.' };
  });
  if (target) redirect(target);
  return state;
}

export async function updateObservationAction(_prev: TFormState, formData: FormData): Promise<TFormState> {
  let target: string | null = null;
  const state = await runFormAction(formData, async () => {
    const user = await requireUser('editor');
    const input = parseInput(ZObservationUpdateInput, formObject(formData));
    await updateObservation(db, user.id, input);
    target = `/admin/indicators/${input.indicatorId}?saved=observation`;
    return { status: 'success', message: 'Observation saved.' };
  });
  if (target) redirect(target);
  return state;
}
