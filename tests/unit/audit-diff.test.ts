import { describe, expect, it } from 'vitest';
import { auditJson } from '@/lib/audit/record';
import { diffAudit } from '@/lib/audit/diff';

describe('audit JSON and diff', () => {
  it('redacts secrets and writes dates as ISO strings', () => {
    const json = auditJson({ email: 'a@b.org', passwordHash: 'scrypt$…', when: new Date('2026-01-02T03:04:05Z'), nested: { token: 'x' } });
    expect(JSON.parse(json ?? '')).toEqual({ email: 'a@b.org', passwordHash: '[redacted]', when: '2026-01-02T03:04:05.000Z', nested: { token: '[redacted]' } });
    expect(auditJson(undefined)).toBeNull();
  });

  it('lists changed, added and removed fields, ignoring updatedAt', () => {
    const before = JSON.stringify({ sampleSize: 1600, mode: 'face-to-face', notes: 'x', updatedAt: '1', meta: { a: 1 } });
    const after = JSON.stringify({ sampleSize: 1601, mode: 'face-to-face', updatedAt: '2', meta: { a: 2 }, weighting: 'census' });
    expect(diffAudit(before, after)).toEqual([
      { path: 'sampleSize', kind: 'changed', before: '1600', after: '1601' },
      { path: 'notes', kind: 'removed', before: '"x"' },
      { path: 'meta.a', kind: 'changed', before: '1', after: '2' },
      { path: 'weighting', kind: 'added', after: '"census"' },
    ]);
  });

  it('shows every field of a create and nothing for an empty event', () => {
    expect(diffAudit(null, JSON.stringify({ id: 1 }))).toEqual([{ path: 'id', kind: 'added', after: '1' }]);
    expect(diffAudit(null, null)).toEqual([]);
  });
});
