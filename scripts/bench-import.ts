/**
 * `npm run bench -- --only=import-fixture`: time the CSV import of tests/fixtures/fte_impeachment_polls.csv (550 rows)
 * on a fresh, migrated SQLite file — the pure part (decode + parse + validate) and the one-transaction
 * write separately, then a re-import (which adds nothing). Prints figures; asserts nothing.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDbClient } from '@/lib/db';
import { commitImport } from '@/lib/import/commit';
import { decodeUtf8 } from '@/lib/import/encoding';
import { importOptions, parseCsv, prepareImport } from '@/lib/import/prepare';
import { suggestMapping } from '@/lib/import/targets';
import { deployMigrations } from '@/lib/migrations/deploy';

const FILE = path.resolve('tests/fixtures/fte_impeachment_polls.csv');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

async function once(run: number): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pollboard-bench-import-'));
  const url = `file:${path.join(dir, 'bench.db')}`;
  try {
    await deployMigrations({ databaseUrl: url });
    const db = createDbClient(url);
    const options = importOptions({ mode: 'valid-rows', questionSlug: 'trump-impeachment', questionTitle: 'Impeach Trump?' });
    const t0 = performance.now();
    const decoded = decodeUtf8(readFileSync(FILE));
    if (!decoded.ok) throw new Error(decoded.message);
    const csv = parseCsv(decoded.text);
    const plan = prepareImport(decoded.text, suggestMapping(csv.headers, csv.rows.slice(0, 500)), options);
    const t1 = performance.now();
    const summary = await commitImport(db, { plan, options, fileName: 'fte_impeachment_polls.csv', userId: null });
    const t2 = performance.now();
    const again = await commitImport(db, { plan, options, fileName: 'fte_impeachment_polls.csv', userId: null });
    const t3 = performance.now();
    await db.$disconnect();
    console.log(
      `run ${run}: validate ${plan.counts.rowsIn} rows ${(t1 - t0).toFixed(0)} ms · write ${summary.pollsCreated} polls in one transaction ${(t2 - t1).toFixed(0)} ms · total ${(t2 - t0).toFixed(0)} ms · re-import (${again.pollsCreated} new) ${(t3 - t2).toFixed(0)} ms · ${summary.identity}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (let i = 1; i <= RUNS; i += 1) await once(i);
