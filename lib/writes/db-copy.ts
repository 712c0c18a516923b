import { existsSync } from 'node:fs';

import { createDbClient } from '@/lib/db';
import { checkDatabaseConnection } from '@/lib/db/errors';
import type { ResolvedDatabaseUrl } from '@/lib/db/url';
import { resolveDatabaseUrl } from '@/lib/db/url';
import { Prisma } from '@/lib/generated/prisma/client';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { deployMigrations } from '@/lib/migrations/deploy';
import { displayDatabase } from '@/lib/migrations/layout';
import { writeDatabaseCopy } from '@/lib/writes/copy';

/**
 * Every model, parents before children, so rows can be inserted with their ids and foreign keys
 * as they are. A model added to the schema must be added here (copyDatabase refuses otherwise, and
 * a unit test says so). Table names are the model names (the schema has no @@map).
 */
export const COPY_ORDER = [
  'Pollster',
  'Question',
  'QuestionOption',
  'User',
  'Poll',
  'PollQuestion',
  'WordingText',
  'Result',
  'Breakdown',
  'BreakdownResult',
  'Outcome',
  'OutcomeResult',
  'Indicator',
  'Observation',
  'Session',
  'LoginAttempt',
  'AuditEvent',
  'Correction',
  'ImportMapping',
  'SetupToken',
  'Release',
] as const satisfies readonly Prisma.ModelName[];

/**
 * Models db:copy leaves alone: the freshness signal's change log and its control row belong to one
 * database (the copy's own write records "everything changed" on the target). QuestionSearch and PollsterSearch are
 * derived: the copy's write rebuilds it on the target (lib/writes/search-text.ts).
 */
export const NOT_COPIED: readonly Prisma.ModelName[] = ['ChangeLog', 'ChangeControl', 'QuestionSearch', 'PollsterSearch'];

export class DatabaseCopyError extends Error {
  override readonly name = 'DatabaseCopyError';
}

/** Models the schema has that COPY_ORDER lacks (should be empty). */
export function modelsMissingFromCopyOrder(): string[] {
  const known = new Set<string>([...COPY_ORDER, ...NOT_COPIED]);
  return Object.values(Prisma.ModelName).filter((model) => !known.has(model));
}

type Row = Record<string, unknown>;

/** The slice of a model delegate the copy reads through; every model has an Int `id`. */
interface CopyDelegate {
  count(): Promise<number>;
  findMany(args: { orderBy: { id: 'asc' }; take: number; where?: { id: { gt: number } } }): Promise<Row[]>;
}

type Tx = Prisma.TransactionClient;

function delegate(client: PrismaClient | Tx, model: Prisma.ModelName): CopyDelegate {
  const key = `${model.charAt(0).toLowerCase()}${model.slice(1)}`;
  // Delegates are looked up by name so one loop serves every model; their generated types differ
  // per model but all satisfy CopyDelegate.
  return (client as unknown as Record<string, CopyDelegate>)[key] as CopyDelegate;
}

export interface TableCount {
  table: string;
  source: number;
  target: number;
}

export interface CopyReport {
  tables: TableCount[];
  rows: number;
  milliseconds: number;
  from: string;
  to: string;
}

export interface CopyOptions {
  fromUrl: string;
  toUrl: string;
  /** Replace a non-empty target's rows (default: refuse). */
  force?: boolean;
  batchSize?: number;
  log?: (line: string) => void;
}

const LONG_TRANSACTION = { maxWait: 60_000, timeout: 30 * 60_000 };

async function countAll(client: PrismaClient | Tx): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const model of COPY_ORDER) counts.set(model, await delegate(client, model).count());
  return counts;
}

function sameDatabase(a: ResolvedDatabaseUrl, b: ResolvedDatabaseUrl): boolean {
  if (a.provider === 'sqlite' && b.provider === 'sqlite') return a.filePath === b.filePath;
  return a.url === b.url;
}

