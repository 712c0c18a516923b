/**
 * Vitest setup file of every project: fast-check draws from one fixed seed, so a property test
 * generates the same cases on every run and machine (a failure reproduces without the printed
 * seed; FC_SEED=<n> explores other cases on purpose).
 */
import fc from 'fast-check';

const seed = Number(process.env.FC_SEED ?? 20_261_130);
if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be a whole number (got "${process.env.FC_SEED}")`);
fc.configureGlobal({ seed });
