import { describe, expect, it } from 'vitest';
import { pageCacheKey, type PageRequestInfo } from '@/lib/http/page-cache';

const req = (url: string): PageRequestInfo => ({ method: 'GET', url, header: (n) => (n === 'accept' ? 'text/html' : undefined), signedIn: false });
const key = (url: string) => pageCacheKey(req(url))?.key;

/**
 * A page as of a release is a different page (issue #17): a reader who opened `/?release=…` must
 * not be served that frozen view at `/` from the finished-page cache, nor the reverse.
 */
describe('page cache key: ?release= and ?window=', () => {
  it.each(['/', '/questions/kuril-transfer', '/polls/7', '/pollsters/levada-center', '/indicators/russia-japan-trade', '/compare?question=kuril-transfer'])(
    '%s differs as of a release',
    (path) => {
      const sep = path.includes('?') ? '&' : '?';
      expect(key(`${path}${sep}release=2026.12.1`)).toBeDefined();
      expect(key(`${path}${sep}release=2026.12.1`)).not.toBe(key(path));
      expect(key(`${path}${sep}release=2026.12.1`)).not.toBe(key(`${path}${sep}release=2026.12.2`));
      expect(key(`${path}${sep}release=2026.12.1`)).toBe(key(`${path}${sep}release=2026.12.1&utm_source=x`));
    },
  );

  it('keys the pollster page by its accuracy window', () => {
    expect(key('/pollsters/levada-center?window=180')).not.toBe(key('/pollsters/levada-center'));
  });
});
