import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, SCRYPT_KEY_LENGTH, SCRYPT_MAXMEM, SCRYPT_PARAMS, SCRYPT_SALT_BYTES } from '@/lib/auth/config';
import { getPasswordScryptN } from '@/lib/config/env';
import { SCRYPT_MAX_N } from '@/lib/config/password-cost';
import { AppError } from '@/lib/errors/app-error';

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

function scryptAsync(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  // The async form runs in libuv's thread pool, so a login does not block other requests.
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/**
 * The cost new hashes get and stored hashes are compared with (needsRehash): SCRYPT_PARAMS, unless
 * PASSWORD_SCRYPT_N lowers N for automated tests (lib/config/env.ts refuses that outside NODE_ENV=test).
 */
export function scryptParams(): ScryptParams {
  return { ...SCRYPT_PARAMS, N: getPasswordScryptN() };
}

/** Unicode NFC so the same password typed on two keyboards hashes the same; never truncated. */
function normalise(password: string): string {
  return password.normalize('NFC');
}

export function passwordLengthProblem(password: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  return null;
}

/**
 * Hash a new password as `scrypt$N$r$p$salt$hash` (salt and hash base64): self-describing, so the
 * cost can be raised later without breaking stored hashes.
 */
export async function hashPassword(password: string, params: ScryptParams = scryptParams()): Promise<string> {
  const problem = passwordLengthProblem(password);
  if (problem) throw new AppError('VALIDATION', problem, { password: [problem] });
  const salt = randomBytes(SCRYPT_SALT_BYTES);
  const key = await scryptAsync(normalise(password), salt, SCRYPT_KEY_LENGTH, { ...params, maxmem: SCRYPT_MAXMEM });
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

interface ParsedHash extends ScryptParams {
  salt: Buffer;
  key: Buffer;
}

export function parsePasswordHash(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  // Bound the parameters a stored string may ask for, so a corrupted row cannot exhaust memory.
  const powerOfTwo = Number.isInteger(N) && N >= 2 && (N & (N - 1)) === 0;
  if (!powerOfTwo || N > SCRYPT_MAX_N || !Number.isInteger(r) || r < 1 || r > 32 || !Number.isInteger(p) || p < 1 || p > 16) return null;
  if (128 * N * r > SCRYPT_MAXMEM) return null;
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const key = Buffer.from(parts[5] ?? '', 'base64');
  if (salt.length < 8 || key.length < 16) return null;
  return { N, r, p, salt, key };
}

/** Constant-time check of a password against a stored hash; false for any malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (password.length === 0 || [...password].length > PASSWORD_MAX_LENGTH) return false;
  const parsed = parsePasswordHash(stored);
  if (!parsed) return false;
  const key = await scryptAsync(normalise(password), parsed.salt, parsed.key.length, {
    N: parsed.N,
    r: parsed.r,
    p: parsed.p,
    maxmem: SCRYPT_MAXMEM,
  });
  return timingSafeEqual(key, parsed.key);
}

/** True when a hash was made with weaker parameters than today's; rehash it at the next login. */
export function needsRehash(stored: string, current: ScryptParams = scryptParams()): boolean {
  const parsed = parsePasswordHash(stored);
  return !parsed || parsed.N < current.N || parsed.r < current.r || parsed.p < current.p;
}

let dummyHash: Promise<string> | undefined;

/**
 * A valid hash of a random password, computed once: logins for unknown or disabled accounts verify
 * against it so they take as long as a real check and timing does not reveal which emails exist.
 */
export function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(24).toString('base64'));
  return dummyHash;
}
