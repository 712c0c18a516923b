import 'server-only';
import { db, type DbClient } from '@/lib/db';

export interface WordingTextEntry {
  language: string;
  role: 'original' | 'translation';
  text: string;
  status: string;
  sourceUrl: string | null;
  sourceNote: string | null;
  /** How many of the wording's polls carry this text (all of them after an edit here). */
  polls: number;
}

export interface WordingEntry {
  wordingKey: string;
  wording: string;
  wordingLanguage: string | null;
  polls: number;
  texts: WordingTextEntry[];
}

/**
 * The wordings a question was asked with (by wording key), each with its texts, for the admin form.
 * Grouped in the database: a question of a large site has thousands of polls but a few wordings.
 */
export async function listQuestionWordings(questionId: number, client: DbClient = db): Promise<WordingEntry[]> {
  const groups = await client.pollQuestion.groupBy({ by: ['wordingKey'], where: { questionId }, _count: { _all: true }, _min: { id: true }, orderBy: { _min: { id: 'asc' } } });
  return Promise.all(
    groups.map(async (g): Promise<WordingEntry> => {
      const first = await client.pollQuestion.findUnique({ where: { id: g._min.id ?? 0 }, select: { wording: true, wordingLanguage: true } });
      const where = { pollQuestion: { questionId, wordingKey: g.wordingKey } };
      const [counts, texts] = await Promise.all([
        client.wordingText.groupBy({ by: ['language', 'role'], where, _count: { _all: true } }),
        // One row per language and role: the earliest entered (an edit here rewrites them all alike).
        client.wordingText.findMany({ where, distinct: ['language', 'role'], orderBy: [{ language: 'asc' }, { role: 'asc' }, { id: 'asc' }] }),
      ]);
      const count = (language: string, role: string) => counts.find((c) => c.language === language && c.role === role)?._count._all ?? 0;
      return {
        wordingKey: g.wordingKey,
        wording: first?.wording ?? '',
        wordingLanguage: first?.wordingLanguage ?? null,
        polls: g._count._all,
        texts: texts
          .map((t): WordingTextEntry => ({ language: t.language, role: t.role === 'original' ? 'original' : 'translation', text: t.text, status: t.status, sourceUrl: t.sourceUrl, sourceNote: t.sourceNote, polls: count(t.language, t.role) }))
          // Originals first, then translations, each by language.
          .sort((a, b) => (a.role === b.role ? a.language.localeCompare(b.language) : a.role === 'original' ? -1 : 1)),
      };
    }),
  );
}
