import type { PrismaClient } from '@/lib/generated/prisma/client';

/**
 * Row counts of every table in a SQLite file (read from sqlite_master, so tables added later are
 * counted too). Used to prove that a refused action changed nothing.
 */
export async function tableCounts(db: PrismaClient): Promise<Record<string, number>> {
  const tables = await db.$queryRawUnsafe<{ name: string }[]>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != '_prisma_migrations' ORDER BY name",
  );
  const out: Record<string, number> = {};
  for (const { name } of tables) {
    const rows = await db.$queryRawUnsafe<{ n: number | bigint }[]>(`SELECT COUNT(*) AS n FROM "${name.replace(/"/g, '""')}"`);
    out[name] = Number(rows[0]?.n ?? 0);
  }
  return out;
}
