import { revalidatePath, revalidateTag } from 'next/cache';

/**
 * Mark what a write changed as stale. Pages are force-dynamic today, so this matters once they are
 * cached; the tags are the contract for that: `polls`, `poll:<id>`, `question:<slug>`,
 * `pollster:<slug>`, `indicator:<slug>`, `questions`, `pollsters`, `indicators`.
 * 'max' = stale-while-revalidate (Next 16's recommended profile for revalidateTag).
 */
export function revalidateAfterWrite(paths: readonly string[], tags: readonly string[]): void {
  for (const path of new Set(paths)) revalidatePath(path);
  for (const tag of new Set(tags)) revalidateTag(tag, 'max');
}
