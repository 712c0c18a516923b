import { expect, test } from '@playwright/test';
import { expectNoHorizontalScrollAt360, snapBothWidths, tabToChart } from './support/page-checks';

interface ApiQuestion {
  data: {
    trend: {
      method: string;
      points: { date: string; option: string; wordingKey: string; estimate: number; bands: Record<'50' | '80' | '95', [number, number]> }[];
      series: { option: string; wordingKey: string; isMain: boolean }[];
    };
    changes: { option: string; pollId: number; pValue: number; verdict: string }[];
    polls: { id: number; pollster: { slug: string }; sampleSize: number | null; fieldEnd: string | null; wordingKey: string }[];
  };
}

test.describe('question page', () => {
  // The Putin page hydrates 252 polls and 252 trend points; on a shared 2-core machine that can take
  // several seconds, so these tests get the slow-test budget and wait for the chart explicitly.
  test.slow();
  test.use({ actionTimeout: 30_000 });

  test('switching the trend method changes the URL and the line, and the URL reproduces the view', async ({ page, request }) => {
    await page.goto('/questions/putin-approval');
    await expect(page.getByRole('heading', { level: 1, name: 'Approval of Vladimir Putin' })).toBeVisible();
    const switcher = page.getByTestId('method-switcher');
    await expect(switcher.getByRole('link', { name: 'Kalman smoother' })).toHaveAttribute('aria-current', 'true');
    const curve = page.getByTestId('trend-chart').locator('.recharts-line-curve').first();
    await expect(curve).toHaveAttribute('d', /^M/, { timeout: 30_000 });
    const defaultD = await curve.getAttribute('d');

    await switcher.getByRole('link', { name: 'Weighted average' }).click();
    await expect(page).toHaveURL(/method=weighted/);
    await expect(switcher.getByRole('link', { name: 'Weighted average' })).toHaveAttribute('aria-current', 'true');
    await expect(curve).not.toHaveAttribute('d', defaultD ?? '');
    const weightedD = await curve.getAttribute('d');

    // The same URL opened fresh draws the same line.
    const url = page.url();
    await page.goto(url);
    await expect(page.getByTestId('trend-chart').locator('.recharts-line-curve').first()).toHaveAttribute('d', weightedD ?? '', { timeout: 30_000 });

    // The data table shows the chart's numbers, and they are the API's numbers for the same view.
    const figure = page.getByTestId('trend-figure');
    await figure.getByTestId('table-toggle').click();
    await expect(figure.getByTestId('table-toggle')).toHaveAttribute('aria-expanded', 'true');
    const estimates = figure.getByTestId('trend-line-table').first().getByTestId('trend-estimate');
    await expect(estimates).toHaveCount(252);
    const shown = await estimates.allTextContents();
    const api = (await (await request.get('/api/v1/questions/putin-approval?method=weighted&option=approve')).json()) as ApiQuestion;
    expect(api.data.trend.method).toBe('weighted');
    const main = api.data.trend.series.find((s) => s.option === 'approve' && s.isMain);
    const apiEstimates = api.data.trend.points.filter((p) => p.option === 'approve' && p.wordingKey === main?.wordingKey).map((p) => p.estimate.toFixed(2));
    expect(shown).toEqual(apiEstimates);
    await expect(figure.getByTestId('method-link')).toHaveAttribute('href', '/methodology#trend-weighted');
    await snapBothWidths(page, 'question-putin', 'trend-figure');
  });

  test('the data table toggle is a keyboard-operable button and focus reaches the chart', { tag: '@browser-only' }, async ({ page }) => {
    await page.goto('/questions/putin-approval?method=mean');
    const toggle = page.getByTestId('trend-figure').getByTestId('table-toggle');
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await expect(page.getByTestId('trend-figure').getByTestId('table-panel')).toBeHidden();
    await toggle.focus();
    await page.keyboard.press('Enter');
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await expect(page.getByTestId('trend-figure').getByTestId('trend-line-table').first()).toBeVisible();
    const presses = await tabToChart(page, 'trend-chart');
    expect(presses).toBeGreaterThan(0);
    await expect(page.getByTestId('trend-figure').getByTestId('chart-summary')).toContainText('Mean of last 5 polls of “Approve”');
  });

  test('waves show the change, the verdict and its p-value (as in the API)', async ({ page, request }) => {
    await page.goto('/questions/putin-approval?option=approve');
    const api = (await (await request.get('/api/v1/questions/putin-approval?option=approve')).json()) as ApiQuestion;
    const first = page.getByTestId('waves-table').locator('tbody tr').first();
    const pollId = Number(await first.getAttribute('data-poll-id'));
    const change = api.data.changes.find((c) => c.pollId === pollId);
    expect(change).toBeDefined();
    const verdict = first.getByTestId('wave-verdict');
    await expect(verdict).toContainText(change?.verdict ?? '');
    await expect(verdict).toHaveAttribute('title', new RegExp(change && change.pValue < 0.001 ? 'p < 0.001' : `p = ${change?.pValue.toFixed(3)}`));
    await verdict.focus();
    await expect(verdict.getByText(/p [=<]/)).toBeVisible();
    await expect(page.getByTestId('house-effects-reason')).toContainText('Only one pollster');
  });

  test('the poll readout names polls from the keyboard; the waves table states its FDR and fits 360 px; the card leads with the newest poll', async ({
    page,
  }) => {
    await page.goto('/questions/kuril-transfer?option=against');
    const readout = page.getByTestId('poll-readout');
    await expect(readout).toBeVisible({ timeout: 30_000 });
    await readout.focus();
    await page.keyboard.press('End');
    const text = page.getByTestId('poll-readout-text');
    await expect(text).toContainText('Levada Center');
    await expect(text).toContainText('74%');
    await expect(text).toContainText('95% interval 71.8–76.1');
    await page.keyboard.press('ArrowLeft');
    await expect(text).not.toContainText('74%');
    await expect(page.getByTestId('waves-fdr')).toContainText('false discovery rate');
    await page.setViewportSize({ width: 360, height: 800 });
    const row = page.getByTestId('waves-table').locator('tbody tr').first();
    for (const cell of [row.getByTestId('wave-change'), row.locator('td').last()]) {
      const box = await cell.boundingBox();
      expect((box?.x ?? 999) + (box?.width ?? 999)).toBeLessThanOrEqual(360);
    }
    await page.goto('/');
    const card = page.locator('[data-testid="question-card"][data-slug="kuril-transfer"]');
    await expect(card.getByTestId('card-latest')).toContainText('Levada Center');
    await expect(card).toContainText('74%');
  });

  test('Levada 2018 and VCIOM 2018 are different wordings on the Kuril page', async ({ page, request }) => {
    await page.goto('/questions/kuril-transfer?option=against');
    const api = (await (await request.get('/api/v1/questions/kuril-transfer?option=against')).json()) as ApiQuestion;
    const levada2018 = api.data.polls.find((p) => p.pollster.slug === 'levada-center' && p.fieldEnd?.startsWith('2018-11'));
    const vciom2018 = api.data.polls.find((p) => p.pollster.slug === 'vciom' && p.fieldEnd?.startsWith('2018-11'));
    expect(levada2018?.wordingKey).toBeTruthy();
    expect(levada2018?.wordingKey).not.toBe(vciom2018?.wordingKey);
    // Each wording is its own series in the legend (and its own line/dots in the chart).
    await expect(page.locator(`[data-testid="trend-series"][data-wording="${levada2018?.wordingKey}"]`)).toHaveCount(1);
    await expect(page.locator(`[data-testid="trend-series"][data-wording="${vciom2018?.wordingKey}"]`)).toHaveCount(1);
    await expect(page.getByTestId('trend-series')).toHaveCount(4);
    await expect(page.getByTestId('trend-figure')).toContainText('never averaged together');
    // Polls without a disclosed n are imputed for the trend and get no interval.
    await expect(page.getByTestId('imputed-note')).toContainText('did not disclose n');
    await page.getByTestId('trend-figure').getByTestId('table-toggle').click();
    await expect(page.getByTestId('trend-poll-table').first()).toContainText('not shown (n not disclosed)');
    await snapBothWidths(page, 'question-kuril', 'trend-figure');
  });

  test('zoom is an explicit toggle in the URL; the default axis is 0–100', { tag: '@browser-only' }, async ({ page }) => {
    await page.goto('/questions/putin-approval');
    // Recharts 3 draws tick labels in their own layer, so find them by text inside the chart.
    const tick = (label: string) =>
      page
        .getByTestId('trend-chart')
        .locator('text')
        .filter({ hasText: new RegExp(`^${label}$`) });
    await expect(tick('0%')).toHaveCount(1, { timeout: 30_000 });
    await expect(tick('100%')).toHaveCount(1);
    await page.getByLabel('Zoom the y axis (not from 0)').check();
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/zoom=1/);
    await expect(page.getByTestId('trend-figure')).toContainText('The y axis is zoomed');
    await expect(tick('\\d+%').first()).toBeVisible({ timeout: 30_000 });
    // Zoomed: the axis no longer starts at 0 (its top may still reach 100 when the 95% band does).
    await expect(tick('0%')).toHaveCount(0);
  });

  test('no horizontal scroll at 360 px', { tag: '@browser-only' }, async ({ page }) => {
    await expectNoHorizontalScrollAt360(page, '/questions/putin-approval');
    await expectNoHorizontalScrollAt360(page, '/questions/kuril-transfer');
  });
});
