import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const INPUTS = [
  'app',
  'components',
  'lib',
  'public',
  'proxy.ts',
  'instrumentation.ts',
  'next.config.ts',
  'package-lock.json',
  'postcss.config.mjs',
  'tsconfig.json',
  'prisma/schema.prisma',
];
// bench-page.html: written and removed by npm run bench while a build is current.
const SKIP = new Set(['node_modules', '.next', 'generated', 'bench-page.html']);
const STAMP = path.join('.next', 'pollboard-build-stamp');

function walk(entry: string, files: string[]): void {
  if (!existsSync(entry)) return;
  const stat = statSync(entry);
  if (stat.isFile()) {
    files.push(entry);
    return;
  }
  for (const name of readdirSync(entry).sort()) {
    if (!SKIP.has(name)) walk(path.join(entry, name), files);
  }
}

/** Hash of every file the production build depends on: a changed source means a rebuild. */
export function sourceHash(root: string = process.cwd()): string {
  const files: string[] = [];
  for (const input of INPUTS) walk(path.join(root, input), files);
  const hash = createHash('sha256');
  for (const f of files) {
    hash.update(path.relative(root, f));
    hash.update(readFileSync(f));
  }
  return hash.digest('hex');
}

export function buildIsCurrent(root: string = process.cwd()): boolean {
  const stampFile = path.join(root, STAMP);
  if (!existsSync(path.join(root, '.next', 'BUILD_ID')) || !existsSync(stampFile)) return false;
  return readFileSync(stampFile, 'utf8').trim() === sourceHash(root);
}

/**
 * Record the hash of the sources the build was made from. Pass the hash taken *before* the build:
 * a file edited while `next build` runs then leaves the stamp stale, so the next start rebuilds.
 */
export function writeBuildStamp(hash: string, root: string = process.cwd()): void {
  writeFileSync(path.join(root, STAMP), hash);
}
