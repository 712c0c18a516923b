'use server';

import { formAction } from '@/lib/actions/form-action';
import { db } from '@/lib/db';
import { createOutcome } from '@/lib/writes/outcomes';

/** Enter an outcome for a question's wording (editors and admins); the write parses the fields. */
export const createOutcomeAction = formAction({
  role: 'editor',
  run: async (fields, user) => {
    const saved = await createOutcome(db, user.id, fields);
    return { status: 'success', message: `Outcome #${saved.id} saved; pollster accuracy records now include it.` };
  },
});
