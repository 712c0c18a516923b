import transliterate from '@sindresorhus/transliterate';

/**
 * Letters outside ASCII spelled in Latin letters (Høyre → Hoyre, Путин → Putin, Ærø → AEro) by a
 * maintained transliteration table, so a slug or key never drops a letter (NFKD alone turned
 * “Høyre” into “h-yre” and “Øptimus” into “ptimus”).
 */
export function toAscii(value: string): string {
  return transliterate(value);
}

/** "Levada Center" → "levada-center"; used for slugs and wording keys. */
export function slugify(value: string, maxLength = 80): string {
  const slug = toAscii(value)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.slice(0, maxLength).replace(/-+$/g, '') || 'item';
}

/**
 * Key that groups equivalent wordings into one series: case, punctuation and spacing differences
 * are not wording differences; anything else is.
 */
export function wordingKey(wording: string): string {
  return slugify(wording, 120);
}

/** Split "url1 ; url2" source cells into a list of URLs. */
export function splitUrls(cell: string): string[] {
  return cell
    .split(/\s*;\s*|\s+(?=https?:\/\/)/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
