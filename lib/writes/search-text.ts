import { Prisma } from '@/lib/generated/prisma/client';
import type { Touched } from '@/lib/freshness/touched';
import { searchFold } from '@/lib/data/search-fold';

type Client = Pick<Prisma.TransactionClient, 'question' | 'questionSearch' | '$queryRaw'>;
type PollsterClient = Pick<Prisma.TransactionClient, 'pollster' | 'pollsterSearch'>;

// Fields separated by a character nobody types, so a needle never matches across two fields.
const SEPARATOR = '\u001f';
const CHUNK = 500;

/**
 * Rebuild QuestionSearch (the folded search text) for the questions a write touched, in the write's
 * transaction: called by runWrite for every write, so forms, imports, the seed and db:copy all keep
 * it in step. `'all'` (imports, copies) rebuilds every question, writing only the rows that differ.
 */
export async function refreshQuestionSearch(client: Client, questions: Touched['questions'] | 'all'): Promise<number> {
  if (questions !== 'all' && questions.size === 0) return 0;
  const where = questions === 'all' ? {} : { slug: { in: [...questions] } };
  const rows = await client.question.findMany({
    where,
    select: { id: true, slug: true, title: true, wording: true, topic: true, country: true, population: true, search: { select: { text: true } } },
  });
  if (rows.length === 0) return 0;
  const ids = rows.map((r) => r.id);
  // Distinct texts per question: thousands of polls of one wording carry the same translation.
  // (in SQL: Prisma's `distinct` would read every row into memory first).
  const filter = questions === 'all' ? Prisma.empty : Prisma.sql`WHERE pq."questionId" IN (${Prisma.join(ids)})`;
  const texts = await client.$queryRaw<{ questionId: number | bigint; text: string }[]>`
    SELECT DISTINCT pq."questionId" AS "questionId", wt."text" AS "text" FROM "WordingText" wt JOIN "PollQuestion" pq ON pq."id" = wt."pollQuestionId" ${filter}`;
  const byQuestion = new Map<number, Set<string>>();
  for (const t of texts) {
    const id = Number(t.questionId);
    const set = byQuestion.get(id) ?? new Set<string>();
    set.add(t.text);
    byQuestion.set(id, set);
  }
  const changed: { questionId: number; text: string }[] = [];
  for (const r of rows) {
    const parts = [r.title, r.wording, r.slug, r.topic ?? '', r.country ?? '', r.population ?? '', ...[...(byQuestion.get(r.id) ?? [])].sort()];
    const text = searchFold(parts.join(SEPARATOR));
    if (r.search?.text !== text) changed.push({ questionId: r.id, text });
  }
  // Replaced in chunks (bound-parameter limits), not row by row: an import touches thousands.
  for (let i = 0; i < changed.length; i += CHUNK) {
    const part = changed.slice(i, i + CHUNK);
    await client.questionSearch.deleteMany({ where: { questionId: { in: part.map((c) => c.questionId) } } });
    await client.questionSearch.createMany({ data: part });
  }
  return changed.length;
}

/** The questions whose search text a write may have changed. */
export function searchTouched(touched: Touched): Touched['questions'] | 'all' {
  return touched.all ? 'all' : touched.questions;
}

/** The pollsters whose search text a write may have changed (a rename touches the old and new slug). */
export function pollsterSearchTouched(touched: Touched): Touched['pollsters'] | 'all' {
  return touched.all ? 'all' : touched.pollsters;
}

/**
 * Rebuild PollsterSearch (name and slug folded) for the pollsters a write touched, in the write's
 * transaction, like refreshQuestionSearch: writing only the rows whose text differs.
 */
export async function refreshPollsterSearch(client: PollsterClient, pollsters: Touched['pollsters'] | 'all'): Promise<number> {
  if (pollsters !== 'all' && pollsters.size === 0) return 0;
  const where = pollsters === 'all' ? {} : { slug: { in: [...pollsters] } };
  const rows = await client.pollster.findMany({ where, select: { id: true, slug: true, name: true, search: { select: { text: true } } } });
  const changed: { pollsterId: number; text: string }[] = [];
  for (const r of rows) {
    const text = searchFold([r.name, r.slug].join(SEPARATOR));
    if (r.search?.text !== text) changed.push({ pollsterId: r.id, text });
  }
  for (let i = 0; i < changed.length; i += CHUNK) {
    const part = changed.slice(i, i + CHUNK);
    await client.pollsterSearch.deleteMany({ where: { pollsterId: { in: part.map((c) => c.pollsterId) } } });
    await client.pollsterSearch.createMany({ data: part });
  }
  return changed.length;
}

/**
 * Fill QuestionSearch for questions that have no row (a database migrated to this schema, or
 * questions written around the write path); start-up runs it. Not a data change: no audit row.
 */
export async function backfillQuestionSearch(client: Client): Promise<number> {
  const missing = await client.question.count({ where: { search: null } });
  return missing === 0 ? 0 : refreshQuestionSearch(client, 'all');
}

/** Fill PollsterSearch for pollsters that have no row (as backfillQuestionSearch). */
export async function backfillPollsterSearch(client: PollsterClient): Promise<number> {
  const missing = await client.pollster.count({ where: { search: null } });
  return missing === 0 ? 0 : refreshPollsterSearch(client, 'all');
}

/**
 * Both backfills, run by `npm start` (prepareDatabase) and `npm run db:deploy` after migrating: a
 * migration that adds or empties a search table (a new fold) leaves the refill to this.
 */
export async function backfillSearch(client: Client & PollsterClient): Promise<{ questions: number; pollsters: number }> {
  return { questions: await backfillQuestionSearch(client), pollsters: await backfillPollsterSearch(client) };
}
