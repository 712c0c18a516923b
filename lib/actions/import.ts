'use server';

import { requireUser } from '@/lib/auth/guard';
import { formObject, parseInput, runFormAction } from '@/lib/actions/form-state';
import { db } from '@/lib/db';
import { commitImport, findImportMapping } from '@/lib/import/commit';
import { decodeUtf8 } from '@/lib/import/encoding';
import { shapeKey } from '@/lib/import/hash';
import { prepareImport } from '@/lib/import/prepare';
import type { TImportFormState } from '@/lib/entry/form-state';
import { AppError } from '@/lib/errors';
import { ZImportRequest } from '@/lib/schemas/import';
import { z } from 'zod';

/** Matches serverActions.bodySizeLimit in next.config.ts, minus room for the multipart envelope. */
const MAX_FILE_BYTES = 9 * 1024 * 1024;

/**
 * Commit a CSV import. The browser has already shown the preview; the server parses and validates
 * the uploaded file again with the same library (lib/import) and never trusts the browser's result.
 */
export async function commitImportAction(_prev: TImportFormState, formData: FormData): Promise<TImportFormState> {
  return runFormAction(formData, async () => {
    const user = await requireUser('editor');
    const request = parseInput(ZImportRequest, formObject(formData));
    const file = formData.get('file');
    if (!(file instanceof Blob) || file.size === 0) throw new AppError('VALIDATION', 'Choose a CSV file.', { file: ['File: choose a CSV file.'] });
    if (file.size > MAX_FILE_BYTES) throw new AppError('VALIDATION', 'The file is larger than 9 MB; split it.', { file: ['File: larger than 9 MB; split it.'] });
    const decoded = decodeUtf8(await file.arrayBuffer());
    if (!decoded.ok) throw new AppError('VALIDATION', decoded.message, { file: [decoded.message] });
    const preview = prepareImport(decoded.text, request.mapping, request.options);
    const summary = await commitImport(db, { preview, options: request.options, mode: request.options.mode, fileName: request.fileName, userId: user.id });
    const { pollIds: _pollIds, auditId: _auditId, ...rest } = summary;
    const skipped = summary.skippedExisting + summary.skippedDuplicates + summary.skippedInvalid;
    return {
      status: 'success',
      message: `Imported ${summary.created} poll${summary.created === 1 ? '' : 's'} from ${request.fileName}; ${skipped} row${skipped === 1 ? '' : 's'} skipped (${summary.skippedExisting} already imported, ${summary.skippedDuplicates} duplicate, ${summary.skippedInvalid} with errors).`,
      summary: rest,
    };
  });
}

const ZHeaders = z.array(z.string().max(500)).min(1).max(500);

/** The column mapping remembered for a file with these headers (any order), or null. */
export async function loadImportMappingAction(headers: unknown): Promise<Record<string, string> | null> {
  await requireUser('editor');
  const parsed = ZHeaders.safeParse(headers);
  if (!parsed.success) throw new AppError('VALIDATION', 'Headers: a list of column names.');
  return findImportMapping(db, shapeKey(parsed.data));
}
