/**
 * `npm run bench -- --only=password`: time hashPassword/verifyPassword at the configured scrypt cost, so the
 * cost can be re-tuned on the deployment machine (aim: roughly 0.1–1 s per hash).
 */
import { SCRYPT_PARAMS } from '@/lib/auth/config';
import { hashPassword, verifyPassword } from '@/lib/auth/password';

const runs = Number(process.argv[2] ?? 5);
const hashMs: number[] = [];
const verifyMs: number[] = [];
for (let i = 0; i < runs; i += 1) {
  let t = performance.now();
  const stored = await hashPassword('benchmark password 12345');
  hashMs.push(performance.now() - t);
  t = performance.now();
  await verifyPassword('benchmark password 12345', stored);
  verifyMs.push(performance.now() - t);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
console.log(
  `scrypt N=${SCRYPT_PARAMS.N} r=${SCRYPT_PARAMS.r} p=${SCRYPT_PARAMS.p} (${(128 * SCRYPT_PARAMS.N * SCRYPT_PARAMS.r) / 2 ** 20} MiB), ${runs} runs, sequential`,
);
console.log(`hash:   median ${median(hashMs).toFixed(0)} ms, min ${Math.min(...hashMs).toFixed(0)} ms, max ${Math.max(...hashMs).toFixed(0)} ms`);
console.log(`verify: median ${median(verifyMs).toFixed(0)} ms, min ${Math.min(...verifyMs).toFixed(0)} ms, max ${Math.max(...verifyMs).toFixed(0)} ms`);
