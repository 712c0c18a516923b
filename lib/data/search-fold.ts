/**
 * Letters that carry no separable accent in Unicode (NFD leaves them whole) but that a reader types
 * without one: "hoyre" for "Høyre", "lodz" for "Łódź", "strasse" for "Straße". Lower case only
 * (the fold lower-cases first). Greek final sigma is the same letter as σ.
 */
const LETTERS: Readonly<Record<string, string>> = {
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ł: 'l',
  ħ: 'h',
  ı: 'i',
  ŧ: 't',
  ς: 'σ',
};

// Combining Diacritical Marks only (U+0300–U+036F): the accents NFD splits off Latin, Greek and
// Cyrillic letters. Marks of other scripts are spelling, not decoration (kana voicing ゛, Devanagari
// vowel signs, Hebrew points), so they stay.
const DIACRITICS = /[\u0300-\u036f]/g;

// Non-ASCII letters, one at a time: й and ё are decided per letter (below).
const NON_ASCII = /[^\u0000-\u007f]/gu;

function foldLetter(c: string): string {
  // Russian й is a letter of its own (мой ≠ мои), not и with an accent; ё is written е in most texts.
  if (c === 'й') return c;
  const mapped = LETTERS[c];
  if (mapped !== undefined) return mapped;
  // A lone mark (İ lower-cases to i + U+0307) folds to nothing.
  return c.normalize('NFD').replace(DIACRITICS, '').normalize('NFC');
}

/**
 * Text folded for search, the same way for what is stored (QuestionSearch.text, PollsterSearch.text)
 * and what is typed: NFKC (full-width Ｋｕｒｉｌ → Kuril, half-width ｶﾀｶﾅ → カタカナ), Unicode lower
 * case (Курильской → курильской, IFOP → ifop), then Latin, Greek and Cyrillic diacritics dropped
 * (Høyre → hoyre, Ærø → aero, Σίσυφος → σισυφοσ, ё → е). Done in JavaScript because SQLite's LOWER()
 * folds ASCII only and PostgreSQL's depends on the cluster's locale: one fold, identical on both.
 * Changing it means rebuilding every stored row (a migration that empties the search tables; the
 * start-up and db:deploy backfill refills them).
 */
export function searchFold(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(NON_ASCII, foldLetter);
}

/** `%folded text%` for LIKE with `\` as the escape character, so `%` and `_` typed match themselves. */
export function foldedLikePattern(text: string): string {
  return `%${searchFold(text.trim()).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
