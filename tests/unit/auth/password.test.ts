import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SCRYPT_MAXMEM, SCRYPT_PARAMS } from '@/lib/auth/config';
import { hashPassword, needsRehash, parsePasswordHash, verifyPassword } from '@/lib/auth/password';
import { isAppError } from '@/lib/errors/app-error';

describe('password hashing (scrypt N=2^17, r=8, p=1)', () => {
  it('verifies a known answer computed directly with node:crypto scrypt', async () => {
    const salt = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');
    const key = scryptSync('correct horse battery staple', salt, 32, { N: 131072, r: 8, p: 1, maxmem: SCRYPT_MAXMEM });
    const stored = `scrypt$131072$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
    expect(stored.startsWith('scrypt$131072$8$1$AAECAwQFBgcICQoLDA0ODw==$')).toBe(true);
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapleX', stored)).toBe(false);
    expect(await verifyPassword('Correct horse battery staple', stored)).toBe(false);
  });

  it('writes a self-describing string with a 16-byte salt and a fresh salt every time', async () => {
    const a = await hashPassword('twelve chars');
    const b = await hashPassword('twelve chars');
    const parsed = parsePasswordHash(a);
    expect(parsed).toMatchObject({ N: SCRYPT_PARAMS.N, r: 8, p: 1 });
    expect(parsed?.salt.length).toBe(16);
    expect(parsed?.key.length).toBe(32);
    expect(a.split('$').slice(0, 4)).toEqual(['scrypt', '131072', '8', '1']);
    expect(a).not.toBe(b);
    expect(await verifyPassword('twelve chars', a)).toBe(true);
    expect(await verifyPassword('twelve charz', a)).toBe(false);
    expect(needsRehash(a)).toBe(false);
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
    expect(parsePasswordHash('scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=')).toBeNull(); // N not 2^k
    expect(parsePasswordHash(`scrypt$${2 ** 22}$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=`)).toBeNull();
    expect(needsRehash('scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=')).toBe(true);
  });
});
