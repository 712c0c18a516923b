/**
 * Security settings in one place, so docs/ADMIN.md, tests and code agree on the numbers.
 */
export const PASSWORD_MIN_LENGTH = 12;
/** Longer inputs are refused (not truncated) so one request cannot make scrypt hash megabytes. */
export const PASSWORD_MAX_LENGTH = 1024;

/** scrypt cost: N = 2^17, r = 8, p = 1 → 128 MiB and a few hundred ms per hash (OWASP 2023+). */
export const SCRYPT_PARAMS = { N: 2 ** 17, r: 8, p: 1 } as const;
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

/** LoginAttempt rows older than this are deleted at the next successful login. */
export const LOGIN_ATTEMPT_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

export const LOGIN_FAILED_MESSAGE = 'Email or password is incorrect';

export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

/** Request header set by proxy.ts: the admin path being rendered (layouts cannot read the URL). */
export const ADMIN_PATH_HEADER = 'x-pollboard-admin-path';
