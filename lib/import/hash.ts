/**
 * A 64-bit string hash (two 32-bit multiply-xorshift lanes, after cyrb53) as 16 hex digits.
 * Isomorphic (the browser computes the same keys as the server), fast, and stable across runs; used
 * for keys, never for secrets. 64 bits keep accidental collisions negligible for any realistic
 * number of imported rows.
 */
export function hash64(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}

/** The key a mapping is remembered under: the same columns in any order are the same file shape. */
export function shapeKey(headers: readonly string[]): string {
  const sorted = headers.map((h) => h.trim().toLowerCase()).sort();
  return `shape:${hash64(sorted.join('\u0000'))}`;
}
