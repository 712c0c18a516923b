import { expect, test, type Page } from '@playwright/test';
import { ensureUser } from './support/admin';

/**
 * Live updates (Server-Sent Events from /api/v1/events, driven by the freshness signal): a reader's
 * open pages show a new poll and then its correction without a reload, with a visible "updated"
 * note, while an editor saves in a second browser context. A page the write did not touch (the
 * Putin question) is left alone.
 */
const EDITOR = { email: 'live.editor@example.org', password: 'a long live-editor passphrase' };
const QUESTION = 'kuril-transfer-residents';

test.beforeAll(() => ensureUser(EDITOR, 'editor'));

async function logIn(page: Page) {
  await page.goto('/admin/login?next=/admin/polls');
  await page.getByLabel('Email').fill(EDITOR.email);
  await page.getByLabel('Password').fill(EDITOR.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  // scrypt on a shared 2-core machine can take seconds.
  await expect(page.getByRole('heading', { name: 'Polls', exact: true })).toBeVisible({ timeout: 30_000 });
}

/** Open a page and wait until its live-update stream is connected. */
async function openLive(page: Page, url: string) {
  const connected = page.waitForResponse((r) => r.url().includes('/api/v1/events') && r.status() === 200);
  await page.goto(url);
  await connected;
}

test('a new poll, then its correction, appear on the open pages without a reload', async ({ page: editor, browser, baseURL }) => {
  const reader = await browser.newContext({ baseURL });
  const question = await reader.newPage();
  const overview = await reader.newPage();
  const putin = await reader.newPage();
  await openLive(question, `/questions/${QUESTION}`);
  await openLive(overview, '/');
  await openLive(putin, '/questions/putin-approval');
  const latest = question.getByRole('region', { name: 'Latest result' });
  await expect(latest).not.toContainText('Nov 2026');
  await expect(question.getByTestId('live-updated')).toHaveText('');
  // The page cache holds both question pages (anonymous page loads, as a browser asks).
  const pageCache = async (url: string) => (await reader.request.get(url, { headers: { accept: 'text/html' } })).headers()['x-pollboard-page-cache'];
  for (const url of ['/questions/putin-approval', `/questions/${QUESTION}`]) {
    await pageCache(url);
    expect(await pageCache(url)).toBe('hit');
  }
  // Marks the documents: a reload would lose these, so finding them later proves there was none.
  for (const p of [question, overview]) await p.evaluate(() => document.body.setAttribute('data-no-reload', 'yes'));

  await logIn(editor);
  await editor.getByRole('link', { name: 'New poll' }).click();
  // The pickers are searchable comboboxes.
  const pollster = editor.getByRole('combobox', { name: 'Pollster' });
  await pollster.fill('VCIOM');
  await editor.getByRole('listbox', { name: 'Pollster' }).getByRole('option', { name: 'VCIOM Foundation' }).click();
  await expect(pollster).toHaveValue('VCIOM Foundation');
  await editor.getByLabel('Field start').fill('2026-11-16');
  await editor.getByLabel('Field end').fill('2026-11-20');
  await editor.getByLabel('Population').fill('Adult residents of the Kuril Islands');
  await editor.getByLabel('Mode', { exact: true }).selectOption('telephone');
  await editor.getByLabel('Sample size (n)').fill('500');
  await editor.getByLabel('Source URLs (one per line)').fill('https://wciom.ru/');
  const questionPicker = editor.getByRole('combobox', { name: 'Tracked question' });
  await questionPicker.fill('Kuril residents');
  await editor
    .getByRole('listbox', { name: 'Tracked question' })
    .getByRole('option', { name: /Kuril residents: transfer islands to Japan\?/ })
    .click();
  await expect(questionPicker).toHaveValue('Kuril residents: transfer islands to Japan?');
  await editor.getByLabel('Exact wording as asked').fill('Should Russia transfer the southern Kuril Islands to Japan?');
  await editor.getByLabel('Results: For share (%)').fill('11');
  await editor.getByLabel('Results: Against share (%)').fill('85');
  await editor.getByLabel("Results: Don't know share (%)").fill('4');
  await editor.getByRole('button', { name: 'Save poll' }).click();
  await expect(editor).toHaveURL(/\/admin\/polls\/\d+\?saved=created$/);
  const pollId = Number(/\/admin\/polls\/(\d+)/.exec(editor.url())?.[1]);

  // The reader's question page: the new poll is now the latest result, and the page says it updated.
  await expect(question.getByTestId('live-updated')).toContainText(/^Updated at \d{2}:\d{2}:\d{2}/);
  await expect(latest).toContainText('16–20 Nov 2026');
  await expect(latest).toContainText('85%');
  // The overview lists it among the latest polls.
  await expect(overview.getByTestId('live-updated')).toContainText('Updated at');
  await expect(overview.locator('main')).toContainText('20 Nov 2026');
  for (const p of [question, overview]) expect(await p.evaluate(() => document.body.getAttribute('data-no-reload'))).toBe('yes');
  // The Putin question was not touched: no event, no note, and its cached page is still served.
  await expect(putin.getByTestId('live-updated')).toHaveText('');
  expect(await pageCache('/questions/putin-approval')).toBe('hit');
  expect(await pageCache(`/questions/${QUESTION}`)).toBe('miss');

  // A correction while the reader has the poll itself open.
  const poll = await reader.newPage();
  await openLive(poll, `/polls/${pollId}`);
  await expect(poll.locator('main')).toContainText('85%');
  await editor.goto(`/admin/polls/${pollId}`);
  await editor.getByLabel('Results: Against share (%)').fill('84');
  await editor.getByLabel("Results: Don't know share (%)").fill('5');
  await editor.getByLabel('Correction note').fill('Against corrected from 85% to 84% after the full release.');
  await editor.getByRole('button', { name: 'Save changes' }).click();
  await expect(editor.getByTestId('saved-message')).toHaveText(`Poll #${pollId} saved (version 2).`);

  await expect(poll.getByTestId('live-updated')).toContainText('Updated at');
  await expect(poll.locator('main')).toContainText('84%');
  await expect(poll.locator('main')).toContainText('Against corrected from 85% to 84% after the full release.');
  await expect(latest).toContainText('84%');
  await expect(putin.getByTestId('live-updated')).toHaveText('');
  await reader.close();
});

test('the stream names what changed and refuses a bad query', async ({ request }) => {
  const bad = await request.get('/api/v1/events?question=Not%20A%20Slug');
  expect(bad.status()).toBe(400);
  expect(((await bad.json()) as { error: { parameter: string } }).error.parameter).toBe('question');
  expect((await request.get('/api/v1/events?colour=red')).status()).toBe(400);
});
