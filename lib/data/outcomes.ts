import 'server-only';
import { db, type DbClient } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';

export interface OutcomeView {
  id: number;
  question: { slug: string; title: string };
  wordingKey: string;
  label: string;
  kind: string;
  date: string;
  sourceUrl: string | null;
  sourceName: string | null;
  notes: string | null;
  /** by option position */
  results: { optionKey: string; optionLabel: string; position: number; percent: number }[];
}

/** A poll of the outcome's question and wording, with its shares by option position. */
export interface OutcomePollView {
  pollId: number;
  pollster: { slug: string; name: string };
  fieldEnd: string;
  results: { optionKey: string; position: number; percent: number }[];
}

export interface OutcomeWithPolls {
  outcome: OutcomeView;
  polls: OutcomePollView[];
}

const OUTCOME_INCLUDE = { question: { select: { slug: true, title: true } }, results: { include: { option: true } } } as const;

type OutcomeRow = Prisma.OutcomeGetPayload<{ include: typeof OUTCOME_INCLUDE }>;

function outcomeView(o: OutcomeRow): OutcomeView {
  return {
    id: o.id,
    question: o.question,
    wordingKey: o.wordingKey,
    label: o.label,
    kind: o.kind,
    date: o.date.toISOString(),
    sourceUrl: o.sourceUrl,
    sourceName: o.sourceName,
    notes: o.notes,
    results: o.results
      .map((r) => ({ optionKey: r.option.key, optionLabel: r.option.label, position: r.option.position, percent: r.percent }))
      .sort((a, b) => a.position - b.position),
  };
}

/** Every outcome (a release freezes them: lib/writes/releases.ts). */
export async function listOutcomes(client: DbClient = db): Promise<OutcomeView[]> {
  const rows = await client.outcome.findMany({ include: OUTCOME_INCLUDE, orderBy: [{ date: 'asc' }, { id: 'asc' }] });
  return rows.map(outcomeView);
}

/**
 * Outcomes with the polls of the same question and wording fielded up to `windowDays` before the
 * outcome date (inclusive), optionally only one pollster's. Two queries: outcomes, then polls.
 */
export async function listOutcomesWithPolls(
  options: { pollsterSlug?: string; questionSlug?: string; windowDays: number },
  client: DbClient = db,
): Promise<OutcomeWithPolls[]> {
  const outcomes = await client.outcome.findMany({
    where: options.questionSlug ? { question: { slug: options.questionSlug } } : {},
    include: OUTCOME_INCLUDE,
    orderBy: [{ date: 'asc' }, { id: 'asc' }],
  });
  if (outcomes.length === 0) return [];
  const pqs = await client.pollQuestion.findMany({
    where: {
      OR: outcomes.map((o) => ({ questionId: o.questionId, wordingKey: o.wordingKey })),
      ...(options.pollsterSlug ? { poll: { pollster: { slug: options.pollsterSlug } } } : {}),
    },
    select: {
      questionId: true,
      wordingKey: true,
      poll: { select: { id: true, fieldEnd: true, fieldStart: true, pollster: { select: { slug: true, name: true } } } },
      results: { select: { percent: true, option: { select: { key: true, position: true } } } },
    },
  });
  const day = 86_400_000;
  // One order for the live tables and a release's frozen copy (lib/releases/outcomes.ts): outcomes
  // by date then question/wording, polls by id. The accuracy bootstrap draws by position, so the same
  // data in another order would give other intervals.
  const key = (o: (typeof outcomes)[number]) => `${o.question.slug}/${o.wordingKey}`;
  outcomes.sort((a, b) => a.date.getTime() - b.date.getTime() || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  pqs.sort((a, b) => a.poll.id - b.poll.id);
  return outcomes.map((o) => {
    const end = o.date.getTime();
    const start = end - options.windowDays * day;
    const polls: OutcomePollView[] = [];
    for (const pq of pqs) {
      if (pq.questionId !== o.questionId || pq.wordingKey !== o.wordingKey) continue;
      const when = pq.poll.fieldEnd ?? pq.poll.fieldStart;
      if (!when || when.getTime() > end || when.getTime() < start) continue;
      polls.push({
        pollId: pq.poll.id,
        pollster: pq.poll.pollster,
        fieldEnd: when.toISOString(),
        results: pq.results.map((r) => ({ optionKey: r.option.key, position: r.option.position, percent: r.percent })),
      });
    }
    return { outcome: outcomeView(o), polls };
  });
}
