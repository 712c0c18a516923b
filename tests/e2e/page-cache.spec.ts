import { expect, test, type Response } from '@playwright/test';
import { DEFAULT_TREND_METHOD } from '../../lib/schemas/views';

/**
 * The page cache (lib/http/page-server.ts) as Chromium meets it: compressed hits that the browser
 * decodes, one entry per normalised view, and client-side navigations' RSC payloads served from the
 * cache too.
 */
const CACHE = 'x-pollboard-page-cache';

test('a repeated page load is a hit, brotli-encoded, and draws the same page', async ({ page }) => {
  await page.goto('/questions/putin-approval');
  const again = await page.goto('/questions/putin-approval');
  expect(again?.headers()[CACHE]).toBe('hit');
  // Chromium asks for gzip, deflate, br, zstd: the stored brotli body is sent.
  expect(again?.headers()['content-encoding']).toBe('br');
  expect(again?.headers()['vary']).toContain('Accept-Encoding');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByTestId('trend-figure')).toBeVisible();
});

test('URLs that show the same view share one entry; another view is its own', async ({ page }) => {
  await page.goto('/questions/kuril-transfer?method=mean');
  // Parameter order, an unknown parameter and the default spelled out do not make a new page.
  expect((await page.goto('/questions/kuril-transfer?utm_source=newsletter&method=mean'))?.headers()[CACHE]).toBe('hit');
  await page.goto('/questions/kuril-transfer');
  expect((await page.goto(`/questions/kuril-transfer?method=${DEFAULT_TREND_METHOD}`))?.headers()[CACHE]).toBe('hit');
  const loess = await page.goto('/questions/kuril-transfer?method=loess&from=2015');
  expect(loess?.headers()[CACHE]).not.toBe('hit');
});

test('a client-side navigation is served from the cache the second time', async ({ page }) => {
  const isNavigation = (r: Response) =>
    r.url().includes('/questions/putin-approval') &&
    r.request().headers()['rsc'] === '1' &&
    r.request().headers()['next-router-prefetch'] === undefined &&
    r.status() === 200;
  const navigate = async () => {
    await page.goto('/');
    const rsc = page.waitForResponse(isNavigation);
    await page.locator('[data-testid="question-card"][data-slug="putin-approval"]').getByRole('link').first().click();
    await expect(page).toHaveURL(/\/questions\/putin-approval$/);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    return rsc;
  };
  const first = await navigate();
  expect(['miss', 'joined', 'hit']).toContain(first.headers()[CACHE]);
  expect(first.headers()['content-type']).toContain('text/x-component');
  const second = await navigate();
  // The payload (and so the key) depends on the router state the browser sends, which differs when a
  // prefetch of the link landed before the click in one visit and not in the other. Same state,
  // same entry: then the second navigation must be a hit.
  const tree = (r: Response) => r.request().headers()['next-router-state-tree'] ?? '';
  if (tree(second) === tree(first)) expect(second.headers()[CACHE]).toBe('hit');
  else expect(['miss', 'joined', 'hit']).toContain(second.headers()[CACHE]);
  await expect(page.getByTestId('trend-figure')).toBeVisible();
});
