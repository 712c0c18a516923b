/**
 * Vitest globalSetup of the projects `sqlite` and `components`: every migration applied once, to a
 * template SQLite file; each test database is then a copy of it (tests/support/sqlite-template.ts)
 * instead of a run of the schema engine per file. Removed in teardown.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { deployMigrations } from '@/lib/migrations/deploy';

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pollboard-template-'));
  const file = path.join(dir, 'template.db');
  await deployMigrations({ databaseUrl: `file:${file}` });
  project.provide('sqliteTemplatePath', file);
  return () => rmSync(dir, { recursive: true, force: true });
}
