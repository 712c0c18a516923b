/**
 * A stand-in for Next's request scope in Vitest. Server actions read cookies and headers only
 * through `next/headers` (lib/auth/session.ts); a test file replaces that module with this one:
 *
 *   vi.mock('next/headers', async () => (await import('../support/request-context')).nextHeadersMock);
 *
 * The database stays real. `requestContext.cookies` is what the "browser" sends; writes from
 * actions land in it too, as a browser would store them.
 */
export interface CookieEntry {
  name: string;
  value: string;
  options?: Record<string, unknown>;
}

export const requestContext = {
  cookies: new Map<string, CookieEntry>(),
  headers: new Headers({ 'user-agent': 'vitest', 'x-forwarded-for': '203.0.113.7' }),
  reset(): void {
    this.cookies.clear();
    this.headers = new Headers({ 'user-agent': 'vitest', 'x-forwarded-for': '203.0.113.7' });
  },
};

const cookieStore = {
  get(name: string) {
    const entry = requestContext.cookies.get(name);
    return entry && entry.value !== '' ? { name, value: entry.value } : undefined;
  },
  getAll() {
    return [...requestContext.cookies.values()].map(({ name, value }) => ({ name, value }));
  },
  has(name: string) {
    return requestContext.cookies.has(name);
  },
  set(name: string, value: string, options?: Record<string, unknown>) {
    requestContext.cookies.set(name, { name, value, options });
    return cookieStore;
  },
  delete(name: string) {
    requestContext.cookies.delete(name);
    return cookieStore;
  },
};

export const nextHeadersMock = {
  cookies: async () => cookieStore,
  headers: async () => requestContext.headers,
};

/**
 * `next/cache`'s refresh/revalidate functions need Next's action scope; in Vitest they only record
 * that they were called:  vi.mock('next/cache', async () => (await import('…/request-context')).nextCacheMock);
 */
export const cacheCalls: { fn: string; args: unknown[] }[] = [];
export const nextCacheMock = {
  refresh: (...args: unknown[]) => void cacheCalls.push({ fn: 'refresh', args }),
  revalidatePath: (...args: unknown[]) => void cacheCalls.push({ fn: 'revalidatePath', args }),
  revalidateTag: (...args: unknown[]) => void cacheCalls.push({ fn: 'revalidateTag', args }),
  updateTag: (...args: unknown[]) => void cacheCalls.push({ fn: 'updateTag', args }),
};

/** The thrown value of Next's redirect(): its digest carries the target URL. */
export function redirectTarget(error: unknown): string | null {
  const digest = (error as { digest?: unknown } | null)?.digest;
  if (typeof digest !== 'string' || !digest.startsWith('NEXT_REDIRECT')) return null;
  return digest.split(';')[2] ?? null;
}
