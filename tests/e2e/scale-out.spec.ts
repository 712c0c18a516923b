import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import pg from 'pg';

/**
 * Several app servers over one PostgreSQL database: the suite's server (A, baseURL) and a second
 * `next start` (B) on E2E_SECOND_PORT. A write is visible through both on the very next request:
 * each server's caches hear of every write through the freshness signal (LISTEN/NOTIFY), so no
 * sticky sessions or shared cache are needed. Runs only in `npm run test:e2e:pg`.
 */
const databaseUrl = process.env.E2E_DATABASE_URL ?? '';
const secondPort = Number(process.env.E2E_SECOND_PORT ?? 3302);
const secondURL = `http://127.0.0.1:${secondPort}`;
const root = path.resolve(import.meta.dirname, '..', '..');

test.describe('two app servers on one PostgreSQL database', () => {
  test.skip(!/^postgres(ql)?:\/\//.test(databaseUrl), 'needs E2E_DATABASE_URL=postgresql://… (npm run test:e2e:pg)');

  let server: ChildProcess | undefined;
  let output = '';

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    // The same build as server A (started by the suite's webServer, which built it first).
    server = spawn(path.join(root, 'node_modules', '.bin', 'next'), ['start', '-p', String(secondPort), '-H', '127.0.0.1'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await expect
      .poll(
        async () => {
          if (server?.exitCode !== null) throw new Error(`second server exited: ${output}`);
          return fetch(`${secondURL}/`).then(
            (r) => r.status,
            () => 0,
          );
        },
        { timeout: 90_000, intervals: [250, 500, 1000] },
      )
      .toBe(200);
  });

  test.afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server?.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
  });

  async function sql(text: string, values: unknown[]): Promise<void> {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query(text, values);
    } finally {
      await client.end();
    }
  }

  /**
   * An edit made by hand in SQL, outside both servers: the database triggers add a ChangeLog row
   * and NOTIFY (lib/freshness), which both servers LISTEN for.
   */
  async function editTitle(title: string): Promise<void> {
    await sql(
      `WITH q AS (UPDATE "Question" SET "title" = $1, "version" = "version" + 1 WHERE "slug" = $2 RETURNING "id")
       INSERT INTO "AuditEvent" ("entity", "entityId", "action") SELECT 'Question', CAST("id" AS TEXT), 'update' FROM q`,
      [title, 'kuril-transfer'],
    );
  }

  test('an edit written to the database shows on both servers on the next request', async ({ page, baseURL }) => {
    const heading = page.getByRole('heading', { level: 1 });
    const servers = [baseURL ?? '', secondURL];
    for (const base of servers) {
      await page.goto(`${base}/questions/kuril-transfer`);
      await expect(heading).toHaveText('Transfer Kuril islands to Japan?');
      await expect(page.getByTestId('share-against')).toHaveText('74%');
    }

    const edited = 'Transfer Kuril islands to Japan? (edited)';
    try {
      await editTitle(edited);
      for (const base of servers) {
        await page.goto(`${base}/questions/kuril-transfer`);
        await expect(heading).toHaveText(edited);
      }
      // The overview of server B lists the edited title too (another page, same data).
      await page.goto(`${secondURL}/`);
      await expect(page.getByTestId('question-cards').getByRole('link', { name: edited })).toBeVisible();
    } finally {
      await editTitle('Transfer Kuril islands to Japan?');
    }
    for (const base of servers) {
      await page.goto(`${base}/questions/kuril-transfer`);
      await expect(heading).toHaveText('Transfer Kuril islands to Japan?');
    }
  });
});
