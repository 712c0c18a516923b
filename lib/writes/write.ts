import { recordAudit, type AuditInput } from '@/lib/audit/record';
import { databaseOf } from '@/lib/db';
import { announceLocalWrite } from '@/lib/freshness/signal';
import { TouchedBuilder, toChangeLogColumns, touchesNothing } from '@/lib/freshness/touched';
import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';
import { pollsterSearchTouched, refreshPollsterSearch, refreshQuestionSearch, searchTouched } from '@/lib/writes/search-text';

/**
 * The one way data is written (polls, results, breakdowns, questions, options, pollsters,
 * indicators, observations, corrections). `runWrite` opens ONE transaction and hands the work a
 * WriteContext; when the work returns it
 *  - refuses to commit a change that wrote no audit row (every write is audited, CONVENTIONS.md),
 *  - records what the work said it touched in a ChangeLog row (the freshness signal, lib/freshness),
 *  - tells the database triggers for hand-edited SQL that this is an app write (they stay quiet),
 * and after the commit wakes this process's freshness listener, so its own next request already
 * sees the write (other servers learn of it through LISTEN/NOTIFY or PRAGMA data_version).
 *
 * ```ts
 * await runWrite(db, { actor: user.id, source: 'form' }, async (w) => {
 *   const poll = await w.tx.poll.update({ where: { id }, data });
 *   w.touch.polls(id).questions('kuril-transfer').pollsters('levada-center');
 *   await w.audit({ entity: 'Poll', entityId: id, action: 'update', before, after: poll });
 * });
 * ```
 *
 * A test (tests/unit/write-path.test.ts) fails when code outside lib/writes writes these tables.
 */

export type WriteSource = 'form' | 'import' | 'dump-import' | 'seed' | 'db-copy' | 'cli' | 'script';

export interface WriteOptions {
  /** The acting user (the audit row names them); null for the command line and the seed. */
  actor: number | null;
  /** Where the write comes from; stored with its ChangeLog row. */
  source: WriteSource;
  /** Transaction limits for long writes (imports, copies); the client's defaults otherwise. */
  timeout?: number;
  maxWait?: number;
  isolationLevel?: Prisma.TransactionIsolationLevel;
  /**
   * Only db:copy: the write brings the source's own audit log along, row for row, and an exact copy
   * is the point; it is the one write allowed without an audit row of its own.
   */
  auditCopiedFromSource?: boolean;
}

export interface WriteContext {
  /** The transaction: every statement of the write goes through it. */
  readonly tx: Prisma.TransactionClient;
  readonly actor: number | null;
  readonly source: WriteSource;
  readonly provider: 'sqlite' | 'postgresql';
  /** Say what the write changed; the ChangeLog row and every cache invalidation come from this. */
  readonly touch: TouchedBuilder;
  /** Write an audit row in this transaction (the user is the write's actor). */
  audit(input: Omit<AuditInput, 'userId'>): Promise<{ id: number }>;
}

/** Is this a WriteContext (as opposed to a PrismaClient)? For functions that take either. */
export function isWriteContext(value: PrismaClient | WriteContext): value is WriteContext {
  return 'touch' in value && value.touch instanceof TouchedBuilder;
}

/**
 * Mark the transaction as an app write, so the hand-edit triggers stay quiet. PostgreSQL: a
 * transaction-local setting (no shared row to lock). SQLite: the one ChangeControl row; it is also
 * the first write of the transaction, which makes SQLite take its write lock before anything is read.
 */
async function beginAppWrite(tx: Prisma.TransactionClient, provider: 'sqlite' | 'postgresql'): Promise<void> {
  if (provider === 'postgresql') await tx.$queryRawUnsafe(`SELECT set_config('pollboard.app_write', 'on', true)`);
  else await tx.$executeRawUnsafe(`UPDATE "ChangeControl" SET "appWrite" = 1 WHERE "id" = 1`);
}

async function endAppWrite(tx: Prisma.TransactionClient, provider: 'sqlite' | 'postgresql'): Promise<void> {
  // PostgreSQL's setting ends with the transaction by itself.
  if (provider === 'sqlite') await tx.$executeRawUnsafe(`UPDATE "ChangeControl" SET "appWrite" = 0 WHERE "id" = 1`);
}

export async function runWrite<T>(db: PrismaClient, options: WriteOptions, work: (w: WriteContext) => Promise<T>): Promise<T> {
  const { provider } = databaseOf(db);
  const transactionOptions = {
    ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
    ...(options.maxWait !== undefined ? { maxWait: options.maxWait } : {}),
    ...(options.isolationLevel !== undefined ? { isolationLevel: options.isolationLevel } : {}),
  };
  let wrote = false;
  const result = await db.$transaction(async (tx) => {
    await beginAppWrite(tx, provider);
    let audits = 0;
    const context: WriteContext = {
      tx,
      actor: options.actor,
      source: options.source,
      provider,
      touch: new TouchedBuilder(),
      audit: async (input) => {
        audits += 1;
        return recordAudit(tx, { ...input, userId: options.actor });
      },
    };
    const value = await work(context);
    const touched = context.touch.build();
    // The folded search text of the questions it touched, in the same transaction (search-text.ts).
    await refreshQuestionSearch(tx, searchTouched(touched));
    await refreshPollsterSearch(tx, pollsterSearchTouched(touched));
    if (!touchesNothing(touched)) {
      if (audits === 0 && !options.auditCopiedFromSource) throw new Error(`lib/writes: a ${options.source} write changed data without an audit row`);
      await tx.changeLog.create({ data: { source: options.source, ...toChangeLogColumns(touched) } });
      wrote = true;
    }
    await endAppWrite(tx, provider);
    return value;
  }, transactionOptions);
  if (wrote) await announceLocalWrite(db);
  return result;
}

/** Run `work` inside the given write, or in a new one when given a client. */
export async function withWrite<T>(target: PrismaClient | WriteContext, options: WriteOptions, work: (w: WriteContext) => Promise<T>): Promise<T> {
  return isWriteContext(target) ? work(target) : runWrite(target, options, work);
}
