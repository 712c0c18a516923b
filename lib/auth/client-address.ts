/**
 * The client's address for login throttling, from X-Forwarded-For and the number of trusted
 * proxies (env TRUSTED_PROXIES). Each proxy appends the address it was connected from, so with N
 * proxies the client is the N-th entry from the right; anything to the left of it was written by
 * the client and is ignored (issue #15, finding 5: the first entry was trusted, so a prefix chose
 * the "client"). With no proxy, `next start` writes the socket address into the header only when
 * the request has none, so the last entry is the best there is (and a client that sends its own
 * header can still name itself: run behind a proxy in production, docs/ADMIN.md).
 */
const MAX_ADDRESS_LENGTH = 64;

export function clientAddress(forwardedFor: string | null | undefined, trustedProxies: number): string | null {
  const entries = (forwardedFor ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e.length > 0);
  if (entries.length === 0) return null;
  const index = Math.max(0, entries.length - Math.max(1, trustedProxies));
  const address = entries[index] ?? null;
  return address ? address.slice(0, MAX_ADDRESS_LENGTH) : null;
}
