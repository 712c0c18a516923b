import { AppError } from '@/lib/errors/app-error';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { touchPolls } from '@/lib/writes/versioned-update';
import { runWrite, type WriteContext } from '@/lib/writes/write';
import { z } from 'zod';

/**
 * Undo one CSV import from its audit row (here because lib/writes is the one place that writes polls): delete the polls it created (their questions, results
 * and breakdowns go with them), then the options it added, the questions and the pollsters it
 * created, each only when nothing else uses it now. A CSV import only creates rows (an existing poll
 * is an exact duplicate and is left alone), so there is nothing to restore besides. One write
 * through lib/writes (one transaction, one audit row, caches told what changed); an import is
 * undone once.
 */
const ZImportAudit = z.object({
  file: z.string().optional(),
  pollIds: z.array(z.number().int()),
  createdPollsters: z.array(z.string()).default([]),
  createdQuestions: z.array(z.string()).default([]),
  addedOptions: z.array(z.object({ question: z.string(), key: z.string() })).default([]),
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
  return runWrite(db, { actor: userId, source: 'form', timeout: 600_000, maxWait: 30_000 }, async (w) => {
    const { tx } = w;
    const event = await tx.auditEvent.findUnique({ where: { id: auditId } });
    if (!event || event.entity !== 'Import' || event.action !== 'import') throw new AppError('NOT_FOUND', `Audit event ${auditId} is not a CSV import.`);
    const done = await tx.auditEvent.findFirst({ where: { entity: 'Import', entityId: `undo:${auditId}`, action: 'undo' } });
    if (done) throw new AppError('CONFLICT', `Import ${auditId} was already undone (audit event ${done.id}).`);
    const parsed = ZImportAudit.safeParse(JSON.parse(event.after ?? '{}'));
    if (!parsed.success) throw new AppError('VALIDATION', `Audit event ${auditId} does not list what the import created (an import made before undo existed).`);
    const a = parsed.data;
    const { pollsDeleted, questionsDeleted, optionsDeleted, pollstersDeleted } = await removeImported(w, a);
    const summary = { auditId, pollsDeleted, questionsDeleted, optionsDeleted, pollstersDeleted };
    const audit = await w.audit({
      entity: 'Import',
      entityId: `undo:${auditId}`,
      action: 'undo',
      before: { file: a.file, polls: a.pollIds.length },
      after: summary,
    });
    return { ...summary, undoAuditId: audit.id };
  });
}

export interface TImported {
  pollIds: number[];
  createdPollsters: string[];
  createdQuestions: string[];
  addedOptions: { question: string; key: string }[];
}

/**
 * Inside a write: delete what an import created (the polls, then the options, questions and
 * pollsters it created that nothing else uses now). Used by undo, and by a chunked commit that failed
 * part-way to take back the parts it had saved.
 */
export async function removeImported(
  w: WriteContext,
  a: TImported,
): Promise<{ pollsDeleted: number; questionsDeleted: number; optionsDeleted: number; pollstersDeleted: number }> {
  const { tx } = w;
  // Pages of the polls' questions and pollsters change: say so before the rows are gone.
  await touchPolls(w, a.pollIds);
  let pollsDeleted = 0;
  for (const ids of chunks(a.pollIds)) pollsDeleted += (await tx.poll.deleteMany({ where: { id: { in: ids } } })).count;
  let optionsDeleted = 0;
  for (const o of a.addedOptions) {
    optionsDeleted += (
      await tx.questionOption.deleteMany({ where: { key: o.key, question: { slug: o.question }, results: { none: {} }, breakdownResults: { none: {} } } })
    ).count;
  }
  let questionsDeleted = 0;
  for (const slugs of chunks(a.createdQuestions))
    questionsDeleted += (await tx.question.deleteMany({ where: { slug: { in: slugs }, asked: { none: {} } } })).count;
  let pollstersDeleted = 0;
  for (const slugs of chunks(a.createdPollsters)) {
    pollstersDeleted += (await tx.pollster.deleteMany({ where: { slug: { in: slugs }, polls: { none: {} }, sponsoredPolls: { none: {} } } })).count;
  }
  w.touch.questions(...a.createdQuestions, ...a.addedOptions.map((o) => o.question));
  w.touch.pollsters(...a.createdPollsters);
  return { pollsDeleted, questionsDeleted, optionsDeleted, pollstersDeleted };
}
