import { describe, expect, it } from 'vitest';
import { ZAuditFilter } from '@/lib/schemas/audit';
import { ZLoginInput, ZSetupInput, safeNextPath } from '@/lib/schemas/auth';
import { ZUserCreateInput, ZUserResetPasswordInput, ZUserSetDisabledInput } from '@/lib/schemas/user';

const fieldsOf = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  r.success ? [] : [...new Set(r.error?.issues.map((i) => String(i.path[0])))].sort();

describe('ZUserCreateInput', () => {
  it('normalises the email and keeps the password exactly as typed', () => {
    const parsed = ZUserCreateInput.parse({ email: '  Ana@Example.ORG ', role: 'editor', password: '  spaced pass  ', name: '' });
    expect(parsed).toEqual({ email: 'ana@example.org', role: 'editor', password: '  spaced pass  ', name: null });
  });

  it('names every bad field', () => {
    const r = ZUserCreateInput.safeParse({ email: 'not-an-email', role: 'owner', password: 'elevenchars' });
    expect(fieldsOf(r)).toEqual(['email', 'password', 'role']);
    expect(r.error?.issues.find((i) => i.path[0] === 'password')?.message).toBe('Use at least 12 characters.');
  });

  it('accepts 12 and 1024 characters, refuses 1025 (counted in code points)', () => {
    const ok = (password: string) => ZUserCreateInput.safeParse({ email: 'a@b.org', role: 'admin', password }).success;
    expect(ok('twelve chars')).toBe(true);
    // Varied characters: a single repeated one is refused by the password policy (issue #15).
    const varied = (unit: string[], n: number) => Array.from({ length: n }, (_, i) => unit[i % unit.length]).join('');
    const letters = [...'abcdefgh'];
    const emoji = ['😀', '😁', '😂', '🤣', '😃', '😄'];
    expect(ok(varied(letters, 1024))).toBe(true);
    expect(ok(varied(letters, 1025))).toBe(false);
    expect(ok(varied(emoji, 11))).toBe(false); // 22 UTF-16 units, 11 characters
    expect(ok(varied(emoji, 12))).toBe(true);
  });
});

describe('user update inputs', () => {
  it('coerces ids and versions from form strings', () => {
    expect(ZUserSetDisabledInput.parse({ userId: '3', version: '2', disabled: 'true' })).toEqual({ userId: 3, version: 2, disabled: true });
    expect(fieldsOf(ZUserSetDisabledInput.safeParse({ userId: 'x', version: '0', disabled: 'maybe' }))).toEqual(['disabled', 'userId', 'version']);
    expect(fieldsOf(ZUserResetPasswordInput.safeParse({ userId: '3', version: '1', password: 'short' }))).toEqual(['password']);
  });
});

describe('login and setup inputs', () => {
  it('login needs an email and a non-empty password but does not apply the new-password rules', () => {
    expect(ZLoginInput.parse({ email: 'A@B.org', password: 'x' })).toEqual({ email: 'a@b.org', password: 'x', endOtherSessions: false });
    expect(fieldsOf(ZLoginInput.safeParse({ email: '', password: '' }))).toEqual(['email', 'password']);
  });

  it('setup requires matching passwords', () => {
    const r = ZSetupInput.safeParse({ token: 't', email: 'a@b.org', password: 'twelve chars', confirm: 'twelve charz' });
    expect(fieldsOf(r)).toEqual(['confirm']);
  });

  it('only redirects to admin paths after login', () => {
    expect(safeNextPath('/admin/users')).toBe('/admin/users');
    expect(safeNextPath('https://evil.example')).toBe('/admin');
    expect(safeNextPath('//evil.example/admin')).toBe('/admin');
    expect(safeNextPath('/admin/login')).toBe('/admin');
    expect(safeNextPath(undefined)).toBe('/admin');
  });

  it('accepts only plain /admin paths: no CR/LF, no dot segments, no escapes in the path (issue #15)', () => {
    expect(safeNextPath('/admin/polls/12?saved=updated')).toBe('/admin/polls/12?saved=updated');
    expect(safeNextPath('/admin/audit?entity=Poll&page=2')).toBe('/admin/audit?entity=Poll&page=2');
    for (const bad of [
      '/admin\r\nSet-Cookie: x=1',
      '/admin/\n',
      '/admin/../api/v1/polls',
      '/admin/./users',
      '/admin/%2e%2e/x',
      '/admin/..',
      '/adminx',
      '/admin\\evil',
      '/admin/users?x=\r\n',
      '/admin/' + 'a'.repeat(600),
    ]) {
      expect(safeNextPath(bad)).toBe('/admin');
    }
  });
});

describe('ZAuditFilter', () => {
  it('treats blanks as "any" and validates dates', () => {
    expect(ZAuditFilter.parse({ entity: '', action: 'update', userId: '2', from: '2026-01-01', to: '', page: '' })).toEqual({
      action: 'update',
      userId: 2,
      from: '2026-01-01',
      page: 1,
    });
    expect(fieldsOf(ZAuditFilter.safeParse({ from: '01/02/2026' }))).toEqual(['from']);
  });
});
