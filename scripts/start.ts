/**
 * `npm start`: everything a fresh clone needs, then serve. Generates the Prisma client if missing,
 * migrates the database (DATABASE_URL, default file:./data/pollboard.db), seeds the demo data once,
 * builds when the sources changed since the last build, and runs `next start` on PORT (3000).
 */
import { existsSync } from 'node:fs';
import { oneLine } from '@/lib/db/errors';
import { getEnv } from '@/lib/config/env';
import { ensureBuild } from './lib/ensure-build';
import { prepareDatabase } from './lib/prepare-database';
import { bin, run } from './lib/run';

async function main(): Promise<number> {
  const env = getEnv();
  if (!existsSync('lib/generated/prisma/client.ts')) {
    const code = await run(process.execPath, [bin('tsx'), 'scripts/db-generate.ts']);
    if (code !== 0) return code;
  }
  await prepareDatabase({ databaseUrl: env.DATABASE_URL });
  await ensureBuild();
  console.log(`Pollboard: serving http://localhost:${env.PORT} (database ${env.DATABASE_URL})`);
  return run(bin('next'), ['start', '-p', String(env.PORT)], { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`start: ${oneLine(error)}`);
    process.exitCode = 1;
  },
);
