'use server';

import { requireUser } from '@/lib/auth/guard';
import { runFormAction } from '@/lib/actions/form-state';
import { db } from '@/lib/db';
import type { TFormState } from '@/lib/actions/form-state';
import { AppError } from '@/lib/errors/app-error';
import { findImportMapping } from '@/lib/import/commit';
import { shapeKey } from '@/lib/import/hash';
import { undoImport } from '@/lib/writes/import-undo';
import { z } from 'zod';

/*
 * The file itself is uploaded to the route handler app/api/admin/import (session checked before the
 * body is read, no server-action body limit); these actions carry only small inputs.
 */

/** Any number of columns (a 1,000-column file once made this answer 500); longer names are cut. */
const ZHeaders = z.array(z.string().transform((h) => h.slice(0, 500))).max(20_000);

/** The column mapping remembered for a file with these headers (any order), or null. */
export async function loadImportMappingAction(headers: unknown): Promise<Record<string, string> | null> {
  await requireUser('editor');
  const parsed = ZHeaders.safeParse(headers);
  // A malformed request only costs the suggestion: never an error page.
  if (!parsed.success || parsed.data.length === 0) return null;
  return findImportMapping(db, shapeKey(parsed.data));
}

const ZUndo = z.object({ auditId: z.coerce.number({ error: 'Audit event: a number.' }).int().positive('Audit event: a number.') });

/** Undo one CSV import from the audit log (admins only). */
export async function undoImportAction(_prev: TFormState, formData: FormData): Promise<TFormState> {
  return runFormAction(formData, async () => {
    const user = await requireUser('admin');
    const parsed = ZUndo.safeParse({ auditId: formData.get('auditId') });
    if (!parsed.success) throw new AppError('VALIDATION', parsed.error.issues[0]?.message ?? 'Audit event: a number.');
    const s = await undoImport(db, parsed.data.auditId, user.id);
    return {
      status: 'success',
      message: `Import ${s.auditId} undone: ${s.pollsDeleted} polls, ${s.questionsDeleted} questions, ${s.optionsDeleted} options and ${s.pollstersDeleted} pollsters removed (audit event ${s.undoAuditId}).`,
    };
  });
}
