'use server';

import { redirect } from 'next/navigation';
import { requireUser } from '@/lib/auth/guard';
import { formObject, runFormAction, type TFormState } from '@/lib/actions/form-state';
import { db } from '@/lib/db';
import { getEnv } from '@/lib/config/env';
import { publishRelease } from '@/lib/writes/releases';

/** Publish a citable release (admins only): freezes the dumps, one transaction with its audit row. */
export async function publishReleaseAction(_prev: TFormState, formData: FormData): Promise<TFormState> {
  let target: string | null = null;
  const state = await runFormAction(formData, async () => {
    const user = await requireUser('admin');
    const saved = await publishRelease(db, user.id, formObject(formData), { databaseUrl: getEnv().DATABASE_URL });
    target = `/releases/${saved.version}?published=1`;
    return { status: 'success', message: `Release ${saved.version} published.` };
  });
  if (target) redirect(target);
  return state;
}
