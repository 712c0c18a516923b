/** `npm run dev` runs this first: migrate and seed (once) the database of DATABASE_URL. */
import { oneLine } from '@/lib/db/errors';
import { getEnv } from '@/lib/config/env';
import { prepareDatabase } from './lib/prepare-database';

prepareDatabase({ databaseUrl: getEnv().DATABASE_URL }).catch((error: unknown) => {
  console.error(`prepare-db: ${oneLine(error)}`);
  process.exitCode = 1;
});
