'use server';

import { requireUser } from '@/lib/auth/guard';
import { formObject, runFormAction, type TFormState } from '@/lib/actions/form-state';
import { db } from '@/lib/db';
import { createOutcome } from '@/lib/writes/outcomes';

/** Enter an outcome for a question's wording (editors and admins). */
export async function createOutcomeAction(_prev: TFormState, formData: FormData): Promise<TFormState> {
  return runFormAction(formData, async () => {
    const user = await requireUser('editor');
    const saved = await createOutcome(db, user.id, formObject(formData));
    return { status: 'success', message: `Outcome #${saved.id} saved; pollster accuracy records now include it.` };
  });
}
