/**
 * `npm run import:csv -- <file> [--mapping <preset id>|auto] [--encoding <name>|auto] [--pollster <name>]
 * [--question <slug>] [--year <yyyy>] [--all-or-nothing] [--dry-run]` — the wizard's import without a
 * browser, for scripts and scheduled jobs: the same detection (encoding, date order, decimal mark),
 * presets, checks and bulk commit (lib/import). The last line is the identity
 * `rows in N = stored S + refused R + duplicates D`. Exit 0 when nothing was refused, 1 otherwise
 * (or when the file cannot be imported), 2 for bad arguments.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDbClient } from '@/lib/db';
import { getEnv } from '@/lib/config/env';
import { isAppError } from '@/lib/errors/app-error';
import { ENCODING_LABELS, IMPORT_ENCODINGS, type TImportEncoding } from '@/lib/import/encoding';
import { MAX_IMPORT_BYTES } from '@/lib/import/limits';
import { IMPORT_PRESETS } from '@/lib/import/presets';
import { describeIssue, identityLine, importOptions } from '@/lib/import/prepare';
import { ImportInputError, runImport } from '@/lib/import/run';

const USAGE = `usage: npm run import:csv -- <file.csv> [--mapping auto|${IMPORT_PRESETS.map((p) => p.id).join('|')}] [--encoding auto|${IMPORT_ENCODINGS.join('|')}] [--pollster <name>] [--question <slug>] [--year <yyyy>] [--all-or-nothing] [--dry-run]`;

function bad(message: string): never {
  console.error(`import:csv: ${message}\n${USAGE}`);
  process.exit(2);
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        mapping: { type: 'string', default: 'auto' },
        encoding: { type: 'string', default: 'auto' },
        pollster: { type: 'string' },
        question: { type: 'string' },
        year: { type: 'string' },
        'all-or-nothing': { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    bad(e instanceof Error ? e.message : String(e));
  }
  const { values, positionals } = parsed;
  const file = positionals[0];
  if (!file || positionals.length > 1) bad('give exactly one file');
  const encoding = values.encoding ?? 'auto';
  if (encoding !== 'auto' && !(IMPORT_ENCODINGS as readonly string[]).includes(encoding)) bad(`unknown encoding ${encoding}`);
  const mapping = values.mapping ?? 'auto';
  if (mapping !== 'auto' && !IMPORT_PRESETS.some((p) => p.id === mapping)) bad(`unknown mapping ${mapping}`);
  const year = values.year === undefined ? null : Number(values.year);
  if (year !== null && (!Number.isInteger(year) || year < 1800 || year > 2200)) bad('--year needs a year such as 2019');
  if (values.question !== undefined && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(values.question)) bad('--question needs a slug such as trump-approval');
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    bad(`cannot read ${file}`);
  }
  if (size > MAX_IMPORT_BYTES) {
    console.error(`import:csv: ${file} is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB; split it.`);
    return 1;
  }
  const bytes = new Uint8Array(readFileSync(file));
  const db = createDbClient(getEnv().DATABASE_URL);
  const started = performance.now();
  try {
    const {
      plan,
      summary,
      encoding: used,
      mappingSource,
      refusal,
      stored,
    } = await runImport({
      db,
      bytes,
      encoding: encoding as TImportEncoding | 'auto',
      mapping,
      options: importOptions({
        mode: values['all-or-nothing'] ? 'all-or-nothing' : 'valid-rows',
        defaultPollster: values.pollster ?? null,
        questionSlug: values.question,
        firstYear: year,
      }),
      fileName: path.basename(file),
      userId: null,
      dryRun: values['dry-run'],
    });
    console.log(
      `import:csv: ${path.basename(file)}: ${ENCODING_LABELS[used]}; mapping ${mappingSource}; dates ${plan.facts.dateOrderReason}; ${plan.facts.decimalReason}`,
    );
    for (const issue of plan.fileIssues) console.log(`  file: ${describeIssue(issue)}`);
    const refused = plan.outcomes.filter((o) => o.status === 'refused');
    for (const o of refused.slice(0, 50)) console.log(`  refused: ${o.errors.map(describeIssue).join(' ')}`);
    if (refused.length > 50) console.log(`  … ${refused.length - 50} more refused rows`);
    const dups = plan.outcomes.filter((o) => o.status === 'duplicate');
    for (const o of dups.slice(0, 20)) console.log(`  duplicate: row ${o.row} repeats row ${String(o.duplicateOf)}`);
    if (dups.length > 20) console.log(`  … ${dups.length - 20} more duplicates`);
    const seconds = (performance.now() - started) / 1000;
    if (summary) {
      console.log(
        `  ${summary.pollsCreated} polls created, ${summary.alreadyStored} rows already in the database, ${summary.possibleDuplicatesOfStored.length} possible duplicates of stored polls, ${summary.questionsCreated.length} questions and ${summary.pollstersCreated} pollsters created; audit event ${summary.auditId}; ${Math.round(plan.counts.rowsIn / seconds)} rows/s`,
      );
      for (const d of summary.possibleDuplicatesOfStored.slice(0, 20))
        console.log(
          `  possible duplicate: row ${d.row} has the pollster, field dates and question of stored poll ${d.pollId}, with other figures (imported; check it)`,
        );
      console.log(summary.identity);
    } else if (refusal) {
      console.log(`  ${refusal}`);
      const duplicates = plan.counts.duplicates;
      console.log(identityLine({ rowsIn: plan.counts.rowsIn, stored: 0, refused: plan.counts.rowsIn - duplicates, duplicates }));
      return 1;
    } else {
      const already = stored?.alreadyStored ?? 0;
      console.log(
        `  dry run: nothing was written; ${already} rows already in the database, ${stored?.possibleDuplicatesOfStored.length ?? 0} possible duplicates of stored polls`,
      );
      for (const d of stored?.possibleDuplicatesOfStored.slice(0, 20) ?? [])
        console.log(`  possible duplicate: row ${d.row} has the pollster, field dates and question of stored poll ${d.pollId}, with other figures`);
      // Rows the database already holds would be counted as duplicates by the commit.
      console.log(
        identityLine({
          rowsIn: plan.counts.rowsIn,
          stored: plan.counts.stored - already,
          refused: plan.counts.refused,
          duplicates: plan.counts.duplicates + already,
        }),
      );
    }
    return plan.counts.refused === 0 ? 0 : 1;
  } catch (e) {
    if (e instanceof ImportInputError || isAppError(e)) {
      console.error(`import:csv: ${e.message}`);
      return 1;
    }
    throw e;
  } finally {
    await db.$disconnect();
  }
}

main()
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    console.error(`import:csv: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
