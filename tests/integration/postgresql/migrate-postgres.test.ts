import { readdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDbClient } from '@/lib/db';
import { createMigration } from '@/lib/migrations/create';
import { deployMigrations } from '@/lib/migrations/deploy';
import { createEmptyPostgresDatabase, dropPostgresDatabase, postgresAdminUrl } from '../../support/postgres';

const root = path.resolve(import.meta.dirname, '..', '..', '..');

async function folders(dir: string): Promise<string[]> {
  const entries = await readdir(path.join(root, dir), { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

describe('offline migrations on PostgreSQL 15', () => {
  let url: string;
  beforeAll(async () => {
    url = await createEmptyPostgresDatabase('pollboard_migrate');
  });
  afterAll(async () => {
    await dropPostgresDatabase(url);
  });

  it('both providers have the same migration history, folder for folder', async () => {
    const sqlite = await folders('prisma/migrations');
    const postgres = await folders('prisma/migrations-postgresql');
    expect(postgres).toEqual(sqlite);
  });

  it('applies prisma/migrations-postgresql to an empty database, then nothing on a re-run', async () => {
    const { applied } = await deployMigrations({ databaseUrl: url });
    expect(applied).toEqual(await folders('prisma/migrations-postgresql'));
    expect((await deployMigrations({ databaseUrl: url })).applied).toEqual([]);

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const tables = await client.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
      const names = tables.rows.map((r) => r.table_name);
      for (const table of ['Poll', 'Pollster', 'Question', 'Result', 'Observation', 'User', 'Session', 'AuditEvent', '_prisma_migrations']) {
        expect(names).toContain(table);
      }
      const rows = await client.query<{ finished_at: Date | null }>('SELECT finished_at FROM _prisma_migrations');
      expect(rows.rows.every((r) => r.finished_at !== null)).toBe(true);
    } finally {
      await client.end();
    }
  });

  it('the generated PostgreSQL client reads and writes through @prisma/adapter-pg', async () => {
    const db = createDbClient(url);
    try {
      const created = await db.pollster.create({ data: { slug: 'levada-center', name: 'Levada Center' } });
      expect(created.id).toBe(1); // SERIAL starts at 1
      expect(await db.pollster.findUniqueOrThrow({ where: { slug: 'levada-center' } })).toMatchObject({ name: 'Levada Center', version: 1 });
    } finally {
      await db.$disconnect();
    }
  });

  it('reports no schema changes between the committed PostgreSQL history and the generated schema', async () => {
    const result = await createMigration({
      databaseUrl: postgresAdminUrl(),
      name: 'should_not_exist',
      schemaPath: path.join(root, 'prisma/postgresql/schema.prisma'),
      migrationsDir: path.join(root, 'prisma/migrations-postgresql'),
    });
    expect(result).toEqual({ created: false, reason: 'no schema changes' });
  });
});
