import { expect, type Page } from '@playwright/test';

export const PHONE = { width: 360, height: 800 };
export const DESKTOP = { width: 1200, height: 900 };

/**
 * Charts draw after hydration (their Recharts code loads with next/dynamic): wait until no chart box
 * still shows its placeholder, so width checks and screenshots see the drawn charts.
 * Hydrating the Putin page (252 polls) can take several seconds on a busy machine, hence the budget.
 */
export async function waitForChartsDrawn(page: Page): Promise<void> {
  await expect(page.getByTestId('chart-loading')).toHaveCount(0, { timeout: 30_000 });
}

/**
 * The page at desktop and 360 px width, charts drawn and each chart no wider than the window. No
 * screenshot is kept for the report (nothing would compare it: tests/e2e/visual.spec.ts holds the
 * compared baselines); with UPDATE_SCREENSHOTS=1 one screenful per width is written to
 * docs/screenshots/<name>-desktop.png / -phone.png for the README. Leaves the page at desktop size.
 */
export async function snapBothWidths(page: Page, name: string, readmeFocusTestId?: string): Promise<void> {
  for (const [label, size] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    await page.setViewportSize(size);
    await expect(page.locator('main')).toBeVisible();
    await waitForChartsDrawn(page);
    await page.waitForFunction(() => [...document.querySelectorAll('.recharts-wrapper')].every((w) => w.getBoundingClientRect().width <= window.innerWidth));
    if (process.env.UPDATE_SCREENSHOTS) {
      // README images: one screenful, scrolled to the chart that matters on that page.
      if (readmeFocusTestId)
        await page
          .getByTestId(readmeFocusTestId)
          .first()
          .evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await page.screenshot({ path: `docs/screenshots/${name}-${label}.png` });
      await page.evaluate(() => window.scrollTo(0, 0));
    }
  }
  await page.setViewportSize(DESKTOP);
}

/** At 360 px the page itself must not scroll sideways (tables scroll inside their own container). */
export async function expectNoHorizontalScrollAt360(page: Page, url: string): Promise<void> {
  await page.setViewportSize(PHONE);
  await page.goto(url);
  await expect(page.locator('main')).toBeVisible();
  await waitForChartsDrawn(page);
  // Charts measure their container after hydration; wait until every chart fits the viewport.
  await page.waitForFunction(() => [...document.querySelectorAll('.recharts-wrapper')].every((w) => w.getBoundingClientRect().width <= 360));
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(360);
  await page.setViewportSize(DESKTOP);
}

/**
 * Press Tab until focus lands on the Recharts surface (or wrapper) inside `container`. Tabbing starts
 * from the last focusable element before the container in document order (a page's header, filters
 * and tables can hold a hundred stops before it): what is checked is that Tab moves focus into the
 * chart, not how many stops precede it.
 */
export async function tabToChart(page: Page, containerTestId: string, maxTabs = 20): Promise<number> {
  // The focusable surface exists only once the drawing has loaded (after hydration).
  await expect(page.getByTestId(containerTestId).locator('.recharts-surface').first()).toBeVisible({ timeout: 30_000 });
  const startedBefore = await page.evaluate((id) => {
    const container = document.querySelector(`[data-testid="${id}"]`);
    if (!container) return false;
    const focusable = [
      ...document.querySelectorAll<HTMLElement>('a[href], button:not([disabled]), input:not([disabled]), select, textarea, [tabindex]'),
    ].filter((el) => el.tabIndex >= 0 && el.getClientRects().length > 0 && !container.contains(el));
    const before = focusable.filter((el) => container.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING).at(-1);
    if (!before) return false;
    before.focus();
    return document.activeElement === before;
  }, containerTestId);
  // Nothing focusable before the chart: start from the top of the page.
  if (!startedBefore) await page.locator('body').click({ position: { x: 1, y: 1 } });
  for (let i = 1; i <= maxTabs; i++) {
    await page.keyboard.press('Tab');
    const inChart = await page.evaluate((id) => {
      const el = document.activeElement;
      return !!el && !!el.closest(`[data-testid="${id}"]`) && (el.classList.contains('recharts-surface') || el.classList.contains('recharts-wrapper'));
    }, containerTestId);
    if (inChart) return i;
  }
  throw new Error(`focus never reached the chart ${containerTestId} in ${maxTabs} Tab presses`);
}
