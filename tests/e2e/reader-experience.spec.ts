import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectNoHorizontalScrollAt360, PHONE, waitForChartsDrawn } from './support/page-checks';

const SEED_STORY = '/compare?question=kuril-transfer&indicator=russia-japan-trade';

type Box = { x: number; y: number; width: number; height: number };

async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('element has no box');
  return box;
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

async function seedStoryChecks(page: Page): Promise<void> {
  await page.goto(SEED_STORY);
  await waitForChartsDrawn(page);
  const latest = page.getByTestId('compare-latest');
  // The seed story's poll, with its intervals: Levada Center, 22–28 Nov 2018, n = 1,600.
  await expect(latest).toContainText('Levada Center, 22–28 Nov 2018, n = 1,600');
  await expect(latest.getByTestId('distribution-value')).toHaveText(['17%', '74%', '9%']);
  await expect(latest.locator('.recharts-errorBar')).toHaveCount(3);
  // Every wording is its own series with its own marker shape in the legend and on the chart.
  const series = page.getByTestId('compare-series');
  await expect(series).toHaveCount(4);
  const shapes = await series.evaluateAll((els) => els.map((e) => e.getAttribute('data-shape')));
  expect(new Set(shapes).size).toBe(4);
  for (const shape of shapes) {
    await expect(page.getByTestId('compare-question-panel').locator(`.recharts-surface path[data-shape="${shape}"]`).first()).toBeVisible();
  }
  await expect(series.filter({ hasText: 'several Kuril islands to Japan for a peace treaty' })).toContainText('1 poll');
  // 1990 → 2011 is 21 years without a poll: the line of that wording is broken (no drawn segment).
  const mainLine = page.getByTestId('compare-question-panel').locator('path.recharts-curve.compare-trend-line, .compare-trend-line path').first();
  expect(await mainLine.getAttribute('d')).not.toMatch(/L/);
  // Trade: the 2017 US$18bn point, the US$30bn target and the path 2023 → 2028 at 25.6% a year:
  // (30 / 9.6)^(1/5) − 1 = 0.2558.
  const bottom = page.getByTestId('compare-indicator-panel');
  await expect(bottom.getByText('2017: 18', { exact: true })).toBeVisible();
  await expect(bottom.getByText('Target 30', { exact: true })).toBeVisible();
  await expect(page.getByTestId('compare-required-legend')).toContainText('25.6% a year from 2023 to reach the target by 2028');
  await expect(bottom.locator('.compare-required-path path, path.compare-required-path').first()).toHaveAttribute('d', /L/);
  // Summit events are numbered on the chart, and no two numbers overlap.
  const markers = page.getByTestId('compare-event-marker');
  await expect(markers).toHaveText(['1', '2', '3', '4']);
  const boxes = await Promise.all((await markers.all()).map(boxOf));
  for (let i = 0; i < boxes.length; i += 1)
    for (let j = i + 1; j < boxes.length; j += 1) expect(overlaps(boxes[i] as Box, boxes[j] as Box), `event ${i + 1} and ${j + 1}`).toBe(false);
  // The panels are stacked without overlapping (the "Bottom:" label used to cover the top axis).
  const topBox = await boxOf(page.getByTestId('compare-question-panel'));
  const bottomBox = await boxOf(bottom);
  expect(topBox.y + topBox.height).toBeLessThanOrEqual(bottomBox.y);
}

test.describe('seed-story view', () => {
  test('is linked from the overview', async ({ page }) => {
    await page.goto('/');
    await page.getByTestId('seed-story-link').getByRole('link').click();
    await expect(page).toHaveURL(/\/compare\?question=kuril-transfer&indicator=russia-japan-trade$/);
  });

  test('shows the 2018 poll, every wording, the target and the required path at 1440 px', async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await seedStoryChecks(page);
  });

  test('stays readable at 360 px', { tag: '@browser-only' }, async ({ page }) => {
    await page.setViewportSize(PHONE);
    await seedStoryChecks(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });
});

test.describe('indicator page', () => {
  test('draws the required path; year ticks are regular and none is clipped at 360 px', { tag: '@browser-only' }, async ({ page }) => {
    await page.setViewportSize(PHONE);
    await page.goto('/indicators/russia-japan-trade');
    await waitForChartsDrawn(page);
    const chart = page.getByTestId('indicator-chart');
    await expect(chart.locator('.indicator-required-path path, path.indicator-required-path').first()).toHaveAttribute('d', /L/);
    await expect(page.getByTestId('indicator-required-legend')).toContainText('25.6% a year from 2023 to 2028');
    // Recharts 3 draws tick labels in a layer outside .recharts-xAxis; x labels are the centred ones.
    const ticks = chart.locator('text.recharts-cartesian-axis-tick-value[text-anchor="middle"]');
    await expect(ticks).toHaveText(['2015', '2020', '2025']);
    const svg = await boxOf(chart.locator('svg.recharts-surface').first());
    for (const t of await ticks.all()) {
      const b = await boxOf(t);
      expect(b.x).toBeGreaterThanOrEqual(svg.x);
      expect(b.x + b.width).toBeLessThanOrEqual(svg.x + svg.width);
    }
    // The target label sits clear of every dot.
    const label = await boxOf(chart.getByTestId('target-label'));
    const dots = await chart.locator('.recharts-scatter-symbol').all();
    expect(dots.length).toBeGreaterThan(0);
    for (const dot of dots) expect(overlaps(label, await boxOf(dot))).toBe(false);
  });
});

