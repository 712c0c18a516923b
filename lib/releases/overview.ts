import type { QuestionView } from '@/lib/data/questions';
import type { LatestPollListRow, QuestionListFilter } from '@/lib/data/question-list';

/**
 * The overview as of a release: the release's questions filtered, counted and paged in memory (a
 * release is read whole from its frozen dump), and its newest polls. The same filters as the live
 * overview: text in title, wording (either language), topic, country, population or slug; topic;
 * one country of the list; a pollster that asked it.
 */
export function filterReleaseQuestions(questions: readonly QuestionView[], filter: QuestionListFilter): QuestionView[] {
  const needle = filter.q?.trim().toLocaleLowerCase('und');
  return questions.filter((q) => {
    if (needle) {
      const hay = [q.title, q.wording, q.slug, q.topic, q.country, q.population, ...q.polls.flatMap((p) => [p.wording, ...(p.texts ?? []).map((t) => t.text)])];
      if (!hay.some((h) => h !== null && h.toLocaleLowerCase('und').includes(needle))) return false;
    }
    if (filter.topic && q.topic !== filter.topic) return false;
    if (filter.country && !(q.country ?? '').split(/,\s*/).includes(filter.country)) return false;
    if (filter.pollster && !q.polls.some((p) => p.pollster.slug === filter.pollster)) return false;
    return true;
  });
}

export function pageOf<T>(items: readonly T[], page: number, pageSize: number): { rows: T[]; total: number; page: number; pages: number } {
  const total = items.length;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const p = Math.min(pages, Math.max(1, Math.floor(page)));
  return { rows: items.slice((p - 1) * pageSize, p * pageSize), total, page: p, pages };
}

/** The newest dated polls of these questions (by end of fieldwork), asked by `pollster` when given. */
export function latestPollsOf(questions: readonly QuestionView[], pollster: string | undefined, limit: number): LatestPollListRow[] {
  const rows: LatestPollListRow[] = questions.flatMap((q) =>
    q.polls
      .filter((p) => p.fieldEnd !== null && (!pollster || p.pollster.slug === pollster))
      .map((p) => ({
        pollId: p.pollId,
        pollster: p.pollster.name,
        pollsterSlug: p.pollster.slug,
        fieldEnd: p.fieldEnd,
        datePrecision: p.datePrecision,
        sampleSize: p.sampleSize,
        questionTitle: q.title,
        questionSlug: q.slug,
      })),
  );
  return rows.sort((a, b) => (b.fieldEnd ?? '').localeCompare(a.fieldEnd ?? '') || b.pollId - a.pollId).slice(0, limit);
}
