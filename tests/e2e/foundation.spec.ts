import { expect, test } from '@playwright/test';

test.describe('foundation slice', () => {
  test('overview lists the tracked questions, latest polls and the trade indicator', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Tracked questions' })).toBeVisible();
    const cards = page.getByTestId('question-cards');
    await expect(cards.getByRole('link', { name: 'Transfer Kuril islands to Japan?' })).toBeVisible();
    await expect(cards.getByRole('link', { name: 'Approval of Vladimir Putin' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Latest polls' })).toBeVisible();
    const indicators = page.getByTestId('indicator-cards');
    await expect(indicators).toContainText('Russia–Japan bilateral trade (US$)');
    // 2023 is the newest headline value (9.6) and the target is 30: the gap is 20.4.
    await expect(indicators).toContainText('gap 20.4 US$ bn');
  });

  test('the Kuril question page shows the Levada 2018 result with intervals and its source', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('link', { name: 'Transfer Kuril islands to Japan?' }).click();
    await expect(page).toHaveURL(/\/questions\/kuril-transfer$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Transfer Kuril islands to Japan?' })).toBeVisible();
    await expect(page.getByText('Levada Center · 22–28 Nov 2018')).toBeVisible();
    await expect(page.getByTestId('share-against')).toHaveText('74%');
    await expect(page.getByTestId('share-for')).toHaveText('17%');
    await expect(page.getByTestId('share-dont_know')).toHaveText('9%');
    await expect(page.getByTestId('disclosure')).toContainText('n = 1,600');
    // Wilson 95% on n = 1,600 (design effect 1, none stated): 74% → 71.8–76.1, 17% → 15.2–18.9.
    await expect(page.getByTestId('interval-against')).toHaveText('71.8–76.1');
    await expect(page.getByTestId('interval-for')).toHaveText('15.2–18.9');
    await expect(page.getByTestId('source-line')).toContainText('Source: Levada Center');
    await expect(page.getByTestId('source-line').getByRole('link')).toHaveCount(3);

    const chart = page.getByTestId('distribution-chart');
    await expect(chart.locator('svg.recharts-surface')).toBeVisible();
    await expect(chart.locator('.recharts-bar-rectangle')).toHaveCount(3);
    // One whisker per bar.
    await expect(chart.locator('.recharts-errorBar')).toHaveCount(3);

    // Levada 2018 and VCIOM 2018 are different wordings: separate tables, never one series.
    const groups = page.getByTestId('wording-group');
    await expect(groups.filter({ hasText: 'several Kuril islands' })).toHaveCount(1);
    await expect(groups.filter({ hasText: 'southern Kuril Islands' })).toHaveCount(1);

    if (process.env.UPDATE_SCREENSHOTS) {
      await page.setViewportSize({ width: 1100, height: 900 });
      await page.screenshot({ path: 'docs/screenshots/question-page.png', fullPage: false });
    }
  });

  test('an unknown question slug gives the not-found page with status 404', async ({ page }) => {
    const response = await page.goto('/questions/no-such-question');
    expect(response?.status()).toBe(404);
    await expect(page.getByTestId('not-found')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  });
});
