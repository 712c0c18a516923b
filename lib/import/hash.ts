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
  return hexOf(h2 >>> 0, h1 >>> 0);
}

const HEX = '0123456789abcdef';

/**
 * 16 hex digits in one flat string. (Joining two 8-digit halves makes a V8 cons string: three heap
 * objects where one will do, and an import plan keeps three of these per poll.)
 */
function hexOf(high: number, low: number): string {
  const codes = new Array<number>(16);
  for (let i = 0; i < 8; i += 1) {
    codes[7 - i] = HEX.charCodeAt((high >>> (4 * i)) & 15);
    codes[15 - i] = HEX.charCodeAt((low >>> (4 * i)) & 15);
  }
  return String.fromCharCode(...codes);
}

/**
 * A copy of a string as one flat string, sharing nothing with where it came from (neither a V8 cons
 * string of its parts nor a slice of a larger string), for strings kept long.
 */
export function flat(text: string): string {
  if (text.length > 256) return JSON.parse(JSON.stringify(text)) as string;
  const codes = new Array<number>(text.length);
  for (let i = 0; i < text.length; i += 1) codes[i] = text.charCodeAt(i);
  return String.fromCharCode(...codes);
}

/** The key a mapping is remembered under: the same columns in any order are the same file shape. */
export function shapeKey(headers: readonly string[]): string {
  const sorted = headers.map((h) => h.trim().toLowerCase()).sort();
  return `shape:${hash64(sorted.join('\u0000'))}`;
}
