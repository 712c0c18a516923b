import { Prisma, type PrismaClient } from '@/lib/generated/prisma/client';

/**
 * Row counts of every model's table, keyed by model name. Used to prove that a refused action
 * changed nothing. The list comes from the Prisma schema (not sqlite_master or pg_catalog), so it is
 * the same on both providers and a model added later is counted without touching this file.
 */
export async function tableCounts(db: PrismaClient): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const name of Object.values(Prisma.ModelName).sort()) {
    // No model has @@map, so the table is named after the model; quoted because PostgreSQL folds
    // unquoted identifiers to lower case.
    const rows = await db.$queryRawUnsafe<{ n: number | bigint }[]>(`SELECT COUNT(*) AS n FROM "${name}"`);
    // COUNT(*) is a bigint on PostgreSQL (and may be on SQLite); callers compare plain numbers.
    out[name] = Number(rows[0]?.n ?? 0);
  }
  return out;
}
