/**
 * The server the Playwright suite runs against: a fresh SQLite file (removed first, so every run
 * starts from the demo seed) or the fresh PostgreSQL database scripts/e2e-postgres.ts created, then
 * the same path as `npm start` (migrate, seed, build if needed, serve).
 */
import { rmSync } from 'node:fs';
import { resolveDatabaseUrl } from '@/lib/db/url';
import { bin, run } from './lib/run';

const resolved = resolveDatabaseUrl(process.env.DATABASE_URL);
if (resolved.provider === 'sqlite' && resolved.filePath !== ':memory:') {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(resolved.filePath + suffix, { force: true });
}
process.exitCode = await run(process.execPath, [bin('tsx'), 'scripts/start.ts']);
