import type { AuditEntity } from '@/lib/audit/record';
import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';
import { withWrite, type WriteContext, type WriteSource } from '@/lib/writes/write';

/**
 * Optimistic locking for edit forms. A form carries the record's `version`; saving runs
 * `UPDATE … WHERE id = ? AND version = ?` and bumps the version in one transaction with its audit
 * row. If someone saved first, nothing is written and the caller gets who changed it and when.
 */
export interface TVersionedModels {
  Poll: Prisma.PollUncheckedUpdateManyInput;
  Pollster: Prisma.PollsterUncheckedUpdateManyInput;
  Question: Prisma.QuestionUncheckedUpdateManyInput;
  Indicator: Prisma.IndicatorUncheckedUpdateManyInput;
  Observation: Prisma.ObservationUncheckedUpdateManyInput;
  User: Prisma.UserUncheckedUpdateManyInput;
}
export type TVersionedEntity = keyof TVersionedModels & AuditEntity;

const DELEGATE: Record<TVersionedEntity, 'poll' | 'pollster' | 'question' | 'indicator' | 'observation' | 'user'> = {
  Poll: 'poll',
  Pollster: 'pollster',
  Question: 'question',
  Indicator: 'indicator',
  Observation: 'observation',
  User: 'user',
};

/** The slice of a Prisma model delegate this helper uses (all six models have it). */
interface VersionedDelegate {
  updateMany(args: { where: { id: number; version: number }; data: Record<string, unknown> }): Promise<{ count: number }>;
  findUnique(args: { where: { id: number } }): Promise<({ id: number; version: number } & Record<string, unknown>) | null>;
}

export interface TVersionConflict {
  entity: TVersionedEntity;
  id: number;
  expectedVersion: number;
  currentVersion: number;
  changedBy: string | null;
  changedAt: Date | null;
  /** "Changed by ana@example.org at 2026-11-28 01:02 UTC — reload to see their version." */
  message: string;
}

export type TVersionedUpdateResult<TRecord> =
  { ok: true; record: TRecord; before: TRecord } | { ok: false; reason: 'conflict'; conflict: TVersionConflict } | { ok: false; reason: 'not_found' };

export interface VersionedUpdateArgs<E extends TVersionedEntity> {
  entity: E;
  id: number;
  expectedVersion: number;
  /** Fields to change; `version` and `updatedAt` are managed here. */
  data: Omit<TVersionedModels[E], 'version' | 'id'>;
  /** The acting user (written to the audit row). Inside a write, the write's actor is used. */
  userId: number | null;
  /** Where the write comes from (default 'form'); ignored inside a write. */
  source?: WriteSource;
  /** Audit action name (default 'update'). */
  action?: string;
  /** More writes that belong to the same change (e.g. revoke sessions), inside the transaction. */
  also?: (tx: Prisma.TransactionClient, after: Record<string, unknown>) => Promise<void>;
}

