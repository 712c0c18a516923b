import { expect, test, type Page } from '@playwright/test';
import { waitForChartsDrawn } from './support/page-checks';

/**
 * Visual regression: key pages at 360 and 1440 px compared with the committed baselines in
 * tests/e2e/__screenshots__/ (Playwright's toHaveScreenshot), so a layout break fails `npm test`.
 *
 * Regenerate after an intended change (then look at the new images before committing them):
 *   npm run test:e2e -- --update-snapshots -g visual
 *
 * Tolerance is per page: pages whose charts have many small marks (anti-aliasing differs slightly
 * between runs) get more. Nothing on these pages depends on the clock; anything that ever does gets
 * `data-visual-mask` and is masked.
 */
const PAGES: { name: string; url: (page: Page) => Promise<string>; maxDiffPixelRatio: number; fullPage: boolean }[] = [
  { name: 'overview', url: async () => '/', maxDiffPixelRatio: 0.01, fullPage: true },
  { name: 'question-kuril', url: async () => '/questions/kuril-transfer', maxDiffPixelRatio: 0.01, fullPage: true },
  // 252 waves: the full page is very long; the first screens hold every chart.
  { name: 'question-putin', url: async () => '/questions/putin-approval', maxDiffPixelRatio: 0.02, fullPage: false },
  { name: 'question-impeach', url: async () => '/questions/trump-impeach-remove', maxDiffPixelRatio: 0.02, fullPage: false },
  {
    name: 'poll-levada-2018',
    url: async (page) => {
      const res = await page.request.get('/api/v1/questions/kuril-transfer');
      const body = (await res.json()) as { data: { polls: { id: number; sampleSize: number | null; pollster: { slug: string } }[] } };
      const poll = body.data.polls.find((p) => p.sampleSize === 1600 && p.pollster.slug === 'levada-center');
      return `/polls/${poll?.id ?? 0}`;
    },
    maxDiffPixelRatio: 0.01,
    fullPage: true,
  },
  { name: 'indicator', url: async () => '/indicators/russia-japan-trade', maxDiffPixelRatio: 0.01, fullPage: true },
  { name: 'compare-seed-story', url: async () => '/compare?question=kuril-transfer&indicator=russia-japan-trade', maxDiffPixelRatio: 0.01, fullPage: true },
  { name: 'embed-trend', url: async () => '/embed/questions/kuril-transfer/trend', maxDiffPixelRatio: 0.01, fullPage: false },
];

const WIDTHS = [
  { width: 360, height: 2400 },
  { width: 1440, height: 1600 },
];

for (const p of PAGES) {
  for (const size of WIDTHS) {
    test(`visual: ${p.name} at ${size.width} px`, async ({ page }) => {
      await page.setViewportSize(size);
      await page.goto(await p.url(page));
      await expect(page.locator('main')).toBeVisible();
      await waitForChartsDrawn(page);
      await page.waitForFunction((w) => [...document.querySelectorAll('.recharts-wrapper')].every((el) => el.getBoundingClientRect().width <= w), size.width);
      await expect(page).toHaveScreenshot(`${p.name}-${size.width}.png`, {
        fullPage: p.fullPage,
        maxDiffPixelRatio: p.maxDiffPixelRatio,
        animations: 'disabled',
        caret: 'hide',
        mask: [page.locator('[data-visual-mask]')],
      });
    });
  }
}
