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
  // Idle keep-alive sockets are kept 65 s (Node's default is 5 s): a client that reuses a socket the
  // server has just timed out gets a reset instead of an answer, and after any pause of the server
  // longer than the timeout every such socket is closed at once (seen as 'fetch failed' in the
  // import bench). 65 s also outlasts the 60 s idle timeout of common proxies and load balancers.
  return run(bin('next'), ['start', '-p', String(env.PORT), '--keepAliveTimeout', '65000'], {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
  });
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
