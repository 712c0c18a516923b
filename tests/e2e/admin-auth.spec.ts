import { expect, test, type Page } from '@playwright/test';
import { E2E_SETUP_TOKEN, ensureUser, queryE2eDb, serverActionId, tableCountsE2e } from './support/admin';

/**
 * Admin authentication end to end, against `next start` on a fresh seeded database with no users
 * (this is the first admin spec to run). The setup-link test creates the first admin; the test that
 * needs an admin makes sure of one itself (ensureUser finds the one the setup link made).
 */

const ADMIN = { email: 'first.admin@example.org', password: 'a long first-admin passphrase' };

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

test('setup link → first admin → dashboard → logout → login', async ({ page, context }) => {
  expect((await queryE2eDb<{ n: number }>`SELECT COUNT(*) AS n FROM "User"`)[0]?.n).toBe(0);

  await page.goto('/admin/setup?token=not-the-token');
  await expect(page.getByTestId('setup-invalid')).toBeVisible();

  await page.goto(`/admin/setup?token=${E2E_SETUP_TOKEN}`);
  await expect(page.getByRole('heading', { name: 'Create the first admin account' })).toBeVisible();
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password', { exact: true }).fill('too short');
  await page.getByLabel('Repeat the password').fill('too short');
  await page.getByRole('button', { name: 'Create admin account' }).click();
  // The error sits next to the field and the email is kept.
  await expect(page.getByText('Use at least 12 characters.')).toBeVisible();
  await expect(page.getByLabel('Password', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Email')).toHaveValue(ADMIN.email);

  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await page.getByLabel('Repeat the password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Create admin account' }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole('heading', { name: 'Admin dashboard' })).toBeVisible();
  await expect(page.getByTestId('signed-in-as')).toHaveText(`${ADMIN.email} · admin`);
  const polls = (await queryE2eDb<{ n: number }>`SELECT COUNT(*) AS n FROM "Poll"`)[0]?.n;
  await expect(page.getByTestId('count-polls')).toHaveText(String(polls));
  await expect(page.getByTestId('count-users')).toHaveText('1');
  await expect(page.getByTestId('audit-table')).toContainText('setup');
  const nav = page.getByRole('navigation', { name: 'Admin' });
  for (const label of ['Polls', 'Questions', 'Pollsters', 'Indicators', 'Import', 'Audit log', 'Users']) {
    await expect(nav.getByRole('link', { name: label, exact: true })).toBeVisible();
  }

  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === 'pollboard_session');
  expect(session).toBeDefined();
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
  expect(session?.value).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
  // Only the token's SHA-256 is stored.
  expect(await queryE2eDb`SELECT "id" FROM "Session" WHERE "tokenHash" = ${session?.value ?? ''}`).toHaveLength(0);

  // The link worked once.
  await page.goto(`/admin/setup?token=${E2E_SETUP_TOKEN}`);
  await expect(page.getByTestId('setup-invalid')).toBeVisible();

  await page.goto('/admin');
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/admin\/login$/);
  // Revoked server-side: replaying the old cookie does not sign anyone in.
  expect((await context.cookies()).filter((c) => c.name === 'pollboard_session')).toEqual([]); // cleared
  await context.addCookies([
    { name: 'pollboard_session', value: session?.value ?? '', domain: new URL(page.url()).hostname, path: '/', httpOnly: true, sameSite: 'Lax' },
  ]);
  await page.goto('/admin');
  await expect(page).toHaveURL(/\/admin\/login\?next=%2Fadmin$/);

  await logIn(page, ADMIN.email, ADMIN.password);
  await expect(page).toHaveURL(/\/admin$/);
  const fresh = (await context.cookies()).filter((c) => c.name === 'pollboard_session');
  expect(fresh).toHaveLength(1);
  expect(fresh[0]?.value).not.toBe(session?.value); // a new token on every login
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  await page.getByLabel('Action').selectOption('logout');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByTestId('audit-total')).toHaveText('1 event · page 1 of 1');
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
  expect(await queryE2eDb`SELECT "email", "disabled" FROM "User"`).toEqual([{ email: ADMIN.email, disabled: false }]);
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
