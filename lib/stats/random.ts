/**
 * mulberry32 (Tommy Ettinger, public domain): a tiny seeded PRNG, uniform [0, 1), so a bootstrap
 * interval or a simulation gives the same numbers on every run.
 *
 * @example const u = seededRandom(42); u() // 0.6011037519201636
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal deviate by Box–Muller from a uniform source. */
export function normalDeviate(u: () => number): number {
  const a = Math.max(u(), 1e-300);
  return Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * u());
}
