import { z } from 'zod';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { AppError } from '@/lib/errors/app-error';
import { runWrite, type WriteContext } from '@/lib/writes/write';

/** `for = 17.5` lines → [{ key, percent }]. */
const ZResultLines = z.string().transform((text, ctx) => {
  const out: { key: string; percent: number }[] = [];
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    if (line.trim() === '') continue;
    const m = /^\s*([a-z0-9_-]+)\s*=\s*(\d+(?:\.\d+)?)\s*$/.exec(line);
    const percent = m ? Number(m[2]) : NaN;
    if (!m || !(percent >= 0 && percent <= 100)) {
      ctx.addIssue({ code: 'custom', message: `line ${i + 1}: write option_key = percent (0–100), e.g. against = 74` });
      continue;
    }
    out.push({ key: m[1] ?? '', percent });
  }
  if (out.length < 2) ctx.addIssue({ code: 'custom', message: 'give at least two options (the margin needs two)' });
  return out;
});

export const ZOutcomeInput = z.object({
  questionSlug: z.string().trim().min(1, 'choose a question'),
  wordingKey: z.string().trim().min(1, 'the wording series the outcome settles (its wording key)'),
  label: z.string().trim().min(3, 'name the outcome, e.g. “2008 presidential election, Ohio”').max(200),
  kind: z.enum(['election', 'referendum', 'measurement'], { message: 'election, referendum or measurement' }),
  date: z.iso.date({ message: 'a date (YYYY-MM-DD)' }),
  sourceUrl: z.url({ message: 'a source URL (https://…)' }),
  sourceName: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((v) => v || null),
  notes: z
    .string()
    .trim()
    .max(2000)
    .optional()
    .transform((v) => v || null),
  results: ZResultLines,
});

/**
 * Enter an outcome (election, referendum or later measured truth) for one wording of a question:
 * zod parse, then one transaction with the outcome, its results and the audit row. Options must be
 * the question's own; the caller checks the user's role first.
 */
export async function createOutcome(db: PrismaClient, userId: number | null, raw: unknown): Promise<{ id: number }> {
  const parsed = ZOutcomeInput.safeParse(raw);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const i of parsed.error.issues) (fieldErrors[String(i.path[0] ?? '_form')] ??= []).push(i.message);
    throw new AppError('VALIDATION', 'Some fields need attention.', fieldErrors);
  }
  const input = parsed.data;
  return runWrite(db, { actor: userId, source: 'form' }, async (w) => {
    const tx = w.tx;
    const question = await tx.question.findUnique({ where: { slug: input.questionSlug }, include: { options: true } });
    if (!question) throw new AppError('VALIDATION', 'Some fields need attention.', { questionSlug: [`no question “${input.questionSlug}”`] });
    const unknown = input.results.filter((r) => !question.options.some((o) => o.key === r.key)).map((r) => r.key);
    if (unknown.length > 0) {
      throw new AppError('VALIDATION', 'Some fields need attention.', {
        results: [`not options of this question: ${unknown.join(', ')} (its options: ${question.options.map((o) => o.key).join(', ')})`],
      });
    }
    if (await tx.outcome.findUnique({ where: { questionId_wordingKey: { questionId: question.id, wordingKey: input.wordingKey } } })) {
      throw new AppError('CONFLICT', 'This wording already has an outcome.', { wordingKey: ['already has an outcome'] });
    }
    const outcome = await tx.outcome.create({
      data: {
        questionId: question.id,
        wordingKey: input.wordingKey,
        label: input.label,
        kind: input.kind,
        date: new Date(`${input.date}T00:00:00.000Z`),
        sourceUrl: input.sourceUrl,
        sourceName: input.sourceName,
        notes: input.notes,
        results: { create: input.results.map((r) => ({ optionId: question.options.find((o) => o.key === r.key)?.id ?? 0, percent: r.percent })) },
      },
      select: { id: true },
    });
    // Pollster pages show accuracy records; the question's page lists nothing of outcomes yet.
    w.touch.every('pollsters').questions(question.slug);
    await w.audit({ entity: 'Outcome', entityId: outcome.id, action: 'create', after: { ...input } });
    return outcome;
  });
}

export interface BulkOutcome {
  externalKey: string;
  questionSlug: string;
  wordingKey: string;
  label: string;
  kind: 'election' | 'referendum' | 'measurement';
  date: Date;
  sourceUrl: string | null;
  sourceName: string | null;
  results: { optionKey: string; percent: number }[];
}

/**
 * Outcomes from a seed or import, inside the caller's write (which writes the audit row): created
 * when their externalKey is new, left alone otherwise. Returns how many were created.
 */
export async function writeOutcomesBulk(w: WriteContext, outcomes: readonly BulkOutcome[]): Promise<number> {
  let created = 0;
  const questions = new Map<string, { id: number; options: Map<string, number> }>();
  for (const o of outcomes) {
    if (await w.tx.outcome.findUnique({ where: { externalKey: o.externalKey }, select: { id: true } })) continue;
    let q = questions.get(o.questionSlug);
    if (!q) {
      const row = await w.tx.question.findUnique({ where: { slug: o.questionSlug }, include: { options: true } });
      if (!row) throw new Error(`outcome ${o.externalKey}: no question ${o.questionSlug}`);
      q = { id: row.id, options: new Map(row.options.map((x) => [x.key, x.id])) };
      questions.set(o.questionSlug, q);
    }
    const options = q.options;
    await w.tx.outcome.create({
      data: {
        questionId: q.id,
        wordingKey: o.wordingKey,
        label: o.label,
        kind: o.kind,
        date: o.date,
        sourceUrl: o.sourceUrl,
        sourceName: o.sourceName,
        externalKey: o.externalKey,
        results: {
          create: o.results.map((r) => {
            const optionId = options.get(r.optionKey);
            if (optionId === undefined) throw new Error(`outcome ${o.externalKey}: option ${r.optionKey} is not an option of ${o.questionSlug}`);
            return { optionId, percent: r.percent };
          }),
        },
      },
    });
    created += 1;
    w.touch.questions(o.questionSlug).every('pollsters');
  }
  return created;
}
