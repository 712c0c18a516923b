/**
 * `npm run db:import -- polls.csv` — load a polls dump (from /api/v1/export/polls.csv or
 * `npm run db:export`) into DATABASE_URL: one transaction, idempotent upserts, every problem reported
 * with its row and column, nothing saved when anything is wrong (lib/import/polls-dump.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createDbClient } from '@/lib/db';
import { getEnv } from '@/lib/config/env';
import { CsvImportError, importPollDumpCsv } from '@/lib/import/polls-dump';

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file || process.argv.length > 3) {
    console.error('usage: npm run db:import -- <polls.csv>');
    process.exitCode = 2;
    return;
  }
  const text = readFileSync(file, 'utf8');
  const db = createDbClient(getEnv().DATABASE_URL);
  try {
    const summary = await importPollDumpCsv(db, text, { source: `db:import ${path.basename(file)}` });
    console.log(
      `db:import: ${summary.rows} rows, ${summary.polls} polls (${summary.pollsCreated} created, ${summary.pollsUpdated} updated), ` +
        `${summary.pollsters} pollsters, ${summary.questions} questions`,
    );
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof CsvImportError ? error.message : `db:import: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
