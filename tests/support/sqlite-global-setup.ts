/**
 * Vitest globalSetup of the projects `sqlite` and `components`: every migration applied once, to a
 * template SQLite file, and once more with the demo seed; each test database is then a copy of one
 * (tests/support/sqlite-template.ts) instead of a schema-engine run, and a seed, per file. The
 * templates are made in a child process (tests/support/make-sqlite-templates.ts says why) and
 * removed in teardown.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pollboard-template-'));
  const tsx = path.resolve('node_modules/tsx/dist/cli.mjs');
  await promisify(execFile)(process.execPath, [tsx, 'tests/support/make-sqlite-templates.ts', dir], { env: process.env });
  const file = path.join(dir, 'template.db');
  const seeded = path.join(dir, 'seeded.db');
  // A template is only usable as one closed file (no write-ahead log left beside it).
  if (existsSync(file) && !existsSync(`${file}-wal`)) project.provide('sqliteTemplatePath', file);
  if (existsSync(seeded) && !existsSync(`${seeded}-wal`)) project.provide('sqliteSeededTemplatePath', seeded);
  return () => rmSync(dir, { recursive: true, force: true });
}
