/**
 * scrypt's N for password hashes, here in the foundation layer so the environment schema
 * (lib/config/env.ts) and the auth settings (lib/auth/config.ts) share one number.
 */

/** The production cost: N = 2^17 with r = 8 → 128 MiB and a few hundred ms per hash (OWASP 2023+). */
export const SCRYPT_DEFAULT_N = 2 ** 17;
/** The lowest N that PASSWORD_SCRYPT_N accepts (NODE_ENV=test only): 1 MiB, a few ms per hash. */
export const SCRYPT_TEST_MIN_N = 2 ** 10;
/** The highest N that PASSWORD_SCRYPT_N accepts, and that a stored hash may name (1 GiB at r = 8 exceeds maxmem anyway). */
export const SCRYPT_MAX_N = 2 ** 20;
