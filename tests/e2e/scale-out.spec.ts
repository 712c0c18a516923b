import { expect, test, type Page } from '@playwright/test';
import pg from 'pg';
import { e2eDatabaseUrl, ensureUser, queryE2eDb } from './support/admin';
import { e2eServer } from './support/servers';

/**
 * Several app servers over one PostgreSQL database: the admin project's server (A, baseURL) and a
 * second `next start` (B) on E2E_SECOND_PORT that scripts/e2e-server.ts starts on the same database.
 * Each server's caches (the page cache and the question cache) hear of every write through the
 * freshness signal (LISTEN/NOTIFY, lib/freshness/signal.ts), so no sticky sessions or shared cache
 * are needed. Runs only in `npm run test:e2e:pg` (playwright.config.ts adds it to the admin project there).
 *
 * What is claimed, and why it holds:
 * - A write through the app is fresh on the very next request to either server. Server A reads the
 *   write's change before it answers the editor (announceLocalWrite). Server B is told by the NOTIFY
 *   PostgreSQL sends at the commit, before A has even answered; a request that reaches B after the
 *   NOTIFY waits for B's read of that change (FreshnessSignal.settling), even when B's event loop was
 *   busy and finds the NOTIFY and the request waiting together (the cause of the stale page-cache
 *   hits, ~350 ms after a hand edit, in 2 of 7 PostgreSQL runs before: tests/integration/page-cache-freshness.test.ts
 *   reproduces it).
 * - SQL edited by hand (psql, outside any server) reaches a server only through that NOTIFY, on the
 *   server's own connection: a request sent right after the commit can overtake it. The bound
 *   asserted: every request sent 1 s or more after the commit is fresh (in practice the first is).
 */
const EDITOR = { email: 'scale-out.editor@example.org', password: 'a long scale-out editor passphrase' };
const SLUG = 'kuril-transfer';
const TITLE = 'Transfer Kuril islands to Japan?';
const HAND_EDIT_BOUND_MS = 1_000;

test.beforeAll(() => ensureUser(EDITOR, 'editor'));

test.describe('two app servers on one PostgreSQL database', () => {
  const servers = () => [`http://127.0.0.1:${e2eServer('admin').port}`, `http://127.0.0.1:${e2eServer('second').port}`];

  async function sql(text: string, values: unknown[]): Promise<void> {
    const client = new pg.Client({ connectionString: e2eDatabaseUrl() });
    await client.connect();
    try {
      await client.query(text, values);
    } finally {
      await client.end();
    }
  }

  /**
   * An edit made by hand in SQL, outside both servers: the database triggers add a ChangeLog row
   * and NOTIFY (lib/freshness), which both servers LISTEN for. Resolves once it has committed.
   */
  async function editTitleBySql(title: string): Promise<void> {
    await sql(
      `WITH q AS (UPDATE "Question" SET "title" = $1, "version" = "version" + 1 WHERE "slug" = $2 RETURNING "id")
       INSERT INTO "AuditEvent" ("entity", "entityId", "action") SELECT 'Question', CAST("id" AS TEXT), 'update' FROM q`,
      [title, SLUG],
    );
  }

  /** One page load, as a browser asks: the heading it shows and how the page cache answered. */
  async function load(page: Page, base: string): Promise<{ title: string; cache: string | undefined }> {
    const response = await page.goto(`${base}/questions/${SLUG}`);
    expect(response?.status()).toBe(200);
    return { title: (await page.getByRole('heading', { level: 1 }).textContent()) ?? '', cache: response?.headers()['x-pollboard-page-cache'] };
  }

  /** Both servers have the question page cached (a second load is a hit), with `title`. */
  async function cachedEverywhere(page: Page, title: string): Promise<void> {
    for (const base of servers()) {
      await expect.poll(async () => (await load(page, base)).title).toBe(title);
      expect(await load(page, base)).toEqual({ title, cache: 'hit' });
    }
  }

  /**
   * After a hand edit that committed at `committedAt`: loads the page on `base` until it shows
   * `title`, each try a new request. A try may show the page of before only if it was sent within
   * HAND_EDIT_BOUND_MS of the commit. Returns how many tries were stale.
   */
  async function freshWithinBound(page: Page, base: string, title: string, committedAt: number): Promise<number> {
    for (let stale = 0; ; stale += 1) {
      const sentAt = Date.now();
      const seen = await load(page, base);
      if (seen.title === title) return stale;
      expect(
        sentAt - committedAt,
        `${base} showed "${seen.title}" (page cache: ${seen.cache}) to a request sent ${sentAt - committedAt} ms after the edit`,
      ).toBeLessThan(HAND_EDIT_BOUND_MS);
    }
  }

  test('a write through one server is fresh on the next request to both', async ({ page: editor, browser }) => {
    const reader = await (await browser.newContext()).newPage();
    await cachedEverywhere(reader, TITLE);
    const id = (await queryE2eDb<{ id: number }>`SELECT "id" FROM "Question" WHERE "slug" = ${SLUG}`)[0]?.id;
    expect(id).toBeGreaterThan(0);

    await editor.goto(`${servers()[0]}/admin/login?next=/admin/questions/${id ?? 0}`);
    await editor.getByLabel('Email').fill(EDITOR.email);
    await editor.getByLabel('Password').fill(EDITOR.password);
    await editor.getByRole('button', { name: 'Log in' }).click();
    // scrypt on a shared 2-core machine can take seconds.
    const titleField = editor.getByLabel('Title', { exact: true });
    await expect(titleField).toHaveValue(TITLE, { timeout: 30_000 });
    const edited = `${TITLE} (edited through server A)`;
    try {
      await titleField.fill(edited);
      await editor.getByRole('button', { name: 'Save changes' }).click();
      await expect(editor).toHaveURL(/\?saved=updated$/);
      // The very next request to each server: rendered anew with the edit, not the cached page.
      for (const base of servers()) {
        const next = await load(reader, base);
        expect(next.title).toBe(edited);
        expect(next.cache).not.toBe('hit');
      }
      // The overview of server B lists the edited title too (another page, same data).
      await reader.goto(`${servers()[1]}/`);
      await expect(reader.getByTestId('question-cards').getByRole('link', { name: edited })).toBeVisible();
    } finally {
      await editTitleBySql(TITLE);
    }
    for (const base of servers()) await expect.poll(async () => (await load(reader, base)).title).toBe(TITLE);
    await reader.context().close();
  });

  test('an edit written to the database by hand is fresh on both servers within 1 s of its commit', async ({ page }) => {
    // Both servers show the same latest result (the admin specs may have added a newer poll than the seed's 74%).
    await page.goto(`${servers()[0]}/questions/${SLUG}`);
    const against = (await page.getByTestId('share-against').textContent()) ?? '';
    expect(against).toMatch(/^\d+%$/);
    for (const base of servers()) {
      await page.goto(`${base}/questions/${SLUG}`);
      await expect(page.getByTestId('share-against')).toHaveText(against);
    }

    const stale: number[] = [];
    const edited = `${TITLE} (edited by hand)`;
    try {
      for (const [before, after] of [
        [TITLE, edited],
        [edited, TITLE],
      ] as const) {
        await cachedEverywhere(page, before);
        await editTitleBySql(after);
        const committedAt = Date.now();
        for (const base of servers()) stale.push(await freshWithinBound(page, base, after, committedAt));
      }
    } finally {
      await editTitleBySql(TITLE);
    }
    // How often a request overtook the NOTIFY, for the record (the bound above is the claim).
    test.info().annotations.push({ type: 'stale tries after a hand edit (A, B, A, B)', description: stale.join(', ') });
  });
});
