'use server';

import { formAction } from '@/lib/actions/form-action';
import { db } from '@/lib/db';
import { getEnv } from '@/lib/config/env';
import { publishRelease } from '@/lib/writes/releases';

/** Publish a citable release (admins only): freezes the dumps, one transaction with its audit row. */
export const publishReleaseAction = formAction({
  role: 'admin',
  run: async (fields, user) => {
    const saved = await publishRelease(db, user.id, fields, { databaseUrl: getEnv().DATABASE_URL });
    return { redirect: `/releases/${saved.version}?published=1` };
  },
});