test.describe('small things', () => {
  test('value labels sit past the interval whiskers', { tag: '@browser-only' }, async ({ page }) => {
    await page.goto('/questions/kuril-transfer');
    await waitForChartsDrawn(page);
    const chart = page.getByTestId('distribution-chart').first();
    const labels = chart.getByTestId('distribution-value');
    await expect(labels).toHaveText(['17%', '74%', '9%']);
    const whiskers = await Promise.all((await chart.locator('.recharts-errorBar').all()).map(boxOf));
    const texts = await Promise.all((await labels.all()).map(boxOf));
    for (let i = 0; i < texts.length; i += 1) {
      const w = whiskers[i] as Box;
      expect((texts[i] as Box).x).toBeGreaterThan(w.x + w.width);
    }
  });

  test('a bad query value shows the default with a visible note; titles never read "?:"; /favicon.ico is served', async ({ page, request }) => {
    await page.goto('/questions/putin-approval?method=foo');
    await expect(page.getByTestId('ignored-params')).toContainText('method=foo');
    // The default method (Kalman) is shown instead.
    await expect(page.getByTestId('method-switcher').getByRole('link', { name: 'Kalman smoother' })).toHaveAttribute('aria-current', 'true');
    await page.goto('/embed/questions/kuril-transfer/trend?method=foo');
    await expect(page.getByTestId('ignored-params')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Transfer Kuril islands to Japan? — Against');
    const favicon = await request.get('/favicon.ico');
    expect(favicon.status()).toBe(200);
    expect(favicon.headers()['content-type']).toMatch(/icon/);
  });

  test('zoomed y ticks are evenly spaced round numbers', { tag: '@browser-only' }, async ({ page }) => {
    await page.goto('/questions/putin-approval?zoom=1');
    const yTicks = page.getByTestId('trend-chart').locator('text.recharts-cartesian-axis-tick-value[text-anchor="end"]');
    await expect(yTicks.first()).toBeVisible({ timeout: 30_000 });
    const values = (await yTicks.allTextContents()).map((t) => Number(t.replace('%', '')));
    expect(values.length).toBeGreaterThanOrEqual(3);
    const steps = new Set(values.slice(1).map((v, i) => v - (values[i] ?? 0)));
    expect(steps.size).toBe(1);
    const [step] = [...steps];
    expect([1, 2, 5, 10, 20, 25]).toContain(step);
    for (const v of values) expect(v % (step ?? 1)).toBe(0);
  });

  test('the method is printed once in a caption', async ({ page }) => {
    // The weighted average names its half-life in the method text: once, not in subtitle and units both.
    await page.goto('/questions/kuril-transfer?method=weighted');
    const figure = page.getByTestId('trend-figure');
    const caption = await figure.locator('figcaption').innerText();
    expect(caption.match(/30-day half-life/g)).toHaveLength(1);
  });
});

test.describe('demo data', () => {
  test('house effects and crosstabs appear on the impeachment pages', async ({ page, request }) => {
    await page.goto('/questions/trump-impeach-remove');
    await expect(page.getByTestId('house-effects-figure')).toBeVisible();
    const api = (await (await request.get('/api/v1/questions/trump-impeach-remove')).json()) as {
      data: { houseEffects: { rows: { pollsterSlug: string }[] }; polls: { id: number; pollster: { slug: string } }[] };
    };
    // 13 of the 22 pollsters asked it at least twice (counted in the CSV).
    expect(new Set(api.data.houseEffects.rows.map((r) => r.pollsterSlug)).size).toBeGreaterThanOrEqual(2);
    const monmouth = api.data.polls.find((p) => p.pollster.slug === 'monmouth-university');
    expect(monmouth).toBeDefined();
    await page.goto(`/polls/${monmouth?.id ?? 0}`);
    await expect(page.getByText('Republicans').first()).toBeVisible();
    await expect(page.getByText('Democrats').first()).toBeVisible();
    // Thirty pollsters with long names ("CNBC/Hart Research/…") must not widen a phone's page.
    await expectNoHorizontalScrollAt360(page, `/polls/${monmouth?.id ?? 0}`);
    await expectNoHorizontalScrollAt360(page, '/questions/trump-impeach-remove');
    const putin = (await (await request.get('/api/v1/questions/putin-approval')).json()) as { data: { polls: { id: number; sampleSize: number | null }[] } };
    expect(putin.data.polls.every((p) => p.sampleSize === 1600)).toBe(true);
    await page.goto(`/polls/${putin.data.polls[0]?.id ?? 0}`);
    await expect(page.locator('main')).toContainText('standard figures for its monthly omnibus');
    await page.goto('/pollsters/levada-center');
    // 5 Kuril polls (1 with n) + 252 approval waves with Levada's standard n.
    await expect(page.getByTestId('disclosure-record').locator('[data-item="sampleSize"]')).toContainText('253 of 257');
  });
});

/** A host page on another origin (another port) that embeds a chart with the embed code. */
async function startHost(embedUrl: string, origin: string, withScript: boolean, height: number): Promise<{ server: Server; url: string }> {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>Host</title></head><body style="margin:0;font-family:sans-serif">
<p>Host page text above the chart.</p>
<iframe id="chart" src="${origin}${embedUrl}" title="Chart" width="100%" height="${height}" style="border:0"></iframe>${withScript ? `<script async src="${origin}/embed.js"></script>` : ''}
<p id="after">Host page text below the chart.</p></body></html>`;
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/` };
}

