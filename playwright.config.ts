import { defineConfig, devices } from '@playwright/test';
import { E2E_DEFAULT_DATABASE_URL, E2E_SETUP_TOKEN } from './tests/e2e/support/constants';

const PORT = Number(process.env.E2E_PORT ?? 3100);
/** True in `npm run test:e2e:pg` (scripts/e2e-postgres.ts points E2E_DATABASE_URL at PostgreSQL). */
const onPostgres = /^postgres(ql)?:/.test(process.env.E2E_DATABASE_URL ?? '');
const baseURL = `http://127.0.0.1:${PORT}`;

/**
 * Browser tests run in Debian's Chromium (`apt-get install chromium`): Playwright's own browser
 * download is not reachable from this environment. The server is the production build
 * (`next build && next start`) on a fresh SQLite file seeded with the demo data, or on the fresh
 * PostgreSQL database in E2E_DATABASE_URL (`npm run test:e2e:pg`).
 */
export default defineConfig({
  testDir: 'tests/e2e',
  // Own folders per run (E2E_OUTPUT_DIR / E2E_REPORT_DIR): npm test runs the SQLite and PostgreSQL runs side by side.
  outputDir: process.env.E2E_OUTPUT_DIR ?? 'test-results/e2e',
  // Visual baselines (tests/e2e/visual.spec.ts), one per page and width, committed with the code.
  snapshotPathTemplate: '{testDir}/__screenshots__/{arg}{ext}',
  fullyParallel: false,
  workers: 1,
  // No retries: a flaky test is a bug to find. (The once-seen PostgreSQL stall of foundation.spec's
  // click from / to the Kuril page was the page cache keeping later requests waiting on a render
  // whose client had gone away: fixed in lib/http/page-server.ts, tests/unit/http/page-server.test.ts.)
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { outputFolder: process.env.E2E_REPORT_DIR ?? 'playwright-report', open: 'never' }]],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  // The reader specs assert the demo seed's numbers; the admin specs add and edit polls and import
  // a CSV into the same database, so they run after the reader specs (project dependency). Both run
  // on SQLite and, in `npm run test:e2e:pg`, on PostgreSQL (the admin specs' follow-up reads go
  // through Prisma with SQL both accept: tests/e2e/support/admin.ts).
  projects: [
    // The pixel baselines (visual.spec) are compared once, in the SQLite run: the PostgreSQL run
    // renders the same seed through the same components, and its content checks run in the other specs.
    {
      name: 'chromium',
      testIgnore: ['**/admin-*.spec.ts', ...(onPostgres ? ['**/visual.spec.ts'] : [])],
      use: { ...devices['Desktop Chrome'], channel: undefined },
    },
    { name: 'admin', testMatch: ['**/admin-*.spec.ts'], dependencies: ['chromium'], use: { ...devices['Desktop Chrome'], channel: undefined } },
  ],
  webServer: {
    command: 'npx tsx scripts/e2e-server.ts',
    url: `${baseURL}/`,
    reuseExistingServer: false,
    timeout: 600_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(PORT),
      DATABASE_URL: process.env.E2E_DATABASE_URL ?? E2E_DEFAULT_DATABASE_URL,
      // The first-run setup link uses this fixed token so tests/e2e/admin-auth.spec.ts can open it.
      POLLBOARD_SETUP_TOKEN: E2E_SETUP_TOKEN,
      // The test server is plain http: a Secure __Host- cookie would not be sent back.
      SESSION_COOKIE_SECURE: 'false',
    },
  },
});
