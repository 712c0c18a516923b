/**
 * `npm run admin:create -- --email a@example.org --password '…' [--role admin|editor] [--name 'Ana']`
 * Create a user in DATABASE_URL (migrating it first). Flags left out are asked for when stdin is a
 * terminal (the password without echo, twice); otherwise they are an error. Exit codes: 0 created,
 * 1 failure (e.g. email taken), 2 bad arguments or input.
 */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { createUserRecord } from '@/lib/auth/create-user';
import { createDbClient } from '@/lib/db';
import { getEnv } from '@/lib/config/env';
import { isAppError } from '@/lib/errors/app-error';
import { deployMigrations } from '@/lib/migrations/deploy';

const USAGE = "Usage: npm run admin:create -- --email <email> [--password '<12+ characters>'] [--role admin|editor] [--name '<name>']";
const FLAGS = ['email', 'password', 'role', 'name'] as const;
type Flag = (typeof FLAGS)[number];

class UsageError extends Error {}

function parseArgs(args: string[]): Partial<Record<Flag, string>> | 'help' {
  const out: Partial<Record<Flag, string>> = {};
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (arg === '--help' || arg === '-h') return 'help';
    const eq = arg.indexOf('=');
    const flag = (eq >= 0 ? arg.slice(2, eq) : arg.slice(2)) as Flag;
    if (!arg.startsWith('--') || !FLAGS.includes(flag)) throw new UsageError(`unexpected argument ${arg}`);
    const value = eq >= 0 ? arg.slice(eq + 1) : args[(i += 1)];
    if (value === undefined) throw new UsageError(`--${flag} needs a value`);
    out[flag] = value;
  }
  return out;
}

/** Ask one question; with `secret`, typed characters are not echoed. */
function ask(question: string, secret = false): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (!muted) process.stdout.write(chunk);
      callback();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      if (secret) process.stdout.write('\n');
      resolve(answer);
    });
    muted = secret;
  });
}

async function main(): Promise<number> {
  let flags: ReturnType<typeof parseArgs>;
  try {
    flags = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`admin:create: ${error.message}. ${USAGE}`);
    return 2;
  }
  if (flags === 'help') {
    console.log(USAGE);
    return 0;
  }
  const interactive = Boolean(process.stdin.isTTY);
  if (flags.email === undefined) {
    if (!interactive) {
      console.error(`admin:create: missing --email (stdin is not a terminal, so it cannot be asked for). ${USAGE}`);
      return 2;
    }
    flags.email = await ask('Email: ');
  }
  if (flags.password === undefined) {
    if (!interactive) {
      console.error(`admin:create: missing --password (stdin is not a terminal, so it cannot be asked for). ${USAGE}`);
      return 2;
    }
    const first = await ask('Password (at least 12 characters, not shown): ', true);
    const second = await ask('Repeat the password: ', true);
    if (first !== second) {
      console.error('admin:create: the two passwords differ; nothing was created.');
      return 2;
    }
    flags.password = first;
  }

  const env = getEnv();
  // Safe while the server runs on the same file: skips when nothing is pending, waits for the lock otherwise.
  await deployMigrations({ databaseUrl: env.DATABASE_URL, log: (line) => console.log(`admin:create: ${line}`) });
  const db = createDbClient(env.DATABASE_URL);
  try {
    const user = await createUserRecord(db, { email: flags.email, password: flags.password, role: flags.role ?? 'admin', name: flags.name });
    console.log(`admin:create: created ${user.role} ${user.email} (id ${user.id}). Log in at /admin/login.`);
    return 0;
  } catch (error) {
    if (isAppError(error, 'VALIDATION')) {
      const lines = Object.entries(error.fieldErrors ?? {}).map(([field, messages]) => `  --${field}: ${messages.join(' ')}`);
      console.error(`admin:create: nothing was created.\n${lines.join('\n')}`);
      return error.fieldErrors?.email?.some((m) => m.includes('already exists')) ? 1 : 2;
    }
    throw error;
  } finally {
    await db.$disconnect();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`admin:create: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
