import { expect, test } from '@playwright/test';
import { E2E_SETUP_TOKEN, queryE2eDb } from './support/admin';

/**
 * The first-run setup link end to end, against `next start` on a seeded database with no user at
 * all (project `setup`: its own server and database, tests/e2e/support/servers.ts). The link makes
 * the first admin, works once, and the admin can log out and back in.
 */
const ADMIN = { email: 'first.admin@example.org', password: 'a long first-admin passphrase' };

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
  // scrypt on a shared 2-core machine can take seconds (the button reads "Creating…" meanwhile).
  await expect(page).toHaveURL(/\/admin$/, { timeout: 30_000 });
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

  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/admin$/, { timeout: 30_000 });
  const fresh = (await context.cookies()).filter((c) => c.name === 'pollboard_session');
  expect(fresh).toHaveLength(1);
  expect(fresh[0]?.value).not.toBe(session?.value); // a new token on every login
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  await page.getByLabel('Action').selectOption('logout');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByTestId('audit-total')).toHaveText('1 event · page 1 of 1');
});
