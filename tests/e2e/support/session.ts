import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test as base } from '@playwright/test';
import { ensureUser, projectDatabaseUrl } from './admin';

interface Account {
  email: string;
  password: string;
}

/**
 * A `test` whose pages are signed in as `account` (made with ensureUser if missing): the worker logs
 * in once through the real login form and every test's browser context starts with that session
 * cookie. For specs that test what an editor does after logging in, many times over (the import
 * wizard's 19 files): a scrypt check and a login page per test cost seconds each on a busy 2-core
 * machine. The login form itself is tested in admin-auth.spec.ts and admin-setup.spec.ts.
 */
export function testSignedInAs(account: Account, role: 'admin' | 'editor') {
  return base.extend<object, { signedInState: string }>({
    signedInState: [
      async ({ browser }, provide, workerInfo) => {
        await ensureUser(account, role, projectDatabaseUrl(workerInfo.project));
        const file = path.join(workerInfo.project.outputDir, '.auth', `${account.email}-${workerInfo.workerIndex}.json`);
        mkdirSync(path.dirname(file), { recursive: true });
        const context = await browser.newContext({ baseURL: workerInfo.project.use.baseURL });
        const page = await context.newPage();
        await page.goto('/admin/login?next=/admin');
        await page.getByLabel('Email').fill(account.email);
        await page.getByLabel('Password').fill(account.password);
        await page.getByRole('button', { name: 'Log in' }).click();
        // scrypt on a shared 2-core machine can take seconds.
        await expect(page.getByTestId('signed-in-as')).toHaveText(`${account.email} · ${role}`, { timeout: 30_000 });
        await context.storageState({ path: file });
        await context.close();
        await provide(file);
      },
      { scope: 'worker' },
    ],
    storageState: async ({ signedInState }, provide) => provide(signedInState),
  });
}
