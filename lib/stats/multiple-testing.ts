import { StatsError } from './errors';

/**
 * Benjamini–Hochberg adjusted p-values (q-values) for m tests: sort p ascending,
 * q_(i) = min_{j ≥ i} min(1, m·p_(j)/j). Declaring "real" every test with q < α keeps the
 * expected share of false discoveries among them at most α (for independent or positively
 * dependent tests). Returns q in the input order. O(m log m).
 *
 * Reference: Y. Benjamini & Y. Hochberg (1995), "Controlling the false discovery rate: a practical
 * and powerful approach to multiple testing", JRSS B 57:289–300.
 *
 * @example benjaminiHochberg([0.01, 0.04, 0.03, 0.2]) // [0.04, 0.0533…, 0.0533…, 0.2]
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  for (const p of pValues) if (!(p >= 0 && p <= 1)) throw new StatsError('INVALID_INPUT', `p-values must be in [0, 1], got ${p}`);
  const order = pValues.map((_, i) => i).sort((a, b) => (pValues[a] ?? 0) - (pValues[b] ?? 0));
  const q = new Array<number>(m).fill(1);
  let running = 1;
  for (let r = m - 1; r >= 0; r--) {
    const i = order[r] ?? 0;
    running = Math.min(running, ((pValues[i] ?? 1) * m) / (r + 1), 1);
    q[i] = running;
  }
  return q;
}
