/**
 * Text folded for search, the same way for what is stored (QuestionSearch.text) and what is typed:
 * NFKC (full-width Ｋｕｒｉｌ → Kuril, half-width ｶﾀｶﾅ → カタカナ) then Unicode lower case
 * (Курильской → курильской). Done in JavaScript because SQLite's LOWER() folds ASCII only and
 * PostgreSQL's depends on the cluster's locale: one fold, identical on both databases.
 */
export function searchFold(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** `%folded text%` for LIKE with `\` as the escape character, so `%` and `_` typed match themselves. */
export function foldedLikePattern(text: string): string {
  return `%${searchFold(text.trim()).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
