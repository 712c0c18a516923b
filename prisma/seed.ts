/** `npm run db:seed`: load the demo data (idempotent; see lib/seed/demo.ts). */
import { createDbClient } from '@/lib/db';
import { seedDemo } from '@/lib/seed/demo';
import { seedElections } from '@/lib/seed/elections';

const db = createDbClient();
try {
  const started = performance.now();
  const summary = await seedDemo(db);
  const elections = await seedElections(db);
  if (elections.pollsCreated + elections.outcomesCreated > 0) {
    console.log(`db:seed: 2008 election topic: ${elections.pollsCreated} polls, ${elections.outcomesCreated} outcomes`);
  }
  const ms = Math.round(performance.now() - started);
  if (summary.pollsCreated + summary.observationsCreated === 0) {
    console.log(`db:seed: demo data already present, nothing to do (${ms} ms)`);
  } else {
    console.log(`db:seed: created ${summary.pollsCreated} polls and ${summary.observationsCreated} observations (${ms} ms)`);
  }
} catch (error) {
  console.error(`db:seed failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
