/**
 * Security settings in one place, so docs/ADMIN.md, tests and code agree on the numbers.
 */
import { SCRYPT_DEFAULT_N } from '@/lib/config/password-cost';

export const PASSWORD_MIN_LENGTH = 12;
/** Longer inputs are refused (not truncated) so one request cannot make scrypt hash megabytes. */
export const PASSWORD_MAX_LENGTH = 1024;

/**
 * scrypt cost in production: N = 2^17, r = 8, p = 1 → 128 MiB and a few hundred ms per hash (OWASP
 * 2023+). New hashes use scryptParams() (lib/auth/password.ts): this, unless PASSWORD_SCRYPT_N
 * lowers N for automated tests.
 */
export const SCRYPT_PARAMS = { N: SCRYPT_DEFAULT_N, r: 8, p: 1 } as const;
export const SCRYPT_KEY_LENGTH = 32;
export const SCRYPT_SALT_BYTES = 16;
/** Node's default maxmem is 32 MiB; N = 2^17, r = 8 needs 128 MiB (128 · N · r bytes). */
export const SCRYPT_MAXMEM = 256 * 1024 * 1024;

export const SESSION_TOKEN_BYTES = 32; // 256 bits
export const SESSION_IDLE_MS = 30 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 8 * 60 * 60 * 1000;
/** lastSeenAt is written at most this often: enough for a 30-minute idle limit, fewer writes. */
export const SESSION_TOUCH_INTERVAL_MS = 60 * 1000;

export const SESSION_COOKIE_SECURE_NAME = '__Host-pollboard_session';
export const SESSION_COOKIE_PLAIN_NAME = 'pollboard_session';

export const THROTTLE = {
  windowMs: 15 * 60 * 1000,
  /** Failures per account allowed in the window before delays start. */
  accountFreeFailures: 5,
  baseDelayMs: 1000,
  maxDelayMs: 60 * 1000,
  /** Failures per client IP in the window; beyond it the IP is refused until the window slides. */
  ipMaxFailures: 20,
} as const;

/**
 * Password checks (scrypt, 128 MiB and a few hundred ms each, in libuv's 4-thread pool) a server
 * runs at once: 2 leaves the other pool threads to compression and file reads, and at most 1 per
 * client address, so one client cannot take both. An attempt beyond either answers "busy" at once
 * (issue #15: 16 concurrent logins stalled a real login for 58.7 s and a gzip response for 10.1 s).
 */
export const LOGIN_HASH_CONCURRENCY = { total: 2, perClient: 1 } as const;

/**
 * Global attempts budget per server process: failed password checks per minute. Once spent, only
 * clients that logged in successfully within LOGIN_ATTEMPT_RETENTION_MS are checked (answer "busy"
 * to the rest), so a distributed guesser cannot spend the CPU of the machine, nor lock out an editor
 * who signed in from there before.
 */
export const LOGIN_GLOBAL_BUDGET = { failuresPerWindow: 60, windowMs: 60 * 1000 } as const;

export const LOGIN_BUSY_MESSAGE = 'The server is busy checking other sign-ins. Try again in a moment.';

/** LoginAttempt rows older than this are deleted at the next successful login. */
export const LOGIN_ATTEMPT_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

export const LOGIN_FAILED_MESSAGE = 'Email or password is incorrect';

export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

/** Request header set by proxy.ts: the admin path being rendered (layouts cannot read the URL). */
export const ADMIN_PATH_HEADER = 'x-pollboard-admin-path';
