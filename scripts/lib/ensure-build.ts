import { buildIsCurrent, sourceHash, writeBuildStamp } from './build-stamp';
import { bin, run } from './run';

/**
 * `next build` when the sources changed since the last build (or there is none). The stamp records
 * the hash taken before the build, so an edit made during the build triggers the next rebuild.
 * Shared by `npm start`, the e2e server and the benchmark scripts.
 */
export async function ensureBuild(log: (line: string) => void = console.log): Promise<void> {
  if (buildIsCurrent()) return;
  const hash = sourceHash();
  log('build: sources changed since the last build (or no build yet); running next build…');
  const started = performance.now();
  const code = await run(bin('next'), ['build'], { ...process.env, NEXT_TELEMETRY_DISABLED: '1' });
  if (code !== 0) throw new Error(`next build exited with ${code}`);
  writeBuildStamp(hash);
  log(`build: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
