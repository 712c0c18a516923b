/**
 * Bounded `IN (…)` lists. Prisma sends an `include` or an `{ in: [...] }` filter as one statement
 * with a bound parameter per value, and the driver refuses past its parameter limit (P2029: SQLite
 * builds commonly allow 999 or 32,766, PostgreSQL 65,535). A site with 2,000 questions hit it on
 * the overview, the read API and the admin forms, so every list of ids that grows with the data is
 * either replaced by a join or split here.
 */

/** Values per statement: far below every driver's limit, with room for the query's other parameters. */
export const IN_LIST_CHUNK = 500;

export function chunk<T>(items: readonly T[], size = IN_LIST_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Runs `load` once per chunk of `items`, one chunk after the other, and concatenates the rows. */
export async function loadInChunks<T, R>(items: readonly T[], load: (part: T[]) => Promise<R[]>, size = IN_LIST_CHUNK): Promise<R[]> {
  const out: R[] = [];
  for (const part of chunk(items, size)) out.push(...(await load(part)));
  return out;
}
