import type { PrismaClient } from '@/lib/generated/prisma/client';
import { AppError } from '@/lib/errors/app-error';
import type { TWordingTextDeleteInput, TWordingTextInput } from '@/lib/schemas/wording-text';
import { runWrite, type WriteContext } from '@/lib/writes/write';

/**
 * The texts of a wording (the original-language text and its translations, issue #17). A text is
 * entered once per wording of a question and stored on every poll asked with that wording (the
 * WordingText rows hang off PollQuestion, so each poll's page and dump rows carry it). One write:
 * one transaction, one audit row on the question, one freshness signal naming the question and polls.
 */

interface Target {
  slug: string;
  pollQuestions: { id: number; pollId: number }[];
}

async function targetOf(w: WriteContext, questionId: number, wordingKey: string): Promise<Target> {
  const question = await w.tx.question.findUnique({ where: { id: questionId }, select: { slug: true } });
  if (!question) throw new AppError('NOT_FOUND', 'This question no longer exists.');
  const pollQuestions = await w.tx.pollQuestion.findMany({ where: { questionId, wordingKey }, select: { id: true, pollId: true }, orderBy: { id: 'asc' } });
  if (pollQuestions.length === 0) {
    throw new AppError('VALIDATION', 'Some fields need attention.', { wordingKey: ['Wording: no poll of this question was asked with this wording.'] });
  }
  return { slug: question.slug, pollQuestions };
}

const shown = (t: { language: string; role: string; text: string; status: string; sourceUrl: string | null; sourceNote: string | null } | null | undefined) =>
  t ? { language: t.language, role: t.role, text: t.text, status: t.status, sourceUrl: t.sourceUrl, sourceNote: t.sourceNote } : null;

/** Add or replace the text of one language and role of a wording, on every poll asked with it. */
export async function saveWordingText(db: PrismaClient, userId: number | null, input: TWordingTextInput): Promise<{ pollQuestions: number; created: boolean }> {
  return runWrite(db, { actor: userId, source: 'form' }, async (w) => {
    const target = await targetOf(w, input.questionId, input.wordingKey);
    const ids = target.pollQuestions.map((pq) => pq.id);
    const existing = await w.tx.wordingText.findFirst({
      where: { pollQuestionId: { in: ids }, language: input.language, role: input.role },
      orderBy: { id: 'asc' },
    });
    const data = { text: input.text, status: input.status, sourceUrl: input.sourceUrl, sourceNote: input.sourceNote };
    for (const id of ids) {
      await w.tx.wordingText.upsert({
        where: { pollQuestionId_language_role: { pollQuestionId: id, language: input.language, role: input.role } },
        create: { pollQuestionId: id, language: input.language, role: input.role, ...data },
        update: data,
      });
    }
    w.touch.questions(target.slug).polls(...target.pollQuestions.map((pq) => pq.pollId));
    await w.audit({
      entity: 'Question',
      entityId: input.questionId,
      action: existing ? 'update-wording-text' : 'add-wording-text',
      before: existing ? { wordingKey: input.wordingKey, ...shown(existing) } : undefined,
      after: { wordingKey: input.wordingKey, polls: ids.length, language: input.language, role: input.role, ...data },
    });
    return { pollQuestions: ids.length, created: !existing };
  });
}

/** Remove the text of one language and role of a wording from every poll asked with it. */
export async function deleteWordingText(db: PrismaClient, userId: number | null, input: TWordingTextDeleteInput): Promise<{ removed: number }> {
  return runWrite(db, { actor: userId, source: 'form' }, async (w) => {
    const target = await targetOf(w, input.questionId, input.wordingKey);
    const ids = target.pollQuestions.map((pq) => pq.id);
    const where = { pollQuestionId: { in: ids }, language: input.language, role: input.role };
    const existing = await w.tx.wordingText.findFirst({ where, orderBy: { id: 'asc' } });
    if (!existing) throw new AppError('NOT_FOUND', `This wording has no ${input.role} text in “${input.language}”.`);
    const { count } = await w.tx.wordingText.deleteMany({ where });
    w.touch.questions(target.slug).polls(...target.pollQuestions.map((pq) => pq.pollId));
    await w.audit({
      entity: 'Question',
      entityId: input.questionId,
      action: 'delete-wording-text',
      before: { wordingKey: input.wordingKey, ...shown(existing) },
    });
    return { removed: count };
  });
}
