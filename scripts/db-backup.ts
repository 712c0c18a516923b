/**
 * `npm run db:backup [-- --out <file>]`: a consistent backup of DATABASE_URL while the app runs.
 * SQLite: the online backup API (better-sqlite3 `db.backup()`, same as sqlite3's `.backup`), safe
 * with concurrent writers in WAL mode → backups/pollboard-<UTC timestamp>.db.
 * PostgreSQL: `pg_dump --format=custom` (PATH, else /usr/lib/postgresql/15/bin) → …dump; restore
 * with `pg_restore --clean --no-owner -d <url> <file>`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { checkDatabaseConnection, oneLine } from '@/lib/db/errors';
import { DEFAULT_DATABASE_URL, resolveDatabaseUrl } from '@/lib/db/url';
import { POSTGRES_BIN_DIR } from './lib/postgres-cluster';

function stamp(date = new Date()): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

function pgDumpPath(): string {
  const which = spawnSync('sh', ['-c', 'command -v pg_dump'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim() !== '') return which.stdout.trim();
  const local = path.join(POSTGRES_BIN_DIR, 'pg_dump');
  if (existsSync(local)) return local;
  throw new Error('pg_dump not found: apt-get install -y postgresql-client');
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log('Usage: npm run db:backup [-- --out <file>]   (SQLite online backup or pg_dump of DATABASE_URL)');
    return 0;
  }
  const outIndex = args.indexOf('--out');
  const out = outIndex >= 0 ? args[outIndex + 1] : undefined;
  if ((outIndex >= 0 && !out) || args.length !== (outIndex >= 0 ? 2 : 0)) {
    console.error('db:backup: usage: npm run db:backup [-- --out <file>]');
    return 2;
  }
  const db = resolveDatabaseUrl(process.env.DATABASE_URL || DEFAULT_DATABASE_URL);
  if (db.provider === 'postgresql') await checkDatabaseConnection(db.url);
  else if (!existsSync(db.filePath)) throw new Error(`no SQLite database at ${db.filePath} — check DATABASE_URL`);
  const file = path.resolve(out ?? path.join('backups', `pollboard-${stamp()}.${db.provider === 'sqlite' ? 'db' : 'dump'}`));
  mkdirSync(path.dirname(file), { recursive: true });

  if (db.provider === 'sqlite') {
    const source = new Database(db.filePath, { readonly: true, fileMustExist: true });
    try {
      await source.backup(file);
    } finally {
      source.close();
    }
  } else {
    const result = spawnSync(pgDumpPath(), ['--format=custom', '--no-owner', '--file', file, '--dbname', db.url], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`pg_dump failed: ${result.stderr.trim()}`);
  }
  const shown = file.startsWith(`${process.cwd()}${path.sep}`) ? path.relative(process.cwd(), file) : file;
  console.log(`db:backup: wrote ${shown} (${statSync(file).size} bytes)`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`db:backup: ${oneLine(error)}`);
    process.exitCode = 1;
  },
);
