import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/lib/postgres-cluster';

const root = path.resolve(import.meta.dirname, '..', '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

function runScript(script: string, env: Record<string, string>) {
  // As in production: without the test-only password cost (vitest.config.ts), which production refuses.
  const { PASSWORD_SCRYPT_N: _testCost, ...inherited } = process.env;
  const result = spawnSync(process.execPath, [tsx, script], {
    cwd: root,
    env: { ...inherited, NODE_ENV: 'production', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('an unreachable database gives one clear line and exit 1', () => {
  it.each([
    ['scripts/db-deploy.ts', 'db:deploy'],
    ['scripts/start.ts', 'start'],
  ])('%s against a closed port', async (script, label) => {
    const port = await freePort(); // nobody listens there
    const { status, stdout, stderr } = runScript(script, { DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/pollboard`, PORT: '3399' });
    expect(status).toBe(1);
    expect(stderr.trim()).toBe(`${label}: cannot reach PostgreSQL at 127.0.0.1:${port} (ECONNREFUSED) — check DATABASE_URL`);
    expect(`${stdout}${stderr}`).not.toMatch(/^\s+at /m); // no stack trace
  });

  it('names an unknown host', () => {
    const { status, stderr } = runScript('scripts/db-deploy.ts', { DATABASE_URL: 'postgresql://postgres@no-such-host.invalid:5432/pollboard' });
    expect(status).toBe(1);
    expect(stderr.trim()).toMatch(/^db:deploy: cannot reach PostgreSQL at no-such-host\.invalid:5432 \((ENOTFOUND|EAI_AGAIN)\) — check DATABASE_URL$/);
  });

  it('rejects a URL it cannot parse or a scheme it does not support', () => {
    const bad = runScript('scripts/db-deploy.ts', { DATABASE_URL: 'postgresql://u@127.0.0.1:notaport/x' });
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toBe('db:deploy: DATABASE_URL is not a valid postgresql:// URL — check DATABASE_URL');
    const mysql = runScript('scripts/db-deploy.ts', { DATABASE_URL: 'mysql://localhost/pollboard' });
    expect(mysql.status).toBe(1);
    expect(mysql.stderr.trim().split('\n')).toHaveLength(1);
    expect(mysql.stderr).toContain('mysql');
  });
});
