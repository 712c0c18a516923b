/**
 * `npm run test:e2e:pg`: the Playwright suite again, against PostgreSQL. Starts a throwaway cluster
 * (scripts/lib/postgres-cluster.ts), creates a fresh database, runs `playwright test` with
 * E2E_DATABASE_URL pointing at it: scripts/e2e-server.ts migrates and seeds it as the template, copies
 * it (`CREATE DATABASE … TEMPLATE`) into one database per app server and starts them, including a
 * second `next start` on the admin database on E2E_SECOND_PORT (3302) for tests/e2e/scale-out.spec.ts,
 * which runs only here. Then it stops the cluster and removes its files.
 * tests/e2e/visual.spec.ts does not run here: its pixel baselines are compared in the SQLite run.
 * Extra arguments go to Playwright. Exit 0 when PostgreSQL binaries are missing (skipped, and says so).
 */
import { POSTGRES_MISSING_MESSAGE, postgresAvailable, startPostgresCluster } from './lib/postgres-cluster';
import { bin, run } from './lib/run';

async function main(): Promise<number> {
  if (!postgresAvailable()) {
    console.log(`e2e-postgres: ${POSTGRES_MISSING_MESSAGE}`);
    return 0;
  }
  const cluster = await startPostgresCluster();
  const stop = () => {
    void cluster.stop();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const url = await cluster.createDatabase('pollboard_e2e');
    console.log(`e2e-postgres: throwaway cluster on 127.0.0.1:${cluster.port}, database ${new URL(url).pathname.slice(1)}`);
    return await run(bin('playwright'), ['test', ...process.argv.slice(2)], {
      ...process.env,
      E2E_DATABASE_URL: url,
      E2E_SECOND_PORT: process.env.E2E_SECOND_PORT ?? '3302',
      NEXT_TELEMETRY_DISABLED: '1',
    });
  } finally {
    await cluster.stop();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`e2e-postgres: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
