/**
 * Shape checks for URL path parameters, applied before any look-up (issue #15): a slug or id that
 * cannot exist is answered "not found" without touching the database or any cache, so a stranger
 * cannot make the server remember or query 12,000-character strings.
 */

/** The same rule as the admin forms' slug field (lib/schemas/fields.ts slugField). */
export const SLUG_MAX_LENGTH = 80;
const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function isSlug(value: unknown): value is string {
  return typeof value === 'string' && value.length <= SLUG_MAX_LENGTH && SLUG_PATTERN.test(value);
}
