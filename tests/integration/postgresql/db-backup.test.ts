import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDbClient } from '@/lib/db';
import { deployMigrations } from '@/lib/migrations/deploy';
import { POSTGRES_BIN_DIR } from '../../../scripts/lib/postgres-cluster';
import { createMigratedPostgresDatabase, dropPostgresDatabase } from '../../support/postgres';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

function backup(databaseUrl: string, out: string) {
  return spawnSync(process.execPath, [tsx, 'scripts/db-backup.ts', '--out', out], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('db:backup', () => {
  let dir: string;
  let pgUrl: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pollboard-backup-'));
    pgUrl = await createMigratedPostgresDatabase('pollboard_backup');
  });
  afterAll(async () => {
    await dropPostgresDatabase(pgUrl);
    rmSync(dir, { recursive: true, force: true });
  });

  it('dumps PostgreSQL with pg_dump in the custom format pg_restore reads', async () => {
    const db = createDbClient(pgUrl);
    await db.pollster.create({ data: { slug: 'levada-center', name: 'Levada Center' } });
    await db.$disconnect();
    const out = path.join(dir, 'pg.dump');
    const result = backup(pgUrl, out);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^db:backup: wrote .*pg\.dump \(\d+ bytes\)/);
    const list = spawnSync(path.join(POSTGRES_BIN_DIR, 'pg_restore'), ['--list', out], { encoding: 'utf8' });
    expect(list.status).toBe(0);
    expect(list.stdout).toContain('TABLE DATA public Pollster');
  });

  it('backs up SQLite with the online backup API', async () => {
    const url = `file:${path.join(dir, 'live.db')}`;
    await deployMigrations({ databaseUrl: url });
    const db = createDbClient(url);
    await db.pollster.create({ data: { slug: 'vciom', name: 'VCIOM' } });
    await db.$disconnect();
    const out = path.join(dir, 'copy.db');
    const result = backup(url, out);
    expect(result.status).toBe(0);
    const copy = new Database(out, { readonly: true });
    try {
      expect(copy.prepare<[], { slug: string }>('SELECT slug FROM "Pollster"').all()).toEqual([{ slug: 'vciom' }]);
    } finally {
      copy.close();
    }
  });
});
