/** `npm run admin:create` as a user runs it: a child process on a fresh SQLite file, stdin not a TTY. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '@/lib/auth/password';
import { createDbClient } from '@/lib/db';
import { createMigratedSqliteFile } from '../support/sqlite-template';

const dir = mkdtempSync(path.join(tmpdir(), 'pollboard-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A database file of the calling test alone (the CLI creates and migrates it if missing). */
const ownUrl = (name: string) => `file:${path.join(dir, `${name}.db`)}`;

function run(url: string, ...args: string[]) {
  const result = spawnSync(path.join(process.cwd(), 'node_modules', '.bin', 'tsx'), ['scripts/admin-create.ts', ...args], {
    env: { ...process.env, DATABASE_URL: url },
    input: '', // not a terminal: nothing can be asked for
    encoding: 'utf8',
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

// Each run starts tsx and migrates; on a loaded 2-core machine that is 5–15 s per run.
describe('admin:create', { timeout: 240_000 }, () => {
  it('creates an admin (default role) with a normalised email, a scrypt hash and an audit row', async () => {
    const url = ownUrl('fresh');
    const r = run(url, '--email', 'Ana@Example.org', '--password', 'a long cli passphrase', '--name', 'Ana');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('created admin ana@example.org (id 1)');
    const db = createDbClient(url);
    try {
      const user = await db.user.findUniqueOrThrow({ where: { email: 'ana@example.org' } });
      expect(user).toMatchObject({ role: 'admin', name: 'Ana' });
      expect(await verifyPassword('a long cli passphrase', user.passwordHash)).toBe(true);
      const audit = await db.auditEvent.findFirstOrThrow({ where: { entity: 'User', entityId: '1' } });
      expect(audit).toMatchObject({ action: 'create', userId: null });
      expect(JSON.parse(audit.after ?? '{}')).toMatchObject({ email: 'ana@example.org', via: 'cli', passwordHash: '[redacted]' });
    } finally {
      await db.$disconnect();
    }
  });

  it('explains each problem and exits non-zero without writing', async () => {
    const url = ownUrl('taken');
    await createMigratedSqliteFile(url.slice('file:'.length));
    const db = createDbClient(url);
    try {
      await db.user.create({ data: { email: 'ana@example.org', role: 'admin', passwordHash: 'scrypt$unused' } });
      const taken = run(url, '--email', 'ana@example.org', '--password', 'another passphrase', '--role', 'editor');
      expect(taken.code).toBe(1);
      expect(taken.err).toContain('--email: A user with this email already exists.');
      expect(await db.user.count()).toBe(1);
    } finally {
      await db.$disconnect();
    }
    const bad = run(url, '--email', 'nope', '--password', 'short', '--role', 'owner');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--email: Enter a valid email address');
    expect(bad.err).toContain('--password: Use at least 12 characters.');
    expect(bad.err).toContain('--role: Choose a role: editor or admin.');
    const missing = run(url, '--email', 'ben@example.org');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('missing --password (stdin is not a terminal');
    const unknown = run(url, '--bogus');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unexpected argument --bogus');
    const after = createDbClient(url);
    try {
      expect(await after.user.findMany({ select: { email: true } })).toEqual([{ email: 'ana@example.org' }]);
    } finally {
      await after.$disconnect();
    }
  });
});
