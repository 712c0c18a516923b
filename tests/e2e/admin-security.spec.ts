import { expect, test, type Page } from '@playwright/test';
import { ensureUser } from './support/admin';

/**
 * Issue #15 in a real browser: the content security policy of every kind of page is met (no
 * violation reported while pages load, hydrate and are used), admin pages cannot be framed, not
 * even by a page of the same site, and embeds can be.
 */
const EDITOR = { email: 'csp.editor@example.org', password: 'a long csp-editor passphrase' };

test.beforeAll(() => ensureUser(EDITOR, 'editor'));

/** Every CSP violation the page reports, from the DOM event and from the console. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('__reportCspViolation', (line: string) => violations.push(line));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __reportCspViolation: (l: string) => void }).__reportCspViolation(
        `${e.violatedDirective} ${e.blockedURI} on ${location.pathname}`,
      );
    });
  });
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

test('public pages and embeds load and hydrate with no CSP violation', async ({ page }) => {
  const violations = await watchViolations(page);
  for (const url of ['/', '/questions/kuril-transfer', '/methodology', '/compare', '/indicators/russia-japan-trade', '/embed/questions/kuril-transfer/trend']) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(200);
    expect(response?.headers()['content-security-policy'], url).toContain('frame-ancestors');
    // Not 'networkidle': the live-update stream (/api/v1/events) keeps a request open on public pages.
    await page.waitForLoadState('load');
  }
  // Hydrated: a client-side control works (the trend method switch rewrites the URL).
  await page.goto('/questions/kuril-transfer');
  await page.getByRole('link', { name: 'Methodology' }).first().click();
  await expect(page).toHaveURL(/\/methodology$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(violations).toEqual([]);
});

test('admin pages carry a nonce policy that Next’s scripts meet, and log-in works through it', async ({ page }) => {
  const violations = await watchViolations(page);
  const login = await page.goto('/admin/login?next=/admin/polls/new');
  const csp = login?.headers()['content-security-policy'] ?? '';
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(login?.headers()['x-frame-options']).toBe('DENY');
  // A fresh nonce per response.
  const again = await page.request.get('/admin/login');
  expect(again.headers()['content-security-policy']).not.toBe(csp);

  await page.getByLabel('Email').fill(EDITOR.email);
  await page.getByLabel('Password').fill(EDITOR.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  // The pathname itself (the login URL also ends in ?next=/admin/polls/new); scrypt on a shared
  // 2-core machine can take seconds.
  await page.waitForURL((url) => url.pathname === '/admin/polls/new', { timeout: 30_000 });
  for (const url of ['/admin', '/admin/polls', '/admin/import', '/admin/audit']) {
    await page.goto(url);
    // Not 'networkidle': the live-update stream (/api/v1/events) keeps a request open on public pages.
    await page.waitForLoadState('load');
  }
  // Client navigation inside the shell still works (scripts loaded under 'strict-dynamic').
  await page.getByRole('link', { name: 'Polls', exact: true }).first().click();
  await expect(page).toHaveURL(/\/admin\/polls$/);
  expect(violations).toEqual([]);
});

test('a page of the same site cannot frame the admin; embeds can be framed', async ({ page }) => {
  await page.goto('/methodology');
  const loaded = await page.evaluate(async () => {
    const load = (src: string) =>
      new Promise<string>((resolve) => {
        const frame = document.createElement('iframe');
        frame.src = src;
        frame.onload = () => {
          // A refused frame holds Chromium's error page, which is not same-origin: no document.
          let text = 'blocked';
          try {
            text = frame.contentDocument?.body?.innerText ?? 'blocked';
          } catch {
            text = 'blocked';
          }
          resolve(text.slice(0, 200));
        };
        // Should a refused frame fire no load event at all, it is refused all the same.
        setTimeout(() => resolve('blocked'), 10_000);
        document.body.append(frame);
      });
    return { admin: await load('/admin/login'), users: await load('/admin/users'), embed: await load('/embed/questions/kuril-transfer/trend') };
  });
  expect(loaded.admin).toBe('blocked');
  expect(loaded.users).toBe('blocked');
  expect(loaded.embed).not.toBe('blocked');
  expect(loaded.embed.length).toBeGreaterThan(0);
});
