import path from 'node:path';

export const DEFAULT_DATABASE_URL = 'file:./data/pollboard.db';

export type ResolvedDatabaseUrl = { provider: 'sqlite'; url: string; filePath: string } | { provider: 'postgresql'; url: string };

/**
 * Classify a DATABASE_URL and normalise it. `file:` URLs (and bare paths) are SQLite and are
 * resolved against `cwd` (default `process.cwd()`), so `url` is always `file:<absolute path>`.
 * Query strings on `file:` URLs (e.g. `?connection_limit=1`) are dropped from `filePath`.
 */
export function resolveDatabaseUrl(raw?: string, cwd: string = process.cwd()): ResolvedDatabaseUrl {
  const value = raw === undefined || raw.trim() === '' ? DEFAULT_DATABASE_URL : raw.trim();

  if (/^postgres(ql)?:\/\//i.test(value)) {
    return { provider: 'postgresql', url: value };
  }
  if (value === ':memory:' || value === 'file::memory:') {
    return { provider: 'sqlite', url: ':memory:', filePath: ':memory:' };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && !value.toLowerCase().startsWith('file:')) {
    throw new Error(`Unsupported DATABASE_URL scheme: ${value.split(':')[0] ?? value} (expected file: or postgresql://)`);
  }

  let rest = value.toLowerCase().startsWith('file:') ? value.slice('file:'.length) : value;
  if (rest.startsWith('//')) rest = rest.slice(2); // file:///abs/path -> /abs/path
  const queryIndex = rest.indexOf('?');
  if (queryIndex >= 0) rest = rest.slice(0, queryIndex);
  if (rest === '') throw new Error(`DATABASE_URL has no file path: ${value}`);

  const filePath = path.resolve(cwd, rest);
  return { provider: 'sqlite', url: `file:${filePath}`, filePath };
}
