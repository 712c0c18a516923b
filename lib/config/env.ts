import { z } from 'zod';
import { SCRYPT_DEFAULT_N, SCRYPT_MAX_N, SCRYPT_TEST_MIN_N } from '@/lib/config/password-cost';

const scryptNMessage = `must be a power of two from ${SCRYPT_TEST_MIN_N} to ${SCRYPT_MAX_N}`;

/** A cheaper password hash than production's is refused outside automated tests. */
const cheapHashOnlyInTests = (env: { NODE_ENV: string; PASSWORD_SCRYPT_N: number }) => env.PASSWORD_SCRYPT_N >= SCRYPT_DEFAULT_N || env.NODE_ENV === 'test';
const cheapHashMessage = { path: ['PASSWORD_SCRYPT_N'], message: `below ${SCRYPT_DEFAULT_N} only for automated tests (NODE_ENV=test)` };

/**
 * scrypt's N for new password hashes. The default is the production cost; a lower value (never
 * below SCRYPT_TEST_MIN_N) is accepted only with NODE_ENV=test, so a test suite that logs in
 * hundreds of times need not spend 128 MiB and a few hundred ms on each (vitest.config.ts sets it).
 * Stored hashes name their own cost, so they verify whatever this is.
 */
const ZPasswordCost = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PASSWORD_SCRYPT_N: z.coerce
      .number({ error: scryptNMessage })
      .int(scryptNMessage)
      .min(SCRYPT_TEST_MIN_N, scryptNMessage)
      .max(SCRYPT_MAX_N, scryptNMessage)
      .refine((n) => (n & (n - 1)) === 0, scryptNMessage)
      .default(SCRYPT_DEFAULT_N),
  })
  .refine(cheapHashOnlyInTests, cheapHashMessage);

/**
 * Environment, validated once at start-up so a bad configuration fails loudly with the variable's
 * name instead of surfacing later as a confusing runtime error (create-t3-app style).
 */
export const ZEnv = z
  .object({
    ...ZPasswordCost.shape,
    DATABASE_URL: z
      .string()
      .trim()
      .min(1)
      .default('file:./data/pollboard.db')
      .refine((v) => /^(file:|postgres(ql)?:\/\/)/.test(v), {
        message: 'must start with file: (SQLite) or postgresql:// (PostgreSQL)',
      }),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    /** PostgreSQL pool settings (ignored for SQLite). */
    DB_POOL_MAX: z.coerce.number().int().min(1).max(500).default(10),
    DB_POOL_CONNECTION_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
    DB_POOL_IDLE_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
    /** SQLite busy timeout: how long a writer waits for the lock before SQLITE_BUSY. */
    SQLITE_BUSY_TIMEOUT_MS: z.coerce.number().int().min(5_000).default(10_000),
    /**
     * Session cookie: `auto` = Secure and named `__Host-pollboard_session` when NODE_ENV=production,
     * plain `pollboard_session` otherwise; `false` forces the plain cookie (http-only test servers).
     */
    SESSION_COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
    /** Fixes the first-run setup token (automated tests only); unset = a random token per start. */
    POLLBOARD_SETUP_TOKEN: z.string().min(32, 'must have at least 32 characters').max(200).optional(),
    /** Base URL printed in the setup link (default http://localhost:PORT). */
    PUBLIC_URL: z.url().optional(),
    /**
     * Reverse proxies in front of the app that append the client's address to X-Forwarded-For
     * (nginx `$proxy_add_x_forwarded_for`): the client is the N-th entry from the right. 0 = none.
     */
    TRUSTED_PROXIES: z.coerce
      .number({ error: 'must be a whole number of proxies (0 when the app is reached directly)' })
      .int('must be a whole number of proxies (0 when the app is reached directly)')
      .min(0, 'must be 0 or more')
      .max(10, 'at most 10 proxies')
      .default(0),
  })
  .refine(cheapHashOnlyInTests, cheapHashMessage);

export type TEnv = z.infer<typeof ZEnv>;

let cached: TEnv | undefined;

export function getEnv(source: Record<string, string | undefined> = process.env): TEnv {
  if (source === process.env && cached) return cached;
  const parsed = ZEnv.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new Error(`Invalid environment configuration:\n${lines.join('\n')}`);
  }
  if (source === process.env) cached = parsed.data;
  return parsed.data;
}

/**
 * PASSWORD_SCRYPT_N alone (with NODE_ENV), read at each hash rather than through getEnv's cache so
 * it never fixes the rest of the environment early; it is validated with the rest at start-up.
 */
export function getPasswordScryptN(source: Record<string, string | undefined> = process.env): number {
  const parsed = ZPasswordCost.safeParse({ NODE_ENV: source.NODE_ENV, PASSWORD_SCRYPT_N: source.PASSWORD_SCRYPT_N });
  if (!parsed.success) throw new Error(`Invalid environment configuration:\n  PASSWORD_SCRYPT_N: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data.PASSWORD_SCRYPT_N;
}
