import { StatsError } from '../errors';

/**
 * Inverse of a symmetric positive-definite K × K matrix (row-major) by Cholesky factorisation
 * A = LLᵀ, then A⁻¹ = L⁻ᵀL⁻¹. A ridge of 1e-12 × the largest diagonal keeps a nearly singular
 * matrix (a pollster whose polls carry almost no information) invertible. O(K³).
 *
 * Reference: G. H. Golub & C. F. Van Loan (2013), Matrix Computations (4th ed.), §4.2.
 *
 * @example choleskyInverse(Float64Array.from([4, 2, 2, 3]), 2) // → [0.375, −0.25, −0.25, 0.5]
 */
export function choleskyInverse(a: Float64Array, K: number): Float64Array {
  let maxDiag = 0;
  for (let k = 0; k < K; k++) maxDiag = Math.max(maxDiag, a[k * K + k] ?? 0);
  const ridge = 1e-12 * maxDiag;
  const L = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = (a[i * K + j] ?? 0) + (i === j ? ridge : 0);
      for (let k = 0; k < j; k++) sum -= (L[i * K + k] ?? 0) * (L[j * K + k] ?? 0);
      if (i === j) {
        if (!(sum > 0)) throw new StatsError('NOT_COMPUTABLE', 'matrix is not positive definite');
        L[i * K + i] = Math.sqrt(sum);
      } else L[i * K + j] = sum / (L[j * K + j] ?? 1);
    }
  }
  // Linv = L⁻¹ (lower triangular), then A⁻¹ = Linvᵀ Linv.
  const Li = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    Li[i * K + i] = 1 / (L[i * K + i] ?? 1);
    for (let j = 0; j < i; j++) {
      let sum = 0;
      for (let k = j; k < i; k++) sum -= (L[i * K + k] ?? 0) * (Li[k * K + j] ?? 0);
      Li[i * K + j] = sum / (L[i * K + i] ?? 1);
    }
  }
  const inv = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let k = i; k < K; k++) sum += (Li[k * K + i] ?? 0) * (Li[k * K + j] ?? 0);
      inv[i * K + j] = sum;
      inv[j * K + i] = sum;
    }
  }
  return inv;
}
