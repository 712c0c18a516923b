import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, createNonce, securityHeaderRules } from '@/lib/http/security-headers';

describe('security headers (issue #15, finding 6)', () => {
  it('frames admin nowhere, the site only by itself, embeds anywhere', () => {
    expect(contentSecurityPolicy({ frame: 'none', nonce: 'abc' })).toContain("frame-ancestors 'none'");
    expect(contentSecurityPolicy({ frame: 'self' })).toContain("frame-ancestors 'self'");
    expect(contentSecurityPolicy({ frame: 'any' })).toContain('frame-ancestors *');
  });

  it('uses the nonce with strict-dynamic when there is one, and never allows eval in production', () => {
    const admin = contentSecurityPolicy({ frame: 'none', nonce: 'n0nce' });
    expect(admin).toContain("script-src 'self' 'nonce-n0nce' 'strict-dynamic'");
    expect(admin).not.toContain('unsafe-eval');
    expect(contentSecurityPolicy({ frame: 'self', dev: true })).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy({ frame: 'self' })).toContain("object-src 'none'");
  });

  it('makes a fresh 128-bit nonce each time', () => {
    const a = createNonce();
    expect(Buffer.from(a, 'base64')).toHaveLength(16);
    expect(createNonce()).not.toBe(a);
  });

  it('has the site rule skip /admin and /embed (their own rules apply there)', () => {
    const site = securityHeaderRules().find((r) => r.headers.some((h) => h.key === 'X-Frame-Options' && h.value === 'SAMEORIGIN'));
    const pattern = new RegExp(`^/${/\((.*)\)$/.exec(site?.source.replace('/:path', '') ?? '')?.[1] ?? 'x'}$`);
    expect(['/', '/questions/a', '/api/v1/questions', '/administer', '/embedded'].every((p) => pattern.test(p))).toBe(true);
    expect(['/admin', '/admin/users', '/embed/questions/a/trend'].some((p) => pattern.test(p))).toBe(false);
  });
});