async function expectEssentialsInFrame(page: Page, frameHeight: number): Promise<void> {
  const frame = page.frameLocator('#chart');
  const frameBox = await boxOf(page.locator('#chart'));
  expect(Math.round(frameBox.height)).toBe(frameHeight);
  for (const id of ['embed-figure', 'embed-legend', 'embed-source-line', 'embed-full-link']) {
    const el = id === 'embed-figure' ? frame.getByRole('heading', { level: 1 }) : frame.getByTestId(id);
    await expect(el).toBeVisible();
    const b = await boxOf(el);
    // Inside the iframe's visible area (boxes are in the host page's coordinates).
    expect(b.y, id).toBeGreaterThanOrEqual(frameBox.y - 1);
    expect(b.y + b.height, id).toBeLessThanOrEqual(frameBox.y + frameBox.height + 1);
  }
}

test.describe('embeds that fit', { tag: '@browser-only' }, () => {
  test('a cross-origin host page at 700 px sizes the frame to the chart through postMessage', async ({ page, baseURL }) => {
    const origin = new URL(baseURL ?? '').origin;
    const host = await startHost('/embed/questions/kuril-transfer/trend', origin, true, 600);
    try {
      await page.setViewportSize({ width: 700, height: 900 });
      await page.goto(host.url);
      await expect(page.frameLocator('#chart').locator('.recharts-surface').first()).toBeVisible({ timeout: 30_000 });
      const iframe = page.locator('#chart');
      await expect(iframe).toHaveAttribute('data-pollboard-sized', 'true');
      // The frame ends up as tall as the embed's own content: nothing inside scrolls.
      await expect
        .poll(async () => iframe.evaluate((el) => Math.abs(el.getBoundingClientRect().height - Number(el.getAttribute('height')))))
        .toBeLessThanOrEqual(1);
      const inner = await page
        .frameLocator('#chart')
        .locator('[data-embed-part="body"]')
        .evaluate((el) => el.scrollHeight - el.clientHeight);
      expect(inner).toBeLessThanOrEqual(1);
      await expectEssentialsInFrame(page, Number(await iframe.getAttribute('height')));
      await expect(page.frameLocator('#chart').getByTestId('series-legend').locator('li')).toHaveCount(4);
    } finally {
      host.server.close();
    }
  });

  for (const width of [320, 1200]) {
    test(`without the script a fixed 480 px frame still shows title, legend, source and back-link at ${width} px`, async ({ page, baseURL }) => {
      const origin = new URL(baseURL ?? '').origin;
      const host = await startHost('/embed/questions/kuril-transfer/trend', origin, false, 480);
      try {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(host.url);
        await expect(page.frameLocator('#chart').locator('.recharts-surface').first()).toBeVisible({ timeout: 30_000 });
        await expectEssentialsInFrame(page, 480);
      } finally {
        host.server.close();
      }
    });
  }

  test('the embed code carries the one-line sizing script', async ({ page }) => {
    await page.goto('/questions/kuril-transfer');
    const menu = page.getByTestId('trend-figure').getByTestId('export-menu');
    await menu.getByTestId('export-button').click();
    await menu.getByTestId('embed-toggle').click();
    await expect(menu.getByTestId('embed-code')).toHaveValue(/height="600"[^>]*><\/iframe><script async src="http[^"]+\/embed\.js"><\/script>$/);
  });
});
