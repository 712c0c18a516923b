import { defineConfig, devices } from '@playwright/test';
import { E2E_SETUP_TOKEN } from './tests/e2e/support/constants';
import { e2eOnPostgres, e2eServer, type E2eRole } from './tests/e2e/support/servers';

const onPostgres = e2eOnPostgres();
const baseURL = `http://127.0.0.1:${e2eServer('reader').port}`;

/** A project's browser, server address and database (read by tests/e2e/support/admin.ts through the project's metadata). */
function projectFor(role: E2eRole) {
  const server = e2eServer(role);
  return {
    use: { ...devices['Desktop Chrome'], channel: undefined, baseURL: `http://127.0.0.1:${server.port}` },
    metadata: { databaseUrl: server.databaseUrl },
  };
}

/**
 * Browser tests run in Debian's Chromium (`apt-get install chromium`): Playwright's own browser
 * download is not reachable from this environment. The servers are the production build
 * (`next build && next start`) on fresh SQLite files copied from one seeded with the demo data, or
 * on fresh PostgreSQL databases copied from the one in E2E_DATABASE_URL (`npm run test:e2e:pg`).
 */
export default defineConfig({
  testDir: 'tests/e2e',
  // Own folders per run (E2E_OUTPUT_DIR / E2E_REPORT_DIR): npm test runs the SQLite and PostgreSQL runs side by side.
  outputDir: process.env.E2E_OUTPUT_DIR ?? 'test-results/e2e',
  // Visual baselines (tests/e2e/visual.spec.ts), one per page and width, committed with the code.
  snapshotPathTemplate: '{testDir}/__screenshots__/{arg}{ext}',
  // Two workers: the admin project (one file at a time on its own server) runs beside the setup and
  // reader projects. Admin files run whole in one worker (their tests in order, though none needs the
  // others); reader tests are spread one by one. E2E_WORKERS=1 runs everything one after the other.
  fullyParallel: false,
  workers: Number(process.env.E2E_WORKERS ?? 2),
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
  // Each project runs against its own server and database (tests/e2e/support/servers.ts, all copied from
  // one seeded template by scripts/e2e-server.ts), so none depends on another's writes or on running
  // first: `reader` (the demo seed's numbers, never written to), `admin` (specs that write; one file at
  // a time, so one test's writes never land between another's before/after counts) and `setup` (the
  // first-run setup link, on a database with no user). On PostgreSQL the admin project also covers
  // two app servers on one database (scale-out.spec.ts).
  //
  // What the PostgreSQL run leaves to the SQLite run: the pixel baselines (visual.spec) and the tests
  // tagged @browser-only — layout at 360 px, axis ticks, label positions, keyboard focus, PNG/SVG
  // export, embeds sizing themselves. They check what Chromium draws from a page whose numbers other
  // tests assert on both engines; the PostgreSQL run renders the same seed through the same
  // components. Everything that reads or writes through the database (numbers, lists, search, the
  // page cache, writes, imports, releases, two servers) runs on both.
  projects: [
    // First: the admin project is one chain of files on one worker, so it starts at once and the
    // reader tests fill the other worker around it (listed later, they would leave it the long tail).
    {
      name: 'admin',
      testMatch: ['**/admin-*.spec.ts', ...(onPostgres ? ['**/scale-out.spec.ts'] : [])],
      testIgnore: ['**/admin-setup.spec.ts'],
      workers: 1,
      ...projectFor('admin'),
    },
    { name: 'setup', testMatch: ['**/admin-setup.spec.ts'], ...projectFor('setup') },
    {
      name: 'reader',
      testIgnore: ['**/admin-*.spec.ts', '**/scale-out.spec.ts', ...(onPostgres ? ['**/visual.spec.ts'] : [])],
      grepInvert: onPostgres ? /@browser-only/ : undefined,
      // Read-only tests: any test may run on any worker, in any order.
      fullyParallel: true,
      ...projectFor('reader'),
    },
  ],
  webServer: {
    command: 'npx tsx scripts/e2e-server.ts',
    // scripts/e2e-server.ts starts the reader server last, once the others answer.
    url: `${baseURL}/`,
    reuseExistingServer: false,
    timeout: 600_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      E2E_PORT: String(e2eServer('reader').port),
      // The first-run setup link uses this fixed token so tests/e2e/admin-setup.spec.ts can open it.
      POLLBOARD_SETUP_TOKEN: E2E_SETUP_TOKEN,
      // The test server is plain http: a Secure __Host- cookie would not be sent back.
      SESSION_COOKIE_SECURE: 'false',
    },
  },
});
