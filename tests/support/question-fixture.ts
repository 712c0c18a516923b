import type { QuestionPollView, QuestionView } from '@/lib/data/questions';

let nextId = 1;

/** A synthetic poll of a for/against question; percents in percent, dates as YYYY-MM-DD. */
export function fixturePoll(p: {
  pollster?: string;
  date: string;
  values: Record<string, number>;
  n?: number | null;
  wording?: string;
  reportedMoe?: number | null;
}): QuestionPollView {
  const id = nextId++;
  const pollster = p.pollster ?? 'Alpha';
  const wording = p.wording ?? 'Do you support X?';
  return {
    pollId: id,
    pollQuestionId: id,
    pollster: { name: pollster, slug: pollster.toLowerCase() },
    fieldStart: `${p.date}T00:00:00.000Z`,
    fieldEnd: `${p.date}T00:00:00.000Z`,
    datePrecision: 'day',
    publishedAt: null,
    sampleSize: p.n === undefined ? 1000 : p.n,
    population: 'adults',
    mode: 'online',
    modeDetail: null,
    reportedMoe: p.reportedMoe ?? null,
    moeConfidence: p.reportedMoe ? 0.95 : null,
    designEffect: null,
    wording,
    wordingKey: wording.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    sourceUrls: [`https://example.org/${id}`],
    notes: null,
    results: Object.entries(p.values).map(([key, percent]) => ({
      optionKey: key,
      optionLabel: key === 'for' ? 'For' : key === 'against' ? 'Against' : "Don't know",
      percent,
    })),
  };
}

/** A question whose polls are given oldest first (stored newest first, as lib/data returns them). */
export function fixtureQuestion(polls: QuestionPollView[], slug = 'x'): QuestionView {
  return {
    id: 1,
    slug,
    title: 'Support X?',
    wording: 'Do you support X?',
    topic: 'Trade',
    country: 'Russia',
    population: 'adults',
    notes: null,
    options: [
      { id: 1, key: 'for', label: 'For', position: 0 },
      { id: 2, key: 'against', label: 'Against', position: 1 },
      { id: 3, key: 'dont_know', label: "Don't know", position: 2 },
    ],
    polls: [...polls].sort((a, b) => (b.fieldEnd ?? '').localeCompare(a.fieldEnd ?? '') || b.pollId - a.pollId),
  };
}
