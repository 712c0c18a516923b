import { AppError } from '@/lib/errors/app-error';
import { Prisma, type PrismaClient } from '@/lib/generated/prisma/client';
import type { TIndicatorInput, TIndicatorUpdateInput } from '@/lib/schemas/indicator';
import type { TObservationInput, TObservationUpdateInput } from '@/lib/schemas/observation';
import type { TPollsterInput, TPollsterUpdateInput } from '@/lib/schemas/pollster';
import type { TQuestionInput, TQuestionUpdateInput } from '@/lib/schemas/question';
import { slugify } from '@/lib/format/slug';
import { versionedUpdate, type TVersionedUpdateResult } from '@/lib/writes/versioned-update';
import { runWrite } from '@/lib/writes/write';

/**
 * Writes for questions, pollsters, indicators and observations. Same contract as lib/writes/polls:
 * one write (lib/writes/write.ts: one transaction, one audit row, one ChangeLog row); edits through
 * the optimistic-locking helper.
 */

export interface TWriteResult {
  id: number;
  slug?: string;
}

/** A unique-constraint failure becomes a message on the field that must change. */
async function uniqueAsFieldError<T>(field: string, message: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new AppError('VALIDATION', 'Some fields need attention.', { [field]: [message] });
    }
    throw error;
  }
}

function failOnStale(result: TVersionedUpdateResult<unknown>, what: string): void {
  if (result.ok) return;
  if (result.reason === 'not_found') throw new AppError('NOT_FOUND', `This ${what} no longer exists.`);
  throw new AppError('CONFLICT', result.conflict.message);
}

// ── Questions ───────────────────────────────────────────────────────────────

function questionColumns(input: TQuestionInput) {
  return {
    slug: input.slug,
    title: input.title,
    wording: input.wording,
    topic: input.topic,
    country: input.country,
    population: input.population,
    language: input.language,
    notes: input.notes,
  };
}

export async function createQuestion(db: PrismaClient, userId: number | null, input: TQuestionInput): Promise<TWriteResult> {
  return uniqueAsFieldError('slug', `Slug: “${input.slug}” is taken by another question.`, () =>
    runWrite(db, { actor: userId, source: 'form' }, async (w) => {
      const q = await w.tx.question.create({
        data: { ...questionColumns(input), options: { create: input.options.map((o, position) => ({ key: o.key, label: o.label, position })) } },
        include: { options: { orderBy: { position: 'asc' } } },
      });
      w.touch.questions(q.slug);
      await w.audit({ entity: 'Question', entityId: q.id, action: 'create', after: q });
      return { id: q.id, slug: q.slug };
    }),
  );
}

/**
 * Options are matched by key: labels and order may change freely; an option that results point at
 * cannot be removed (the results would lose their meaning).
 */
export async function updateQuestion(db: PrismaClient, userId: number | null, input: TQuestionUpdateInput): Promise<TWriteResult & { oldSlug: string | null }> {
  const current = await db.question.findUnique({ where: { id: input.id }, include: { options: true } });
  if (!current) throw new AppError('NOT_FOUND', 'This question no longer exists.');
  const keep = new Set(input.options.map((o) => o.key));
  const removed = current.options.filter((o) => !keep.has(o.key));
  for (const o of removed) {
    const used = (await db.result.count({ where: { optionId: o.id } })) + (await db.breakdownResult.count({ where: { optionId: o.id } }));
    if (used > 0) {
      throw new AppError('VALIDATION', 'Some fields need attention.', {
        options: [`Options: “${o.label}” (${o.key}) has ${used} result${used === 1 ? '' : 's'} and cannot be removed; rename it instead.`],
      });
    }
  }
  const result = await uniqueAsFieldError('slug', `Slug: “${input.slug}” is taken by another question.`, () =>
    versionedUpdate(db, {
      entity: 'Question',
      id: input.id,
      expectedVersion: input.version,
      userId,
      data: questionColumns(input),
      also: async (tx) => {
        if (removed.length > 0) await tx.questionOption.deleteMany({ where: { id: { in: removed.map((o) => o.id) } } });
        for (const [position, o] of input.options.entries()) {
          await tx.questionOption.upsert({
            where: { questionId_key: { questionId: input.id, key: o.key } },
            create: { questionId: input.id, key: o.key, label: o.label, position },
            update: { label: o.label, position },
          });
        }
      },
    }),
  );
  failOnStale(result, 'question');
  return { id: input.id, slug: input.slug, oldSlug: current.slug !== input.slug ? current.slug : null };
}

// ── Pollsters ───────────────────────────────────────────────────────────────

