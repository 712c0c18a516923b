import { expect, test, type Page } from '@playwright/test';
import { ensureUser, queryE2eDb, serverActionId, tableCountsE2e } from './support/admin';

/**
 * Admin authentication end to end, against `next start` on the admin project's seeded database.
 * The first-run setup link needs a database with no user at all: tests/e2e/admin-setup.spec.ts, on
 * its own server. The tests here that need an admin make sure of one themselves (ensureUser).
 */

const ADMIN = { email: 'auth.admin@example.org', password: 'a long auth-admin passphrase' };

async function logIn(page: Page, email: string, password: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

test('unauthenticated visits to admin pages redirect to the login page', async ({ page, request }) => {
  for (const path of ['/admin', '/admin/users', '/admin/audit', '/admin/polls']) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(307);
    expect(response.headers().location, path).toBe(`/admin/login?next=${encodeURIComponent(path === '/admin' ? '/admin' : path)}`);
  }
  await page.goto('/admin/audit');
  await expect(page).toHaveURL(/\/admin\/login\?next=%2Fadmin%2Faudit$/);
  await expect(page.getByRole('heading', { name: 'Log in to Pollboard admin' })).toBeVisible();
});

test('five wrong passwords, then the throttled message', async ({ page }) => {
  await page.goto('/admin/login');
  const message = page.getByTestId('login-message');
  /** Submit and wait until React has rendered the action's answer (the button label returns). */
  const submit = async (password: string) => {
    const response = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/admin/login'));
    await logIn(page, 'nobody@example.org', password);
    await response;
    await expect(page.getByRole('button', { name: 'Log in', exact: true })).toBeEnabled();
    return (await message.textContent()) ?? '';
  };
  // An unknown account gets exactly the same answer as a wrong password.
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    expect(await submit(`wrong password ${attempt}`)).toBe('Email or password is incorrect');
    await expect(page.getByLabel('Email')).toHaveValue('nobody@example.org');
  }
  // The 5th failure starts a 1 s delay (2 s after a 6th): an immediate retry is refused without
  // checking the password. If this machine is slow enough for 1 s to pass, the next try is inside 2 s.
  let text = await submit('another guess');
  if (!text.startsWith('Too many')) text = await submit('yet another guess');
  expect(text).toMatch(/^Too many failed attempts\. Try again in \d+ seconds?\.$/);
  const failures = (await queryE2eDb<{ n: number }>`SELECT COUNT(*) AS n FROM "LoginAttempt" WHERE "email" = 'nobody@example.org' AND "success" = false`)[0]?.n;
  expect(failures).toBeGreaterThanOrEqual(5);
  expect(failures).toBeLessThanOrEqual(6);
});

test('a server action POSTed without a session is refused and changes nothing', async ({ request }) => {
  await ensureUser(ADMIN, 'admin');
  const before = await tableCountsE2e();
  const admin = (await queryE2eDb<{ id: number; version: number }>`SELECT "id", "version" FROM "User" WHERE "email" = ${ADMIN.email}`)[0];
  expect(admin).toBeDefined();
  // What React sends for action(prevState, formData): part "0" is the argument list, the FormData
  // fields follow with the prefix "1_" ($K1 = "the FormData numbered 1").
  const calls: [string, Record<string, string>][] = [
    ['createUser', { '1_email': 'intruder@example.org', '1_role': 'admin', '1_password': 'an intruder password' }],
    ['setUserDisabled', { '1_userId': String(admin?.id), '1_version': String(admin?.version), '1_disabled': 'true' }],
    ['resetUserPassword', { '1_userId': String(admin?.id), '1_version': String(admin?.version), '1_password': 'taken over password' }],
  ];
  for (const [name, fields] of calls) {
    const response = await request.post('/admin/users', {
      headers: { 'Next-Action': serverActionId('lib/actions/users.ts', name), Accept: 'text/x-component' },
      multipart: { '0': JSON.stringify([{ status: 'idle' }, '$K1']), ...fields },
      maxRedirects: 0,
    });
    const body = await response.text();
    expect(body, name).toContain('UNAUTHENTICATED');
    expect(body, name).not.toContain('"status":"success"');
  }
  expect(await tableCountsE2e()).toEqual(before);
  // The admin is still enabled, at the same version (no password reset), and no intruder account exists.
  expect(await queryE2eDb`SELECT "disabled", "version" FROM "User" WHERE "email" = ${ADMIN.email}`).toEqual([{ disabled: false, version: admin?.version }]);
  expect(await queryE2eDb`SELECT "id" FROM "User" WHERE "email" = 'intruder@example.org'`).toEqual([]);
});

test('an admin creates an editor, who cannot reach user management', async ({ page }) => {
  await ensureUser(ADMIN, 'admin');
  await page.goto('/admin/users');
  await logIn(page, ADMIN.email, ADMIN.password);
  await expect(page).toHaveURL(/\/admin\/users$/);
  await page.getByLabel('Email').fill('editor@example.org');
  await page.getByLabel('Role').selectOption('editor');
  await page.getByLabel('Initial password').fill('a staff member passphrase');
  await page.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByTestId('create-user-message')).toHaveText('Created editor@example.org (editor).');
  await expect(page.getByTestId('user-row-editor@example.org')).toContainText('active');

  // Duplicate email: the error is next to the field and the value stays.
  await page.getByLabel('Email').fill('EDITOR@example.org');
  await page.getByLabel('Initial password').fill('another passphrase');
  await page.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByText('A user with this email already exists.')).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveValue('EDITOR@example.org');

  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/admin\/login$/);
  await logIn(page, 'editor@example.org', 'a staff member passphrase');
  await expect(page.getByTestId('signed-in-as')).toHaveText('editor@example.org · editor');
  await expect(page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Users' })).toHaveCount(0);
  await page.goto('/admin/users');
  await expect(page).toHaveURL(/\/admin\?denied=1$/);
  await expect(page.getByRole('alert').filter({ hasText: 'That page needs the admin role.' })).toBeVisible();
});
