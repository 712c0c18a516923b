import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { resolveDatabaseUrl } from '@/lib/db/url';
import { createMigration } from '@/lib/migrations/create';
import { deployMigrations } from '@/lib/migrations/deploy';

const projectRoot = path.resolve(__dirname, '..', '..');
const migrationsDir = path.join(projectRoot, 'prisma', 'migrations');
const schemaPath = path.join(projectRoot, 'prisma', 'schema.prisma');

const EXPECTED_TABLES = [
  'Poll',
  'Pollster',
  'Question',
  'QuestionOption',
  'PollQuestion',
  'Result',
  'Breakdown',
  'Indicator',
  'Observation',
  'User',
  'Session',
  'AuditEvent',
  'Correction',
];

interface MigrationRow {
  migration_name: string;
  finished_at: string | null;
  rolled_back_at: string | null;
}

async function migrationFolders(): Promise<string[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

describe('offline migrations on the wasm schema engine (SQLite)', () => {
  let tempDir: string;
  let dbFile: string;
  let databaseUrl: string;

  beforeAll(async () => {
    tempDir = await mkdtemp(path.join(os.tmpdir(), 'pollboard-migrate-'));
    // A parent folder that does not exist yet: deploy must create it.
    dbFile = path.join(tempDir, 'nested', 'fresh.db');
    databaseUrl = `file:${dbFile}`;
  });

  afterAll(async () => {
    await rm(tempDir, { recursive: true, force: true });
  });

  it('applies every migration folder to a fresh SQLite file', async () => {
    expect(existsSync(dbFile)).toBe(false);
    const folders = await migrationFolders();
    expect(folders.length).toBeGreaterThan(0);

    const lines: string[] = [];
    const { applied } = await deployMigrations({ databaseUrl, log: (line) => lines.push(line) });

    expect(applied).toEqual(folders);
    expect(existsSync(dbFile)).toBe(true);
    expect(lines.some((line) => line.startsWith('applied '))).toBe(true);
  });

  it('is a no-op when re-run', async () => {
    const { applied } = await deployMigrations({ databaseUrl, migrationsDir });
    expect(applied).toEqual([]);
  });

  it('leaves the file in WAL mode, and puts a file in rollback-journal mode back into it', async () => {
    const mode = () => {
      const conn = new Database(dbFile);
      try {
        return conn.pragma('journal_mode', { simple: true });
      } finally {
        conn.close();
      }
    };
    expect(mode()).toBe('wal');
    const conn = new Database(dbFile);
    conn.pragma('journal_mode = DELETE');
    conn.close();
    expect(mode()).toBe('delete');
    expect(await deployMigrations({ databaseUrl, migrationsDir })).toEqual({ applied: [], upToDate: true });
    expect(mode()).toBe('wal');
  });

  it('creates every domain table and records each migration as finished', async () => {
    const db = new Database(dbFile, { readonly: true });
    try {
      const tables = db
        .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
        .all()
        .map((row) => row.name);
      for (const table of EXPECTED_TABLES) expect(tables).toContain(table);
      expect(tables).toContain('_prisma_migrations');

      const rows = db.prepare<[], MigrationRow>('SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name').all();
      expect(rows.map((row) => row.migration_name)).toEqual(await migrationFolders());
      for (const row of rows) {
        expect(row.finished_at).not.toBeNull();
        expect(row.rolled_back_at).toBeNull();
      }
    } finally {
      db.close();
    }
  });

  it('reports no schema changes against the committed migrations and writes nothing', async () => {
    const before = await migrationFolders();
    const result = await createMigration({ databaseUrl, name: 'should_not_exist', schemaPath, migrationsDir });
    expect(result).toEqual({ created: false, reason: 'no schema changes' });
    expect(await migrationFolders()).toEqual(before);
  });

  it('resolves database URLs', () => {
    expect(resolveDatabaseUrl(undefined, '/srv/app')).toEqual({
      provider: 'sqlite',
      url: 'file:/srv/app/data/pollboard.db',
      filePath: '/srv/app/data/pollboard.db',
    });
    expect(resolveDatabaseUrl('file:/tmp/x.db?connection_limit=1', '/srv/app')).toMatchObject({ filePath: '/tmp/x.db' });
    expect(resolveDatabaseUrl('postgresql://u:p@localhost:5432/pollboard')).toEqual({
      provider: 'postgresql',
      url: 'postgresql://u:p@localhost:5432/pollboard',
    });
    expect(resolveDatabaseUrl('postgres://localhost/pollboard').provider).toBe('postgresql');
    expect(() => resolveDatabaseUrl('mysql://localhost/db')).toThrow(/Unsupported/);
  });
});

describe('deploy next to a running server (issue #15, finding 8)', () => {
  let tempDir: string;
  let dbFile: string;

  beforeAll(async () => {
    tempDir = await mkdtemp(path.join(os.tmpdir(), 'pollboard-migrate-lock-'));
    dbFile = path.join(tempDir, 'app.db');
    await deployMigrations({ databaseUrl: `file:${dbFile}` });
    const conn = new Database(dbFile);
    conn.pragma('journal_mode = WAL'); // as npm start leaves it
    conn.close();
  });

  afterAll(async () => {
    await rm(tempDir, { recursive: true, force: true });
  });

  /** Another connection holding the write lock, as a server mid-transaction does. */
  function holdWriteLock(): () => void {
    const conn = new Database(dbFile);
    conn.exec('BEGIN IMMEDIATE');
    conn.prepare("UPDATE _prisma_migrations SET logs = NULL WHERE migration_name = ''").run();
    return () => {
      conn.exec('COMMIT');
      conn.close();
    };
  }

  it('skips at once, with a clear message, when nothing is pending, even while the write lock is held', async () => {
    const release = holdWriteLock();
    try {
      const lines: string[] = [];
      const t0 = performance.now();
      const result = await deployMigrations({ databaseUrl: `file:${dbFile}`, log: (l) => lines.push(l) });
      expect(result).toEqual({ applied: [], upToDate: true });
      expect(performance.now() - t0).toBeLessThan(3_000);
      expect(lines.at(-1)).toMatch(/^database is up to date: all \d+ migration\(s\) already applied, nothing to do$/);
    } finally {
      release();
    }
  });

  it('waits for the lock and applies a pending migration once it is free', async () => {
    const dir = path.join(tempDir, 'migrations');
    await cp(migrationsDir, dir, { recursive: true });
    await mkdir(path.join(dir, '99990101000000_extra'));
    await writeFile(path.join(dir, '99990101000000_extra', 'migration.sql'), 'CREATE TABLE "Extra" ("id" INTEGER NOT NULL PRIMARY KEY);\n');
    const release = holdWriteLock();
    // Released from the event loop: the engine's first attempt blocks this thread until its busy
    // timeout, fails on the lock, and the retry finds it free.
    const timer = setTimeout(release, 500);
    const lines: string[] = [];
    try {
      const result = await deployMigrations({ databaseUrl: `file:${dbFile}`, migrationsDir: dir, log: (l) => lines.push(l) });
      expect(result.applied).toEqual(['99990101000000_extra']);
    } finally {
      clearTimeout(timer);
    }
    const conn = new Database(dbFile, { readonly: true });
    expect(conn.prepare("SELECT name FROM sqlite_master WHERE name = 'Extra'").get()).toEqual({ name: 'Extra' });
    conn.close();
  }, 60_000);
});
