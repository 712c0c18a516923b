/** `npm run dev` runs this first: migrate and seed (once) the database of DATABASE_URL. */
import { getEnv } from '@/lib/env';
import { prepareDatabase } from './lib/prepare-database';

prepareDatabase({ databaseUrl: getEnv().DATABASE_URL }).catch((error: unknown) => {
  console.error(`prepare-db: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
