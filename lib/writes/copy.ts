import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';
import { runWrite } from '@/lib/writes/write';

/**
 * The write half of `npm run db:copy` (lib/writes/db-copy.ts reads the source and checks the counts): every
 * row of every copied table into the target, ids kept, in ONE write. Its ChangeLog row says
 * "everything changed" (servers on the target drop every cache). The source's audit log is copied
 * row for row and no row is added: the copy stays exact (the one write without an audit row of its own).
 */

type Row = Record<string, unknown>;

/** The slice of a model delegate the copy needs; every model has an Int `id`. */
interface CopyDelegate {
  createMany(args: { data: Row[] }): Promise<{ count: number }>;
  deleteMany(): Promise<{ count: number }>;
}

function delegate(tx: Prisma.TransactionClient, model: Prisma.ModelName): CopyDelegate {
  const key = `${model.charAt(0).toLowerCase()}${model.slice(1)}`;
  // Delegates are looked up by name so one loop serves every model; their generated types differ
  // per model but all satisfy CopyDelegate.
  return (tx as unknown as Record<string, CopyDelegate>)[key] as CopyDelegate;
}

export interface CopyWriteArgs {
  /** Parents before children. */
  models: readonly Prisma.ModelName[];
  /** Delete the target's rows first (db:copy --force). */
  clearFirst: boolean;
  /** The next batch of a model's rows after `lastId` (null: from the start), ordered by id. */
  readBatch: (model: Prisma.ModelName, lastId: number | null) => Promise<Row[]>;
  provider: 'sqlite' | 'postgresql';
  log: (line: string) => void;
  timeout: number;
  maxWait: number;
}

export async function writeDatabaseCopy(target: PrismaClient, args: CopyWriteArgs): Promise<void> {
  await runWrite(target, { actor: null, source: 'db-copy', timeout: args.timeout, maxWait: args.maxWait, auditCopiedFromSource: true }, async (w) => {
    if (args.clearFirst) for (const model of [...args.models].reverse()) await delegate(w.tx, model).deleteMany();
    for (const model of args.models) {
      let copied = 0;
      let lastId: number | null = null;
      for (;;) {
        const rows = await args.readBatch(model, lastId);
        if (rows.length === 0) break;
        await delegate(w.tx, model).createMany({ data: rows });
        copied += rows.length;
        lastId = Number(rows.at(-1)?.id);
      }
      if (copied > 0) args.log(`  ${model}: ${copied} row(s)`);
      if (args.provider === 'postgresql') {
        // Rows arrived with explicit ids, which SERIAL does not notice: move the sequence past them.
        await w.tx.$executeRawUnsafe(`SELECT setval(pg_get_serial_sequence('"${model}"', 'id'), COALESCE((SELECT MAX("id") FROM "${model}"), 0) + 1, false)`);
      }
    }
    w.touch.everything();
  });
}
