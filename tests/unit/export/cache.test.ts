import { describe, expect, it } from 'vitest';
import { cacheHeaders, etagMatches, isNotModified, notModified, validatorsFor } from '@/lib/http/cache';

const version = { token: 'abc', lastModified: new Date('2026-11-28T10:00:00.750Z') };

function req(headers: Record<string, string>, method = 'GET'): Request {
  return new Request('http://localhost/api/v1/export/polls.csv', { method, headers });
}

describe('HTTP cache validators', () => {
  it('makes weak ETags that differ per representation and per data version', () => {
    const a = validatorsFor(version, 'polls', 'csv');
    expect(a.etag).toMatch(/^W\/"[A-Za-z0-9_-]{27}"$/);
    expect(validatorsFor(version, 'polls', 'csv').etag).toBe(a.etag);
    expect(validatorsFor(version, 'polls', 'json').etag).not.toBe(a.etag);
    expect(validatorsFor({ ...version, token: 'abd' }, 'polls', 'csv').etag).not.toBe(a.etag);
  });

  it('compares entity tags weakly, in lists and with *', () => {
    expect(etagMatches('W/"x"', 'W/"x"')).toBe(true);
    expect(etagMatches('"x"', 'W/"x"')).toBe(true);
    expect(etagMatches('"y", W/"x"', 'W/"x"')).toBe(true);
    expect(etagMatches('*', 'W/"x"')).toBe(true);
    expect(etagMatches('W/"y"', 'W/"x"')).toBe(false);
    expect(etagMatches('', 'W/"x"')).toBe(false);
  });

  it('answers 304 on a matching If-None-Match, which wins over If-Modified-Since', () => {
    const v = validatorsFor(version, 'x');
    expect(isNotModified(req({ 'if-none-match': v.etag }), v)).toBe(true);
    expect(isNotModified(req({ 'if-none-match': v.etag }, 'HEAD'), v)).toBe(true);
    expect(isNotModified(req({ 'if-none-match': v.etag }, 'POST'), v)).toBe(false);
    // RFC 9110 §13.2.2: If-Modified-Since is ignored when If-None-Match is present.
    expect(isNotModified(req({ 'if-none-match': 'W/"old"', 'if-modified-since': 'Sat, 28 Nov 2026 12:00:00 GMT' }), v)).toBe(false);
  });

  it('answers 304 on If-Modified-Since at or after Last-Modified (whole seconds)', () => {
    const v = validatorsFor(version, 'x');
    expect(isNotModified(req({ 'if-modified-since': 'Sat, 28 Nov 2026 10:00:00 GMT' }), v)).toBe(true);
    expect(isNotModified(req({ 'if-modified-since': 'Sat, 28 Nov 2026 11:00:00 GMT' }), v)).toBe(true);
    expect(isNotModified(req({ 'if-modified-since': 'Sat, 28 Nov 2026 09:59:59 GMT' }), v)).toBe(false);
    expect(isNotModified(req({ 'if-modified-since': 'not a date' }), v)).toBe(false);
    expect(isNotModified(req({}), v)).toBe(false);
    expect(isNotModified(req({ 'if-modified-since': 'Sat, 28 Nov 2026 11:00:00 GMT' }), { ...v, lastModified: null })).toBe(false);
  });

  it('sends ETag, Last-Modified and Cache-Control, and a bodiless 304', async () => {
    const v = validatorsFor(version, 'x');
    expect(cacheHeaders(v)).toEqual({ ETag: v.etag, 'Last-Modified': 'Sat, 28 Nov 2026 10:00:00 GMT', 'Cache-Control': 'public, no-cache' });
    const res = notModified(v, { 'X-Extra': '1' });
    expect(res.status).toBe(304);
    expect(res.headers.get('etag')).toBe(v.etag);
    expect(res.headers.get('x-extra')).toBe('1');
    expect(await res.text()).toBe('');
  });
});
