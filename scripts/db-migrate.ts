/**
 * `npm run db:migrate -- --name add_x`: diff prisma/migrations against prisma/schema.prisma (on an
 * in-memory shadow database, with the wasm schema engine, offline) and write
 * prisma/migrations/<YYYYMMDDHHMMSS>_add_x/migration.sql if the schema changed. Does not apply it:
 * run `npm run db:deploy` afterwards. Exit 0 on success (including "no schema changes"), 1 on
 * failure, 2 on bad arguments.
 */
import { DEFAULT_DATABASE_URL } from '@/lib/db-url';
import { createMigration } from '@/lib/migrations/create';
import { describeEngineError } from '@/lib/migrations/errors';

const USAGE = 'Usage: npm run db:migrate -- --name <migration_name> [--schema prisma/schema.prisma]';

class UsageError extends Error {}

function parseArgs(args: string[]): { name: string; schemaPath?: string } | 'help' {
  let name: string | undefined;
  let schemaPath: string | undefined;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (arg === '--help' || arg === '-h') return 'help';
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag !== '--name' && flag !== '-n' && flag !== '--schema') throw new UsageError(`unexpected argument ${arg}`);
    const value = inline ?? args[(i += 1)];
    if (value === undefined || value === '' || value.startsWith('-')) throw new UsageError(`${flag} needs a value`);
    if (flag === '--schema') schemaPath = value;
    else name = value;
  }
  if (name === undefined) throw new UsageError('missing --name');
  return { name, schemaPath };
}

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`db:migrate: ${error.message}. ${USAGE}`);
    return 2;
  }
  if (parsed === 'help') {
    console.log(USAGE);
    return 0;
  }

  const started = performance.now();
  const result = await createMigration({
    databaseUrl: process.env.DATABASE_URL || DEFAULT_DATABASE_URL,
    name: parsed.name,
    schemaPath: parsed.schemaPath,
  });
  const elapsed = Math.round(performance.now() - started);
  if (!result.created) {
    console.log(`db:migrate: no schema changes, nothing written (${elapsed} ms)`);
  } else {
    const relative = result.scriptPath.startsWith(process.cwd()) ? result.scriptPath.slice(process.cwd().length + 1) : result.scriptPath;
    console.log(`db:migrate: wrote ${relative} (${elapsed} ms). Apply it with: npm run db:deploy`);
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`db:migrate: ${describeEngineError(error).replace(/\s*\n\s*/g, ' ')}`);
    process.exitCode = 1;
  },
);
