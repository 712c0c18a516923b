import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SCRYPT_MAXMEM, SCRYPT_PARAMS } from '@/lib/auth/config';
import { hashPassword, needsRehash, parsePasswordHash, scryptParams, verifyPassword } from '@/lib/auth/password';
import { getPasswordScryptN, ZEnv } from '@/lib/config/env';
import { isAppError } from '@/lib/errors/app-error';

const SALT = 'AAAAAAAAAAAAAAAAAAAAAA==';
const KEY = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

describe('password hashing at the production cost (scrypt N=2^17, r=8, p=1)', () => {
  it('is the default cost: without PASSWORD_SCRYPT_N, and in production', () => {
    expect(SCRYPT_PARAMS).toEqual({ N: 131072, r: 8, p: 1 });
    expect(getPasswordScryptN({})).toBe(131072);
    expect(getPasswordScryptN({ NODE_ENV: 'production' })).toBe(131072);
    expect(ZEnv.parse({ NODE_ENV: 'production' }).PASSWORD_SCRYPT_N).toBe(131072);
  });

  it('verifies a known answer computed directly with node:crypto scrypt', async () => {
    const salt = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');
    const key = scryptSync('correct horse battery staple', salt, 32, { N: 131072, r: 8, p: 1, maxmem: SCRYPT_MAXMEM });
    const stored = `scrypt$131072$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
    expect(stored.startsWith('scrypt$131072$8$1$AAECAwQFBgcICQoLDA0ODw==$')).toBe(true);
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapleX', stored)).toBe(false);
  });

  it('hashes at the production cost into a string that verifies and needs no rehash in production', async () => {
    const stored = await hashPassword('twelve chars', SCRYPT_PARAMS);
    expect(stored.split('$').slice(0, 4)).toEqual(['scrypt', '131072', '8', '1']);
    expect(await verifyPassword('twelve chars', stored)).toBe(true);
    expect(needsRehash(stored, SCRYPT_PARAMS)).toBe(false);
    expect(needsRehash(`scrypt$16384$8$1$${SALT}$${KEY}`, SCRYPT_PARAMS)).toBe(true);
  });
});

describe('PASSWORD_SCRYPT_N (a cheaper hash for automated tests only)', () => {
  it('accepts a power of two from 2^10 below the default only with NODE_ENV=test', () => {
    expect(getPasswordScryptN({ NODE_ENV: 'test', PASSWORD_SCRYPT_N: '1024' })).toBe(1024);
    expect(getPasswordScryptN({ NODE_ENV: 'production', PASSWORD_SCRYPT_N: '262144' })).toBe(262144);
    expect(() => getPasswordScryptN({ NODE_ENV: 'production', PASSWORD_SCRYPT_N: '2048' })).toThrow(
      'PASSWORD_SCRYPT_N: below 131072 only for automated tests (NODE_ENV=test)',
    );
    expect(() => getPasswordScryptN({ PASSWORD_SCRYPT_N: '2048' })).toThrow(/only for automated tests/);
    for (const bad of ['512', '3000', '2097152', 'cheap', '-1024']) {
      expect(() => getPasswordScryptN({ NODE_ENV: 'test', PASSWORD_SCRYPT_N: bad }), bad).toThrow(
        'PASSWORD_SCRYPT_N: must be a power of two from 1024 to 1048576',
      );
    }
    const parsed = ZEnv.safeParse({ NODE_ENV: 'development', PASSWORD_SCRYPT_N: '4096' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['PASSWORD_SCRYPT_N']);
  });

  it('new hashes and rehash decisions follow it (vitest.config.ts sets 2^11)', async () => {
    expect(scryptParams()).toEqual({ N: 2048, r: 8, p: 1 });
    const stored = await hashPassword('twelve chars');
    expect(stored.split('$').slice(0, 4)).toEqual(['scrypt', '2048', '8', '1']);
    expect(needsRehash(stored)).toBe(false);
    expect(needsRehash(`scrypt$1024$8$1$${SALT}$${KEY}`)).toBe(true);
    // A stronger stored hash than the configured one is kept (never downgraded).
    expect(needsRehash(`scrypt$131072$8$1$${SALT}$${KEY}`)).toBe(false);
  });
});

describe('password hashing', () => {
  it('writes a self-describing string with a 16-byte salt and a fresh salt every time', async () => {
    const a = await hashPassword('twelve chars');
    const b = await hashPassword('twelve chars');
    const parsed = parsePasswordHash(a);
    expect(parsed).toMatchObject(scryptParams());
    expect(parsed?.salt.length).toBe(16);
    expect(parsed?.key.length).toBe(32);
    expect(a).not.toBe(b);
    expect(await verifyPassword('twelve chars', a)).toBe(true);
    expect(await verifyPassword('twelve charz', a)).toBe(false);
    expect(await verifyPassword('Twelve chars', a)).toBe(false); // case matters
  });

  it('rejects an 11-character password and accepts 12 and 128 characters', async () => {
    await expect(hashPassword('elevenchars')).rejects.toSatisfy((e) => isAppError(e, 'VALIDATION'));
    const long = 'p'.repeat(127) + 'q';
    expect(long).toHaveLength(128);
    const stored = await hashPassword(long);
    expect(await verifyPassword(long, stored)).toBe(true);
  });

  it('does not truncate: passwords sharing their first 128 characters are different', async () => {
    const base = 'x'.repeat(128);
    const stored = await hashPassword(`${base}-tail-one`);
    expect(await verifyPassword(`${base}-tail-one`, stored)).toBe(true);
    expect(await verifyPassword(`${base}-tail-two`, stored)).toBe(false);
    expect(await verifyPassword(base, stored)).toBe(false);
  });

  it('refuses more than 1024 characters without hashing them', async () => {
    await expect(hashPassword('a'.repeat(1025))).rejects.toSatisfy((e) => isAppError(e, 'VALIDATION'));
    const stored = await hashPassword('a'.repeat(1024));
    expect(await verifyPassword('a'.repeat(1025), stored)).toBe(false);
  });

  it('treats malformed or over-expensive stored hashes as a failed check', async () => {
    expect(await verifyPassword('whatever password', 'plaintext')).toBe(false);
    expect(parsePasswordHash(`scrypt$1000$8$1$${SALT}$${KEY}`)).toBeNull(); // N not 2^k
    expect(parsePasswordHash(`scrypt$${2 ** 22}$8$1$${SALT}$${KEY}`)).toBeNull();
    expect(parsePasswordHash(`scrypt$16384$8$1$${SALT}$${KEY}`)).toMatchObject({ N: 16384, r: 8, p: 1 });
  });
});
