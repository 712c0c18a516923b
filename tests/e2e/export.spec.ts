import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';

async function openMenu(page: Page, scope: string) {
  const menu = page.locator(scope).getByTestId('export-menu').first();
  await menu.getByTestId('export-button').click();
  await expect(menu.getByTestId('export-panel')).toBeVisible();
  return menu;
}

/** Width in CSS pixels of the chart drawing the export menu serialises (the largest svg). */
async function chartWidth(page: Page, chartId: string): Promise<number> {
  return page.evaluate((id) => {
    let best = 0;
    let width = 0;
    for (const svg of document.getElementById(id)?.querySelectorAll('svg') ?? []) {
      const r = svg.getBoundingClientRect();
      if (r.width * r.height > best) {
        best = r.width * r.height;
        width = Math.round(r.width);
      }
    }
    return width;
  }, chartId);
}

test.describe('export and sharing', () => {
  test.use({ actionTimeout: 30_000 });

  test('the distribution CSV download holds the numbers of the page table', async ({ page }) => {
    await page.goto('/questions/kuril-transfer');
    const interval = await page.getByTestId('interval-against').first().textContent();
    expect(interval?.trim()).toBe('71.8–76.1');
    const menu = await openMenu(page, 'section[aria-labelledby="latest-heading"]');
    const [download] = await Promise.all([page.waitForEvent('download'), menu.getByTestId('export-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^kuril-transfer-distribution-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile((await download.path()) ?? '', 'utf8');
    const lines = csv.split('\r\n');
    expect(lines[0]).toContain('option_key,option,percent,interval_low,interval_high');
    // The CSV keeps the interval at full precision (what the whiskers are drawn at); at the table's
    // one decimal it is the table's interval.
    const header = (lines[0] ?? '').split(',');
    const row = (lines.find((l) => l.includes(',against,')) ?? '').split(',');
    const cell = (name: string) => row[header.indexOf(name)] ?? '';
    expect(cell('percent')).toBe('74');
    expect(`${Number(cell('interval_low')).toFixed(1)}–${Number(cell('interval_high')).toFixed(1)}`).toBe(interval?.trim());
    expect(cell('sample_size')).toBe('1600');
  });

  test('JSON export carries method, sources and the URL state', async ({ request }) => {
    const res = await request.get('/api/v1/questions/kuril-transfer/trend.json?method=loess');
    expect(res.status()).toBe(200);
    const doc = (await res.json()) as { method: { name: string }; url_state: { query: Record<string, string> }; rows: unknown[]; sources: unknown[] };
    expect(doc.method.name).toBe('loess');
    expect(doc.url_state.query.method).toBe('loess');
    expect(doc.rows.length).toBeGreaterThan(0);
    expect(res.headers()['content-disposition']).toMatch(/kuril-transfer-trend-loess-\d{4}-\d{2}-\d{2}\.json/);
    const etag = res.headers()['etag'] ?? '';
    expect(etag).toMatch(/^W\//);
    expect((await request.get('/api/v1/questions/kuril-transfer/trend.json?method=loess', { headers: { 'If-None-Match': etag } })).status()).toBe(304);
    const bad = await request.get('/api/v1/questions/kuril-transfer/trend.csv?method=magic');
    expect(bad.status()).toBe(400);
    expect(((await bad.json()) as { error: { parameter: string } }).error.parameter).toBe('method');
    expect((await request.get('/api/v1/questions/kuril-transfer/pie.csv')).status()).toBe(404);
    expect((await request.get('/api/v1/questions/nope/trend.csv')).status()).toBe(404);
  });

  test('PNG is a 2x image of the chart and SVG parses with the title in it', { tag: '@browser-only' }, async ({ page }) => {
    await page.goto('/questions/kuril-transfer');
    await expect(page.locator('#chart-distribution svg.recharts-surface').first()).toBeVisible();
    const width = await chartWidth(page, 'chart-distribution');
    expect(width).toBeGreaterThan(100);
    const menu = await openMenu(page, 'section[aria-labelledby="latest-heading"]');
    const [png] = await Promise.all([page.waitForEvent('download'), menu.getByTestId('export-png').click()]);
    expect(png.suggestedFilename()).toMatch(/^kuril-transfer-distribution-\d{4}-\d{2}-\d{2}\.png$/);
    const bytes = await readFile((await png.path()) ?? '');
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(bytes.readUInt32BE(16)).toBe(width * 2);

    const [svg] = await Promise.all([page.waitForEvent('download'), menu.getByTestId('export-svg').click()]);
    const text = await readFile((await svg.path()) ?? '', 'utf8');
    const parsed = await page.evaluate((t) => {
      const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
      return {
        error: doc.querySelector('parsererror') !== null,
        root: doc.documentElement.nodeName,
        texts: [...doc.querySelectorAll('text')].map((n) => n.textContent),
      };
    }, text);
    expect(parsed.error).toBe(false);
    expect(parsed.root).toBe('svg');
    expect(parsed.texts.join(' ')).toContain('Transfer');
    expect(text).not.toMatch(/href="http/);
    expect(parsed.texts.some((t) => t?.startsWith('Source'))).toBe(true);
  });

  test('Copy link reproduces the view; Escape closes the menu', { tag: '@browser-only' }, async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto('/questions/kuril-transfer?method=loess');
    const menu = await openMenu(page, '[data-testid="trend-figure"]');
    await menu.getByTestId('copy-link').click();
    await expect(menu.getByTestId('export-status')).toHaveText('Copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('/questions/kuril-transfer?');
    expect(copied).toContain('method=loess');
    await page.keyboard.press('Escape');
    await expect(menu.getByTestId('export-panel')).toBeHidden();
    await expect(menu.getByTestId('export-button')).toBeFocused();
    await page.goto(copied);
    await expect(page.getByTestId('method-switcher').getByRole('link', { name: 'LOESS' })).toHaveAttribute('aria-current', 'true');
  });

  test('the embed page shows the chart alone with the same numbers', async ({ page }) => {
    const res = await page.goto('/embed/questions/kuril-transfer/distribution');
    expect(res?.status()).toBe(200);
    expect(res?.headers()['x-frame-options']).toBeUndefined();
    await expect(page.getByTestId('embed-figure')).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
    await expect(page.getByTestId('share-against')).toHaveText('74%');
    await expect(page.getByTestId('interval-against')).toHaveText('71.8–76.1');
    await expect(page.getByTestId('embed-full-link')).toHaveAttribute('href', '/questions/kuril-transfer');
    await expect(page.locator('#chart-distribution svg.recharts-surface').first()).toBeVisible();
  });

  test('the OpenAPI document is served and /api lists the endpoints', async ({ page, request }) => {
    const res = await request.get('/api/v1/openapi.json');
    expect(res.status()).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(doc.paths)).toContain('/api/v1/questions/{slug}');
    await page.goto('/api');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('API');
    await expect(page.getByText('/api/v1/questions/{slug}/trend.csv', { exact: false }).first()).toBeVisible();
    await expect(page.getByText('pd.read_csv', { exact: false }).first()).toBeVisible();
  });
  test('"Full series" drops the filters from the data links; the menu opens from the keyboard', async ({ page }) => {
    await page.goto('/questions/kuril-transfer?method=loess&from=2010');
    const menu = page.getByTestId('trend-figure').getByTestId('export-menu');
    await menu.getByTestId('export-button').focus();
    await page.keyboard.press('Enter');
    await expect(menu.getByTestId('export-panel')).toBeVisible();
    const csv = menu.getByTestId('export-csv');
    await expect(csv).toHaveAttribute('href', /^\/api\/v1\/questions\/kuril-transfer\/trend\.csv\?.*from=2010/);
    await menu.getByTestId('scope-full').check();
    await expect(csv).toHaveAttribute('href', /method=loess/);
    await expect(csv).not.toHaveAttribute('href', /from=/);
    await menu.getByTestId('embed-toggle').click();
    await expect(menu.getByTestId('embed-code')).toHaveValue(/<iframe src="http[^"]+\/embed\/questions\/kuril-transfer\/trend\?[^"]*method=loess/);
  });

  test('read API answers 304 to a matching If-None-Match; unknown addresses get the 404 page', async ({ page, request }) => {
    const first = await request.get('/api/v1/questions/kuril-transfer');
    const etag = first.headers()['etag'] ?? '';
    expect(etag).toMatch(/^W\//);
    expect((await request.get('/api/v1/questions/kuril-transfer', { headers: { 'If-None-Match': etag } })).status()).toBe(304);
    const missing = await page.goto('/no-such-page');
    expect(missing?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  });
});
