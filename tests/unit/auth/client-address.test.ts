import { describe, expect, it } from 'vitest';
import { clientAddress } from '@/lib/auth/client-address';
import { ZEnv } from '@/lib/config/env';

describe('clientAddress (issue #15, finding 5)', () => {
  it('reads X-Forwarded-For from the right, past the trusted proxies', () => {
    // nginx `$proxy_add_x_forwarded_for` appends the address it saw; the client wrote the rest.
    expect(clientAddress('10.0.0.1, 203.0.113.66', 1)).toBe('203.0.113.66');
    expect(clientAddress('1.1.1.1, 2.2.2.2, 203.0.113.66', 1)).toBe('203.0.113.66');
    // Two proxies (a CDN, then nginx): the CDN's entry is the client.
    expect(clientAddress('10.0.0.1, 203.0.113.66, 192.0.2.10', 2)).toBe('203.0.113.66');
  });

  it('cannot be steered by a prefix the client sends', () => {
    const seen = new Set(Array.from({ length: 30 }, (_, i) => clientAddress(`172.16.${i}.${i}, 203.0.113.77`, 1)));
    expect([...seen]).toEqual(['203.0.113.77']);
  });

  it('without a proxy uses the last entry (the socket address next start writes when the header is absent)', () => {
    expect(clientAddress('127.0.0.1', 0)).toBe('127.0.0.1');
    expect(clientAddress('9.9.9.9, 127.0.0.1', 0)).toBe('127.0.0.1');
  });

  it('takes the leftmost entry when there are fewer entries than proxies, and null for nothing', () => {
    expect(clientAddress('203.0.113.5', 3)).toBe('203.0.113.5');
    expect(clientAddress(null, 1)).toBeNull();
    expect(clientAddress(' , ', 1)).toBeNull();
    expect(clientAddress(`${'a'.repeat(500)}`, 1)).toHaveLength(64);
  });
});

describe('TRUSTED_PROXIES', () => {
  it('defaults to 0 and accepts a small whole number', () => {
    expect(ZEnv.parse({}).TRUSTED_PROXIES).toBe(0);
    expect(ZEnv.parse({ TRUSTED_PROXIES: '2' }).TRUSTED_PROXIES).toBe(2);
  });

  it('rejects anything else with a message naming the rule', () => {
    for (const bad of ['-1', '1.5', 'yes', '11']) {
      const parsed = ZEnv.safeParse({ TRUSTED_PROXIES: bad });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.path).toEqual(['TRUSTED_PROXIES']);
    }
  });
});
