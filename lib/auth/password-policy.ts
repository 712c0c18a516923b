import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * What a new password may not be, beyond its length (lib/auth/config.ts): one of the most common
 * passwords, the account's email or its name part, or a few characters repeated (issue #15:
 * `aaaaaaaaaaaa`, `password1234` and the email itself were accepted). The common list is zxcvbn-ts's
 * (`@zxcvbn-ts/language-common`, ~30,000 passwords ranked from leaked password sets, MIT), shipped
 * with the package: nothing is looked up over the network.
 */
let common: Set<string> | undefined;

function commonPasswords(): Set<string> {
  common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return common;
}

export const PASSWORD_COMMON_MESSAGE = 'This is one of the most common passwords; choose another (a few unrelated words work well).';
export const PASSWORD_EMAIL_MESSAGE = 'A password may not contain your email address or its name part.';
export const PASSWORD_REPETITIVE_MESSAGE = 'Use more different characters (at least 5); a repeated pattern is easy to guess.';

/** Fewest distinct characters: `aaaaaaaaaaaa`, `121212121212` and `abcabcabcabc` are refused. */
const MIN_DISTINCT = 5;

export function passwordPolicyProblem(password: string, email?: string | null): string | null {
  const lower = password.normalize('NFC').toLowerCase();
  // Also the list's entries with a suffix of digits or punctuation a site's rules often force on.
  const stem = lower.replace(/[\d\W_]+$/u, '');
  if (commonPasswords().has(lower) || (stem.length >= 4 && commonPasswords().has(stem))) return PASSWORD_COMMON_MESSAGE;
  if (new Set(lower).size < MIN_DISTINCT) return PASSWORD_REPETITIVE_MESSAGE;
  const address = email?.trim().toLowerCase();
  if (address) {
    const local = address.split('@')[0] ?? '';
    if (lower.includes(address) || (local.length >= 3 && lower.includes(local))) return PASSWORD_EMAIL_MESSAGE;
  }
  return null;
}
