/**
 * `npm run db:copy -- --from file:./data/pollboard.db --to postgresql://… [--force]`: copy a whole
 * database between SQLite and PostgreSQL (either direction), ids preserved, in one transaction on
 * the target, verified by per-table row counts (printed). Refuses a non-empty target unless
 * --force. Exit 0 on success, 1 on failure, 2 on bad arguments.
 */
import { copyDatabase, DatabaseCopyError, formatCopyReport } from '@/lib/writes/db-copy';
import { DatabaseConnectionError, oneLine } from '@/lib/db/errors';
import { describeEngineError } from '@/lib/migrations/errors';

const USAGE = 'Usage: npm run db:copy -- --from <file:… | postgresql://…> --to <file:… | postgresql://…> [--force] [--batch-size 500]';

class UsageError extends Error {}

function parseArgs(args: string[]): { from: string; to: string; force: boolean; batchSize: number } | 'help' {
  let from: string | undefined;
  let to: string | undefined;
  let force = false;
  let batchSize = 500;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--force') {
      force = true;
      continue;
    }
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag !== '--from' && flag !== '--to' && flag !== '--batch-size') throw new UsageError(`unexpected argument ${arg}`);
    const value = inline ?? args[(i += 1)];
    if (value === undefined || value === '' || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    if (flag === '--from') from = value;
    else if (flag === '--to') to = value;
    else {
      batchSize = Number(value);
      if (!Number.isInteger(batchSize) || batchSize < 1) throw new UsageError('--batch-size must be a positive integer');
    }
  }
  if (from === undefined || to === undefined) throw new UsageError('--from and --to are required');
  return { from, to, force, batchSize };
}

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`db:copy: ${error.message}. ${USAGE}`);
    return 2;
  }
  if (parsed === 'help') {
    console.log(USAGE);
    return 0;
  }
  const report = await copyDatabase({ fromUrl: parsed.from, toUrl: parsed.to, force: parsed.force, batchSize: parsed.batchSize, log: console.log });
  console.log(formatCopyReport(report));
  console.log(
    `db:copy: copied ${report.rows} rows in ${report.tables.length} tables from ${report.from} to ${report.to}; counts match (${report.milliseconds} ms)`,
  );
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const known = error instanceof DatabaseCopyError || error instanceof DatabaseConnectionError;
    console.error(`db:copy: ${known ? oneLine(error) : oneLine(describeEngineError(error))}`);
    process.exitCode = 1;
  },
);