/**
 * Copy every row of every table from one database to another (SQLite ↔ PostgreSQL, or same to
 * same), preserving ids. The target is migrated first; the copy is one transaction on the target
 * (all or nothing) read from one snapshot of the source, in batches of `batchSize` rows. PostgreSQL
 * sequences are moved past the copied ids, so the next insert does not collide. Verified by
 * counting every table on both sides afterwards.
 */
export async function copyDatabase(options: CopyOptions): Promise<CopyReport> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const batchSize = options.batchSize ?? 500;
  const missing = modelsMissingFromCopyOrder();
  if (missing.length > 0) throw new DatabaseCopyError(`db:copy does not know model(s) ${missing.join(', ')}: add them to COPY_ORDER in lib/writes/db-copy.ts`);

  const from = resolveDatabaseUrl(options.fromUrl);
  const to = resolveDatabaseUrl(options.toUrl);
  if (sameDatabase(from, to)) throw new DatabaseCopyError('--from and --to are the same database');
  if (from.provider === 'sqlite' && from.filePath !== ':memory:' && !existsSync(from.filePath)) {
    throw new DatabaseCopyError(`source ${from.filePath} does not exist`);
  }
  await checkDatabaseConnection(from.url);
  await checkDatabaseConnection(to.url);

  const { applied } = await deployMigrations({ databaseUrl: to.url });
  if (applied.length > 0) log(`target: applied ${applied.length} migration(s)`);

  const source = createDbClient(from.url);
  const target = createDbClient(to.url);
  try {
    const before = await countAll(target);
    const occupied = [...before].filter(([, count]) => count > 0);
    if (occupied.length > 0 && !options.force) {
      const list = occupied.map(([table, count]) => `${table} ${count}`).join(', ');
      throw new DatabaseCopyError(`target is not empty (${list}); use --force to replace its contents`);
    }

    await source.$transaction(
      (src) =>
        writeDatabaseCopy(target, {
          models: COPY_ORDER,
          clearFirst: occupied.length > 0,
          readBatch: (model, lastId) =>
            delegate(src, model).findMany({ orderBy: { id: 'asc' }, take: batchSize, ...(lastId !== null ? { where: { id: { gt: lastId } } } : {}) }),
          provider: to.provider,
          log,
          ...LONG_TRANSACTION,
        }),
      // One snapshot of the source for the whole copy, even while an app keeps writing to it.
      { ...LONG_TRANSACTION, isolationLevel: Prisma.TransactionIsolationLevel.Serializable },
    );

    const sourceCounts = await countAll(source);
    const targetCounts = await countAll(target);
    const tables = COPY_ORDER.map((table) => ({ table, source: sourceCounts.get(table) ?? 0, target: targetCounts.get(table) ?? 0 }));
    const mismatched = tables.filter((t) => t.source !== t.target);
    if (mismatched.length > 0) {
      throw new DatabaseCopyError(`row counts differ after the copy: ${mismatched.map((t) => `${t.table} ${t.source} → ${t.target}`).join(', ')}`);
    }
    return {
      tables,
      rows: tables.reduce((sum, t) => sum + t.target, 0),
      milliseconds: Math.round(performance.now() - started),
      from: displayDatabase(from),
      to: displayDatabase(to),
    };
  } finally {
    await Promise.allSettled([source.$disconnect(), target.$disconnect()]);
  }
}

/** The per-table count table db:copy prints. */
export function formatCopyReport(report: CopyReport): string {
  const width = Math.max(5, ...report.tables.map((t) => t.table.length));
  const lines = [`${'table'.padEnd(width)}  ${'source'.padStart(8)}  ${'target'.padStart(8)}`];
  for (const t of report.tables) lines.push(`${t.table.padEnd(width)}  ${String(t.source).padStart(8)}  ${String(t.target).padStart(8)}`);
  lines.push(`${'total'.padEnd(width)}  ${String(report.rows).padStart(8)}  ${String(report.rows).padStart(8)}`);
  return lines.join('\n');
}
