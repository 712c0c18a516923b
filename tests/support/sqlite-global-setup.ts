/**
 * Vitest globalSetup of the projects `sqlite`, `components` and `postgresql` (whose db:copy tests
 * read a seeded SQLite source): every migration applied once, to a template SQLite file, and once
 * more with the demo seed; each test database is then a copy of one (tests/support/sqlite-template.ts)
 * instead of a schema-engine run, and a seed, per file. The templates are made in a child process
 * (tests/support/make-sqlite-templates.ts says why) and removed in teardown.
 *
 * Vitest loads this file once per project, all in its main process: the templates are made once
 * per run (the first project starts it, the others wait for it) and removed after the last project.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

interface Templates {
  file: string | null;
  seeded: string | null;
  dir: string;
}

interface Shared {
  templates: Promise<Templates>;
  users: number;
}

const KEY = Symbol.for('pollboard.sqliteTemplates');
const store = globalThis as typeof globalThis & { [KEY]?: Shared };

async function makeTemplates(): Promise<Templates> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pollboard-template-'));
  const tsx = path.resolve('node_modules/tsx/dist/cli.mjs');
  await promisify(execFile)(process.execPath, [tsx, 'tests/support/make-sqlite-templates.ts', dir], { env: process.env });
  // A template is only usable as one closed file (no write-ahead log left beside it).
  const usable = (file: string) => (existsSync(file) && !existsSync(`${file}-wal`) ? file : null);
  return { dir, file: usable(path.join(dir, 'template.db')), seeded: usable(path.join(dir, 'seeded.db')) };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const shared = (store[KEY] ??= { templates: makeTemplates(), users: 0 });
  shared.users += 1;
  const templates = await shared.templates;
  if (templates.file) project.provide('sqliteTemplatePath', templates.file);
  if (templates.seeded) project.provide('sqliteSeededTemplatePath', templates.seeded);
  return async () => {
    shared.users -= 1;
    if (shared.users > 0) return;
    delete store[KEY];
    rmSync(templates.dir, { recursive: true, force: true });
  };
}
