import { recordAudit } from '@/lib/audit';
import { AppError } from '@/lib/errors';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { z } from 'zod';

/**
 * Undo one CSV import from its audit row: delete the polls it created (their questions, results
 * and breakdowns go with them), then the options, questions and pollsters it created that nothing
 * else uses now. A CSV import only creates rows (an existing poll is an exact duplicate and is left
 * alone), so there is nothing to restore besides. One transaction, one audit row; an import is
 * undone once.
 */
const ZImportAudit = z.object({
  file: z.string().optional(),
  pollIds: z.array(z.number().int()),
  createdPollsterIds: z.array(z.number().int()).default([]),
  createdQuestionIds: z.array(z.number().int()).default([]),
  createdOptionIds: z.array(z.number().int()).default([]),
});

export interface TUndoSummary {
  auditId: number;
  pollsDeleted: number;
  questionsDeleted: number;
  optionsDeleted: number;
  pollstersDeleted: number;
  undoAuditId: number;
}

const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

export async function undoImport(db: PrismaClient, auditId: number, userId: number | null): Promise<TUndoSummary> {
  return db.$transaction(
    async (tx) => {
      const event = await tx.auditEvent.findUnique({ where: { id: auditId } });
      if (!event || event.entity !== 'Import' || event.action !== 'import') throw new AppError('NOT_FOUND', `Audit event ${auditId} is not a CSV import.`);
      const done = await tx.auditEvent.findFirst({ where: { entity: 'Import', entityId: `undo:${auditId}`, action: 'undo' } });
      if (done) throw new AppError('CONFLICT', `Import ${auditId} was already undone (audit event ${done.id}).`);
      const parsed = ZImportAudit.safeParse(JSON.parse(event.after ?? '{}'));
      if (!parsed.success) throw new AppError('VALIDATION', `Audit event ${auditId} does not list what the import created (an import made before undo existed).`);
      const a = parsed.data;
      let pollsDeleted = 0;
      for (const ids of chunks(a.pollIds)) pollsDeleted += (await tx.poll.deleteMany({ where: { id: { in: ids } } })).count;
      let optionsDeleted = 0;
      for (const ids of chunks(a.createdOptionIds)) {
        optionsDeleted += (await tx.questionOption.deleteMany({ where: { id: { in: ids }, results: { none: {} }, breakdownResults: { none: {} } } })).count;
      }
      let questionsDeleted = 0;
      for (const ids of chunks(a.createdQuestionIds)) questionsDeleted += (await tx.question.deleteMany({ where: { id: { in: ids }, asked: { none: {} } } })).count;
      let pollstersDeleted = 0;
      for (const ids of chunks(a.createdPollsterIds)) {
        pollstersDeleted += (await tx.pollster.deleteMany({ where: { id: { in: ids }, polls: { none: {} }, sponsoredPolls: { none: {} } } })).count;
      }
      const summary = { auditId, pollsDeleted, questionsDeleted, optionsDeleted, pollstersDeleted };
      const audit = await recordAudit(tx, { userId, entity: 'Import', entityId: `undo:${auditId}`, action: 'undo', before: { file: a.file, pollIds: a.pollIds.length }, after: summary });
      return { ...summary, undoAuditId: audit.id };
    },
    { timeout: 600_000, maxWait: 30_000 },
  );
}