function pollsterColumns(input: TPollsterInput) {
  return {
    name: input.name,
    slug: input.slug ?? slugify(input.name),
    country: input.country,
    website: input.website,
    notes: input.notes,
    aaporMember: input.aaporMember,
    esomarMember: input.esomarMember,
  };
}

export async function createPollster(db: PrismaClient, userId: number | null, input: TPollsterInput): Promise<TWriteResult> {
  const data = pollsterColumns(input);
  return uniqueAsFieldError('slug', `Slug: “${data.slug}” is taken by another pollster; enter a different slug.`, () =>
    runWrite(db, { actor: userId, source: 'form' }, async (w) => {
      const p = await w.tx.pollster.create({ data });
      w.touch.pollsters(p.slug);
      await w.audit({ entity: 'Pollster', entityId: p.id, action: 'create', after: p });
      return { id: p.id, slug: p.slug };
    }),
  );
}

export async function updatePollster(db: PrismaClient, userId: number | null, input: TPollsterUpdateInput): Promise<TWriteResult> {
  const data = pollsterColumns(input);
  const result = await uniqueAsFieldError('slug', `Slug: “${data.slug}” is taken by another pollster; enter a different slug.`, () =>
    versionedUpdate(db, { entity: 'Pollster', id: input.id, expectedVersion: input.version, userId, data }),
  );
  failOnStale(result, 'pollster');
  return { id: input.id, slug: data.slug };
}

// ── Indicators and observations ─────────────────────────────────────────────

function indicatorColumns(input: TIndicatorInput) {
  return {
    slug: input.slug,
    name: input.name,
    description: input.description,
    unit: input.unit,
    currency: input.currency,
    source: input.source,
    country: input.country,
    topic: input.topic,
  };
}

export async function createIndicator(db: PrismaClient, userId: number | null, input: TIndicatorInput): Promise<TWriteResult> {
  return uniqueAsFieldError('slug', `Slug: “${input.slug}” is taken by another indicator.`, () =>
    runWrite(db, { actor: userId, source: 'form' }, async (w) => {
      const i = await w.tx.indicator.create({ data: indicatorColumns(input) });
      w.touch.indicators(i.slug);
      await w.audit({ entity: 'Indicator', entityId: i.id, action: 'create', after: i });
      return { id: i.id, slug: i.slug };
    }),
  );
}

export async function updateIndicator(db: PrismaClient, userId: number | null, input: TIndicatorUpdateInput): Promise<TWriteResult> {
  const result = await uniqueAsFieldError('slug', `Slug: “${input.slug}” is taken by another indicator.`, () =>
    versionedUpdate(db, { entity: 'Indicator', id: input.id, expectedVersion: input.version, userId, data: indicatorColumns(input) }),
  );
  failOnStale(result, 'indicator');
  return { id: input.id, slug: input.slug };
}

function observationColumns(input: TObservationInput) {
  return {
    period: input.period.period,
    periodType: input.period.periodType,
    periodStart: input.period.periodStart,
    value: input.value,
    kind: input.kind,
    basis: input.basis,
    sourceUrl: input.sourceUrl,
    sourceName: input.sourceName,
    notes: input.notes,
    isPrimary: input.isPrimary,
  };
}

export async function createObservation(db: PrismaClient, userId: number | null, input: TObservationInput): Promise<TWriteResult> {
  return runWrite(db, { actor: userId, source: 'form' }, async (w) => {
    const tx = w.tx;
    const indicator = await tx.indicator.findUnique({ where: { id: input.indicatorId }, select: { slug: true } });
    if (!indicator) throw new AppError('VALIDATION', 'Some fields need attention.', { indicatorId: ['Indicator: this indicator no longer exists.'] });
    const o = await tx.observation.create({ data: { ...observationColumns(input), indicatorId: input.indicatorId } });
    w.touch.indicators(indicator.slug);
    await w.audit({ entity: 'Observation', entityId: o.id, action: 'create', after: o });
    return { id: o.id, slug: indicator.slug };
  });
}

export async function updateObservation(db: PrismaClient, userId: number | null, input: TObservationUpdateInput): Promise<TWriteResult> {
  const current = await db.observation.findUnique({ where: { id: input.id }, select: { indicatorId: true, indicator: { select: { slug: true } } } });
  if (!current) throw new AppError('NOT_FOUND', 'This observation no longer exists.');
  if (current.indicatorId !== input.indicatorId) {
    throw new AppError('VALIDATION', 'Some fields need attention.', { indicatorId: ['Indicator: an observation cannot move to another indicator.'] });
  }
  const result = await versionedUpdate(db, { entity: 'Observation', id: input.id, expectedVersion: input.version, userId, data: observationColumns(input) });
  failOnStale(result, 'observation');
  return { id: input.id, slug: current.indicator.slug };
}
