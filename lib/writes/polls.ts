import { AppError } from '@/lib/errors/app-error';
import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';
import type { TPollInput, TPollQuestionInput, TPollUpdateInput } from '@/lib/schemas/poll';
import { slugify, wordingKey } from '@/lib/format/slug';
import { formatDate } from '@/lib/format/display';
import { touchPolls, versionedUpdate } from '@/lib/writes/versioned-update';
import { runWrite, type WriteContext } from '@/lib/writes/write';

/**
 * Poll writes behind the admin form. Each takes the PrismaClient (tests pass a temp database) and
 * the acting user's id; the server actions in lib/actions/polls.ts add the auth check and the form
 * parsing. Each is one write (lib/writes/write.ts): one transaction, its audit rows and the
 * ChangeLog row naming the poll, its questions and its pollsters.
 */

type Tx = Prisma.TransactionClient;

export interface TPollWriteResult {
  id: number;
  version: number;
  /** Slugs of the questions whose pages show this poll (before and after the write). */
  questionSlugs: string[];
  pollsterSlugs: string[];
}

function day(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

/** The poll's columns from the form (without its questions). */
function pollColumns(input: TPollInput, pollsterId: number) {
  return {
    pollsterId,
    sponsorName: input.sponsorName,
    fieldStart: day(input.fieldStart),
    fieldEnd: day(input.fieldEnd),
    datePrecision: 'day',
    publishedAt: input.publishedAt ? day(input.publishedAt) : null,
    publishedPrecision: 'day',
    sampleSize: input.sampleSizeUndisclosed ? null : input.sampleSize,
    population: input.population,
    mode: input.mode,
    modeDetail: input.modeDetail,
    samplingFrame: input.samplingFrame,
    weighting: input.weighting,
    reportedMoe: input.reportedMoe,
    // The form takes the confidence in percent (95); the database keeps a proportion (0.95).
    moeConfidence: input.reportedMoe === null ? null : (input.moeConfidence ?? 95) / 100,
    designEffect: input.designEffect,
    sourceUrls: JSON.stringify(input.sourceUrls),
    notes: input.notes,
  };
}

/** Every option id must belong to its question: a form could post anything. */
async function checkQuestions(tx: Pick<Tx, 'question'>, questions: readonly TPollQuestionInput[]): Promise<void> {
  const ids = [...new Set(questions.map((q) => q.questionId))];
  const found = await tx.question.findMany({ where: { id: { in: ids } }, include: { options: { select: { id: true } } } });
  const optionsOf = new Map(found.map((q) => [q.id, new Set(q.options.map((o) => o.id))]));
  const errors: Record<string, string[]> = {};
  questions.forEach((q, qi) => {
    const options = optionsOf.get(q.questionId);
    if (!options) {
      errors[`questions.${qi}.questionId`] = ['Question: this question no longer exists.'];
      return;
    }
    q.results.forEach((r, ri) => {
      if (!options.has(r.optionId)) errors[`questions.${qi}.results.${ri}.optionId`] = ['Option: not an option of this question.'];
    });
    q.breakdowns.forEach((b, bi) =>
      b.results.forEach((r, ri) => {
        if (!options.has(r.optionId)) errors[`questions.${qi}.breakdowns.${bi}.results.${ri}.optionId`] = ['Option: not an option of this question.'];
      }),
    );
  });
  if (Object.keys(errors).length > 0) throw new AppError('VALIDATION', 'Some fields need attention.', errors);
}

async function resolvePollster(w: WriteContext, input: TPollInput): Promise<{ id: number; created: boolean }> {
  const tx = w.tx;
  if (input.pollsterId !== null) {
    const p = await tx.pollster.findUnique({ where: { id: input.pollsterId }, select: { id: true } });
    if (!p) throw new AppError('VALIDATION', 'Some fields need attention.', { pollsterId: ['Pollster: this pollster no longer exists.'] });
    return { id: p.id, created: false };
  }
  const name = input.newPollsterName ?? '';
  const slug = slugify(name);
  const existing = await tx.pollster.findFirst({ where: { OR: [{ slug }, { name }] }, select: { id: true } });
  if (existing) return { id: existing.id, created: false };
  const created = await tx.pollster.create({ data: { name, slug } });
  w.touch.pollsters(created.slug);
  await w.audit({ entity: 'Pollster', entityId: created.id, action: 'create', after: created });
  return { id: created.id, created: true };
}

/**
 * A likely duplicate: the same pollster, the same field dates and one of the same questions. The
 * editor must tick "save anyway" (confirmDuplicate) to go on.
 */
export async function findLikelyDuplicate(
  tx: Tx | PrismaClient,
  input: Pick<TPollInput, 'fieldStart' | 'fieldEnd' | 'questions'>,
  pollsterId: number,
  excludePollId?: number,
): Promise<{ id: number; pollster: string } | null> {
  const dup = await tx.poll.findFirst({
    where: {
      pollsterId,
      fieldStart: day(input.fieldStart),
      fieldEnd: day(input.fieldEnd),
      id: excludePollId !== undefined ? { not: excludePollId } : undefined,
      questions: { some: { questionId: { in: input.questions.map((q) => q.questionId) } } },
    },
    select: { id: true, pollster: { select: { name: true } } },
  });
  return dup ? { id: dup.id, pollster: dup.pollster.name } : null;
}

function duplicateError(dup: { id: number; pollster: string }, input: Pick<TPollInput, 'fieldStart' | 'fieldEnd'>): AppError {
  const dates = `${formatDate(`${input.fieldStart}T00:00:00Z`)} – ${formatDate(`${input.fieldEnd}T00:00:00Z`)}`;
  const message = `Poll #${dup.id} by ${dup.pollster} (${dates}) already asks this question. Tick “save anyway” if this is a different poll.`;
  return new AppError('VALIDATION', message, { confirmDuplicate: [message] });
}

function questionCreates(questions: readonly TPollQuestionInput[]) {
  return questions.map((q, position) => ({
    questionId: q.questionId,
    wording: q.wording,
    wordingKey: wordingKey(q.wording),
    position,
    results: { create: q.results.map((r) => ({ optionId: r.optionId, percent: r.percent })) },
    breakdowns: {
      create: q.breakdowns.map((b, bi) => ({
        dimension: b.dimension,
        subgroup: b.subgroup,
        sampleSize: b.sampleSize,
        position: bi,
        results: { create: b.results.map((r) => ({ optionId: r.optionId, percent: r.percent })) },
      })),
    },
  }));
}

/** The poll with everything a reader sees, for the audit log's before/after. */
export async function pollSnapshot(tx: Tx | PrismaClient, id: number) {
  return tx.poll.findUnique({
    where: { id },
    include: {
      pollster: { select: { slug: true, name: true } },
      questions: {
        orderBy: { position: 'asc' },
        include: {
          question: { select: { slug: true } },
          results: { orderBy: { option: { position: 'asc' } }, select: { optionId: true, percent: true, option: { select: { key: true } } } },
          breakdowns: {
            orderBy: { position: 'asc' },
            select: { dimension: true, subgroup: true, sampleSize: true, results: { select: { optionId: true, percent: true } } },
          },
        },
      },
    },
  });
}

export async function createPoll(db: PrismaClient, userId: number | null, input: TPollInput): Promise<TPollWriteResult> {
  return runWrite(db, { actor: userId, source: 'form' }, async (w) => {
    const tx = w.tx;
    await checkQuestions(tx, input.questions);
    const pollster = await resolvePollster(w, input);
    if (!input.confirmDuplicate && !pollster.created) {
      const dup = await findLikelyDuplicate(tx, input, pollster.id);
      if (dup) throw duplicateError(dup, input);
    }
    const poll = await tx.poll.create({
      data: { ...pollColumns(input, pollster.id), enteredById: userId, questions: { create: questionCreates(input.questions) } },
      select: { id: true, version: true },
    });
    const after = await pollSnapshot(tx, poll.id);
    await touchPolls(w, [poll.id]);
    await w.audit({ entity: 'Poll', entityId: poll.id, action: 'create', after });
    return {
      id: poll.id,
      version: poll.version,
      questionSlugs: [...new Set(after?.questions.map((q) => q.question.slug) ?? [])],
      pollsterSlugs: after ? [after.pollster.slug] : [],
    };
  });
}

/**
 * Edit with optimistic locking (lib/actions/versioned-update): a stale `version` is refused with
 * "Changed by X at T — reload to see their version" and nothing is written. The questions, results
 * and breakdowns are replaced in the same transaction; a correction note becomes a public
 * Correction row. A new pollster typed into the form is created first, in its own audited write.
 */
export async function updatePoll(db: PrismaClient, userId: number | null, input: TPollUpdateInput): Promise<TPollWriteResult> {
  let pollsterId = input.pollsterId;
  if (pollsterId === null) {
    pollsterId = (await runWrite(db, { actor: userId, source: 'form' }, (w) => resolvePollster(w, input))).id;
  }
  await checkQuestions(db, input.questions);
  const before = await db.poll.findUnique({
    where: { id: input.id },
    select: {
      pollsterId: true,
      fieldStart: true,
      fieldEnd: true,
      datePrecision: true,
      publishedAt: true,
      publishedPrecision: true,
      pollster: { select: { slug: true } },
      questions: { select: { questionId: true, question: { select: { slug: true } } } },
    },
  });
  // Ask again only when the edit makes the poll look like another one: a duplicate confirmed at
  // creation should not nag at every later correction.
  const datesChanged =
    !before || before.fieldStart?.getTime() !== day(input.fieldStart).getTime() || before.fieldEnd?.getTime() !== day(input.fieldEnd).getTime();
  const identityChanged =
    !before || before.pollsterId !== pollsterId || datesChanged || input.questions.some((q) => !before.questions.some((b) => b.questionId === q.questionId));
  if (!input.confirmDuplicate && identityChanged) {
    const dup = await findLikelyDuplicate(db, input, pollsterId, input.id);
    if (dup) throw duplicateError(dup, input);
  }
  const result = await runWrite(db, { actor: userId, source: 'form' }, (w) =>
    versionedUpdate(w, {
      entity: 'Poll',
      id: input.id,
      expectedVersion: input.version,
      userId,
      action: input.correctionNote ? 'correct' : 'update',
      data: {
        ...pollColumns(input, pollsterId),
        // A source that gave only a month or a year keeps that precision while its dates are untouched.
        ...(before && !datesChanged ? { datePrecision: before.datePrecision } : {}),
        ...(before?.publishedAt && input.publishedAt && before.publishedAt.getTime() === day(input.publishedAt).getTime()
          ? { publishedPrecision: before.publishedPrecision }
          : {}),
      },
      also: async (tx) => {
        // The questions the poll stops asking keep their pages right too (versionedUpdate adds the new ones).
        await touchPolls(w, [input.id]);
        // What the form does not edit survives the rewrite of the poll's questions: each wording's
        // languages and its original-language text and translations (issue #17), matched by question
        // and wording key (a changed wording is a different wording: its old texts go).
        const kept = await tx.pollQuestion.findMany({
          where: { pollId: input.id },
          select: {
            questionId: true,
            wordingKey: true,
            askedLanguage: true,
            wordingLanguage: true,
            wordingExact: true,
            texts: { select: { language: true, text: true, role: true, status: true, sourceUrl: true, sourceNote: true } },
          },
        });
        await tx.pollQuestion.deleteMany({ where: { pollId: input.id } });
        for (const data of questionCreates(input.questions)) {
          const old = kept.find((k) => k.questionId === data.questionId && k.wordingKey === data.wordingKey);
          const carried = old
            ? { askedLanguage: old.askedLanguage, wordingLanguage: old.wordingLanguage, wordingExact: old.wordingExact, texts: { create: old.texts } }
            : {};
          await tx.pollQuestion.create({ data: { ...data, ...carried, pollId: input.id } });
        }
        if (input.correctionNote) await tx.correction.create({ data: { pollId: input.id, note: input.correctionNote, userId } });
      },
    }),
  );
  if (!result.ok) {
    if (result.reason === 'not_found') throw new AppError('NOT_FOUND', 'This poll no longer exists.');
    throw new AppError('CONFLICT', result.conflict.message);
  }
  const after = await pollSnapshot(db, input.id);
  return {
    id: input.id,
    version: after?.version ?? input.version + 1,
    questionSlugs: [...new Set([...(before?.questions ?? []), ...(after?.questions ?? [])].map((q) => q.question.slug))],
    pollsterSlugs: [...new Set([before?.pollster.slug, after?.pollster.slug].filter((s): s is string => Boolean(s)))],
  };
}
