import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployMigrations } from '@/lib/migrations/deploy';
import { createBothMigrations } from '../../../scripts/lib/migrate-both';
import { createEmptyPostgresDatabase, dropPostgresDatabase, postgresAdminUrl } from '../../support/postgres';

const projectRoot = path.resolve(import.meta.dirname, '..', '..', '..');

describe('db:migrate: one schema change gives a SQLite and a PostgreSQL migration', () => {
  let root: string;
  let pgUrl: string;

  beforeAll(async () => {
    // A copy of the project's schema and both histories, so the test never writes into the repo.
    root = mkdtempSync(path.join(tmpdir(), 'pollboard-migrate-both-'));
    mkdirSync(path.join(root, 'prisma'));
    for (const entry of ['schema.prisma', 'migrations', 'migrations-postgresql']) {
      cpSync(path.join(projectRoot, 'prisma', entry), path.join(root, 'prisma', entry), { recursive: true });
    }
    const schemaFile = path.join(root, 'prisma', 'schema.prisma');
    const schema = readFileSync(schemaFile, 'utf8');
    writeFileSync(schemaFile, schema.replace(/(model Pollster \{\n)/, '$1  nickname      String?\n'));
    pgUrl = await createEmptyPostgresDatabase('pollboard_migrate_both');
  });

  afterAll(async () => {
    await dropPostgresDatabase(pgUrl);
    rmSync(root, { recursive: true, force: true });
  });

  it('writes both folders with the same name and the dialect of each provider, and both apply', async () => {
    const now = new Date('2030-01-02T03:04:05Z');
    const { sqlite, postgresql } = await createBothMigrations({ root, name: 'add pollster nickname', postgresUrl: postgresAdminUrl(), now });
    if (!sqlite.created || !postgresql.created) throw new Error('expected both migrations to be created');
    expect(sqlite.migrationName).toBe('20300102030405_add_pollster_nickname');
    expect(postgresql.migrationName).toBe(sqlite.migrationName);
    expect(sqlite.scriptPath).toBe(path.join(root, 'prisma', 'migrations', sqlite.migrationName, 'migration.sql'));
    expect(postgresql.scriptPath).toBe(path.join(root, 'prisma', 'migrations-postgresql', sqlite.migrationName, 'migration.sql'));
    expect(sqlite.script).toMatch(/ALTER TABLE "Pollster" ADD COLUMN "nickname" TEXT;/);
    expect(postgresql.script).toMatch(/ALTER TABLE "Pollster" ADD COLUMN\s+"nickname" TEXT;/);
    // The derived PostgreSQL schema was refreshed from the edited one.
    expect(readFileSync(path.join(root, 'prisma', 'postgresql', 'schema.prisma'), 'utf8')).toContain('nickname');

    const sqliteFile = path.join(root, 'applied.db');
    const sqliteApplied = await deployMigrations({ databaseUrl: `file:${sqliteFile}`, migrationsDir: path.join(root, 'prisma', 'migrations') });
    expect(sqliteApplied.applied.at(-1)).toBe(sqlite.migrationName);
    const file = new Database(sqliteFile, { readonly: true });
    try {
      const columns = file
        .prepare<[], { name: string }>('PRAGMA table_info("Pollster")')
        .all()
        .map((c) => c.name);
      expect(columns).toContain('nickname');
    } finally {
      file.close();
    }

    const pgApplied = await deployMigrations({ databaseUrl: pgUrl, migrationsDir: path.join(root, 'prisma', 'migrations-postgresql') });
    expect(pgApplied.applied.at(-1)).toBe(postgresql.migrationName);
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    try {
      const columns = await client.query<{ column_name: string }>("SELECT column_name FROM information_schema.columns WHERE table_name = 'Pollster'");
      expect(columns.rows.map((c) => c.column_name)).toContain('nickname');
    } finally {
      await client.end();
    }

    const again = await createBothMigrations({ root, name: 'nothing', postgresUrl: postgresAdminUrl() });
    expect(again).toEqual({ sqlite: { created: false, reason: 'no schema changes' }, postgresql: { created: false, reason: 'no schema changes' } });
  });
});