function formatWhen(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function conflictMessage(changedBy: string | null, changedAt: Date | null): string {
  const who = changedBy ?? 'someone else';
  const when = changedAt ? ` at ${formatWhen(changedAt)}` : '';
  return `Changed by ${who}${when} — reload to see their version.`;
}

async function describeConflict(
  tx: Prisma.TransactionClient,
  entity: TVersionedEntity,
  id: number,
  expectedVersion: number,
  currentVersion: number,
): Promise<TVersionConflict> {
  const last = await tx.auditEvent.findFirst({
    where: { entity, entityId: String(id) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: { createdAt: true, user: { select: { email: true, name: true } } },
  });
  const changedBy = last?.user ? (last.user.name ? `${last.user.name} (${last.user.email})` : last.user.email) : null;
  const changedAt = last?.createdAt ?? null;
  return { entity, id, expectedVersion, currentVersion, changedBy, changedAt, message: conflictMessage(changedBy, changedAt) };
}

type Row = Record<string, unknown>;

/**
 * What an edit of each entity touches, for the freshness signal: a question's title shows on every
 * poll and pollster page, a pollster's name on every question and poll page; the rest is local.
 */
async function touchEdit(w: WriteContext, entity: TVersionedEntity, before: Row, after: Row): Promise<void> {
  const slug = (r: Row) => (typeof r.slug === 'string' ? r.slug : null);
  switch (entity) {
    case 'Poll': {
      // The pollster and sponsor it had before (the update has already moved it) list it too.
      const ids = [before.pollsterId, before.sponsorId].filter((v): v is number => typeof v === 'number');
      const pollsters = await w.tx.pollster.findMany({ where: { id: { in: ids } }, select: { slug: true } });
      w.touch.pollsters(...pollsters.map((p) => p.slug));
      await touchPolls(w, [Number(after.id)]);
      break;
    }
    case 'Question':
      w.touch.questions(slug(before), slug(after)).every('polls', 'pollsters');
      break;
    case 'Pollster':
      w.touch.pollsters(slug(before), slug(after)).every('questions', 'polls');
      break;
    case 'Indicator':
      w.touch.indicators(slug(before), slug(after));
      break;
    case 'Observation': {
      const ids = [...new Set([before.indicatorId, after.indicatorId].map(Number))];
      const indicators = await w.tx.indicator.findMany({ where: { id: { in: ids } }, select: { slug: true } });
      w.touch.indicators(...indicators.map((i) => i.slug));
      break;
    }
    case 'User':
      break;
  }
}

/**
 * A poll change touches the poll, the questions it asks and its pollster and sponsor (their pages
 * list it). Call it before and after a change that may move a poll between questions or pollsters.
 */
export async function touchPolls(w: WriteContext, pollIds: readonly number[]): Promise<void> {
  if (pollIds.length === 0) return;
  w.touch.polls(...pollIds);
  for (let i = 0; i < pollIds.length; i += 500) {
    const polls = await w.tx.poll.findMany({
      where: { id: { in: pollIds.slice(i, i + 500) } },
      select: { pollster: { select: { slug: true } }, sponsor: { select: { slug: true } }, questions: { select: { question: { select: { slug: true } } } } },
    });
    for (const p of polls) {
      w.touch.pollsters(p.pollster.slug, p.sponsor?.slug);
      w.touch.questions(...p.questions.map((q) => q.question.slug));
    }
  }
}

/**
 * Optimistic-locked update of one record, in its own write (given a client) or inside a write
 * (given a WriteContext: the caller's transaction, actor and audit).
 */
export async function versionedUpdate<E extends TVersionedEntity, TRecord = Record<string, unknown>>(
  target: PrismaClient | WriteContext,
  args: VersionedUpdateArgs<E>,
): Promise<TVersionedUpdateResult<TRecord>> {
  const { entity, id, expectedVersion } = args;
  return withWrite(target, { actor: args.userId, source: args.source ?? 'form' }, async (w) => {
    const tx = w.tx;
    const delegate = tx[DELEGATE[entity]] as unknown as VersionedDelegate;
    // The first statement is the guarded write, so SQLite takes its write lock before anything is
    // read (no stale snapshot) and PostgreSQL locks the row: of two racing saves, one matches.
    const claimed = await delegate.updateMany({ where: { id, version: expectedVersion }, data: { version: expectedVersion + 1 } });
    if (claimed.count === 0) {
      const current = await delegate.findUnique({ where: { id } });
      if (!current) return { ok: false, reason: 'not_found' } as const;
      return { ok: false, reason: 'conflict', conflict: await describeConflict(tx, entity, id, expectedVersion, current.version) } as const;
    }
    const snapshot = await delegate.findUnique({ where: { id } });
    if (!snapshot) return { ok: false, reason: 'not_found' } as const;
    const before = { ...snapshot, version: expectedVersion };
    await delegate.updateMany({ where: { id, version: expectedVersion + 1 }, data: { ...(args.data as Record<string, unknown>) } });
    const after = await delegate.findUnique({ where: { id } });
    if (!after) return { ok: false, reason: 'not_found' } as const;
    if (args.also) await args.also(tx, after);
    await touchEdit(w, entity, before, after);
    await w.audit({ entity, entityId: id, action: args.action ?? 'update', before, after });
    return { ok: true, record: after as TRecord, before: before as TRecord } as const;
  });
}
