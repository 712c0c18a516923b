import { describe, expect, it } from 'vitest';
import { PASSWORD_COMMON_MESSAGE, PASSWORD_EMAIL_MESSAGE, PASSWORD_REPETITIVE_MESSAGE, passwordPolicyProblem } from '@/lib/auth/password-policy';
import { ZUserCreateInput } from '@/lib/schemas/user';
import { ZSetupInput } from '@/lib/schemas/auth';

describe('passwordPolicyProblem (issue #15, finding 7)', () => {
  it("refuses the pen test's examples", () => {
    expect(passwordPolicyProblem('aaaaaaaaaaaa', 'ana@example.org')).toBe(PASSWORD_REPETITIVE_MESSAGE);
    expect(passwordPolicyProblem('password1234', 'ana@example.org')).toBe(PASSWORD_COMMON_MESSAGE);
    expect(passwordPolicyProblem('ana@example.org', 'ana@example.org')).toBe(PASSWORD_EMAIL_MESSAGE);
  });

  it('refuses common passwords whatever the case or a forced suffix, and short repeated patterns', () => {
    expect(passwordPolicyProblem('QWERTYUIOP12')).toBe(PASSWORD_COMMON_MESSAGE);
    expect(passwordPolicyProblem('iloveyou2024!')).toBe(PASSWORD_COMMON_MESSAGE);
    expect(passwordPolicyProblem('121212121212')).not.toBeNull();
    expect(passwordPolicyProblem('abcabcabcabc')).toBe(PASSWORD_REPETITIVE_MESSAGE);
  });

  it('refuses the email or its name part inside the password', () => {
    expect(passwordPolicyProblem('my name is ana.lopez!', 'Ana.Lopez@example.org')).toBe(PASSWORD_EMAIL_MESSAGE);
    // A name part shorter than 3 characters is too common a substring to forbid.
    expect(passwordPolicyProblem('a long quiet evening', 'al@example.org')).toBeNull();
  });

  it('accepts ordinary passphrases', () => {
    for (const p of ['correct horse battery staple', 'a long reliability passphrase', 'Kuril islands 1956 declaration']) {
      expect(passwordPolicyProblem(p, 'ana@example.org')).toBeNull();
    }
  });

  it('is part of the create-user and setup schemas, on the password field', () => {
    const created = ZUserCreateInput.safeParse({ email: 'ana@example.org', role: 'editor', password: 'password1234' });
    expect(created.success).toBe(false);
    expect(created.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['password', PASSWORD_COMMON_MESSAGE]]);
    const setup = ZSetupInput.safeParse({ token: 't', email: 'ana@example.org', password: 'ana@example.org!', confirm: 'ana@example.org!' });
    expect(setup.error?.issues.map((i) => i.message)).toContain(PASSWORD_EMAIL_MESSAGE);
  });
});
