import { expect, test } from '@playwright/test';
import { expectNoHorizontalScrollAt360, snapBothWidths, tabToChart } from './support/page-checks';

interface ApiPoll {
  data: {
    id: number;
    sampleSize: number | null;
    designEffect: { value: number; origin: string } | null;
    questions: {
      results: { option: string; percent: number; interval: { low: number; high: number } | null }[];
      lead: { lead: number; moe: number | null } | null;
    }[];
  };
}

test.describe('overview', () => {
  test('cards show the latest result with intervals and a sparkline; filters live in the URL', async ({ page, request }) => {
    await page.goto('/');
    const kuril = page.locator('[data-testid="question-card"][data-slug="kuril-transfer"]');
    await expect(kuril).toContainText('Latest: Levada Center, 22–28 Nov 2018 (n = 1,600)');
    await expect(kuril).toContainText('Against 74%');
    await expect(kuril).toContainText('(71.8–76.1)');
    await expect(kuril.getByTestId('sparkline')).toBeVisible();
    const api = (await (await request.get('/api/v1/questions')).json()) as { data: { slug: string; pollCount: number }[] };
    // Non-empty first (an empty API would pass the loop), and one card per question the API lists.
    expect(api.data.map((q) => q.slug)).toEqual(expect.arrayContaining(['kuril-transfer', 'putin-approval']));
    await expect(page.getByTestId('question-card')).toHaveCount(api.data.length);
    for (const q of api.data) {
      await expect(page.locator(`[data-testid="question-card"][data-slug="${q.slug}"]`)).toContainText(
        `${q.pollCount} ${q.pollCount === 1 ? 'poll' : 'polls'}`,
      );
    }
    await expect(page.getByTestId('indicator-cards')).toContainText('gap 20.4 US$ bn');
    await expect(page.getByTestId('latest-polls')).toBeVisible();

    await page.getByLabel('Topic').selectOption('Leaders');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect(page).toHaveURL(/topic=Leaders/);
    await expect(page.getByTestId('question-card')).toHaveCount(1);
    await expect(page.getByTestId('question-card')).toHaveAttribute('data-slug', 'putin-approval');
    await page.goto('/?pollster=vciom');
    await expect(page.getByTestId('question-card')).toHaveCount(2);
    await page.goto('/?q=zzzz');
    await expect(page.getByTestId('no-matches')).toBeVisible();
    await page.goto('/');
    await snapBothWidths(page, 'overview');
    await expectNoHorizontalScrollAt360(page, '/');
  });
});

test.describe('poll page', () => {
  test('results, intervals, lead and disclosure match the API; unknown ids are 404', async ({ page, request }) => {
    const q = (await (await request.get('/api/v1/questions/kuril-transfer')).json()) as {
      data: { polls: { id: number; sampleSize: number | null; pollster: { slug: string } }[] };
    };
    const id = q.data.polls.find((p) => p.sampleSize === 1600 && p.pollster.slug === 'levada-center')?.id;
    expect(id).toBeDefined();
    const api = (await (await request.get(`/api/v1/polls/${id}`)).json()) as ApiPoll;
    await page.goto(`/polls/${id}`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Levada Center, 22–28 Nov 2018');
    await expect(page.getByTestId('poll-precision')).toContainText('n = 1,600 · design effect 1.00 (assumed');
    expect(api.data.designEffect).toEqual({ value: 1, origin: 'assumed' });
    // Against, for, don't know (74 / 17 / 9): checked non-empty before the loop.
    const results = api.data.questions[0]?.results ?? [];
    expect(results.map((r) => r.percent)).toEqual(expect.arrayContaining([74, 17, 9]));
    expect(results).toHaveLength(3);
    for (const r of results) {
      await expect(page.getByTestId(`share-${r.option}`)).toHaveText(`${r.percent}%`);
      await expect(page.getByTestId(`interval-${r.option}`)).toHaveText(`${r.interval?.low.toFixed(1)}–${r.interval?.high.toFixed(1)}`);
    }
    const lead = api.data.questions[0]?.lead;
    await expect(page.getByTestId('lead')).toContainText(`by ${lead?.lead.toFixed(1)} points ± ${lead?.moe?.toFixed(1)}`);
    const checklist = page.getByTestId('disclosure-checklist');
    await expect(checklist.locator('[data-item="sampleSize"]')).toContainText('1,600');
    await expect(checklist.locator('[data-item="weighting"]')).toContainText('not disclosed');
    await expect(checklist.locator('[data-item="sponsor"]')).toContainText('not disclosed');
    await expect(page.getByTestId('no-crosstabs')).toBeVisible();
    await expect(page.getByTestId('poll-sources').getByRole('link')).toHaveCount(3);
    await tabToChart(page, 'distribution-chart');
    await snapBothWidths(page, 'poll');
    await expectNoHorizontalScrollAt360(page, `/polls/${id}`);

    const missing = await page.goto('/polls/999999');
    expect(missing?.status()).toBe(404);
    await expect(page.getByTestId('not-found')).toBeVisible();
    expect((await request.get('/api/v1/polls/999999')).status()).toBe(404);
  });
});

test.describe('pollster page', () => {
  test('shows the disclosure record, questions and why house effects are not shown', async ({ page }) => {
    await page.goto('/pollsters/levada-center');
    await expect(page.getByRole('heading', { level: 1, name: 'Levada Center' })).toBeVisible();
    // 253 of 257 Levada polls have n: the 2018 Kuril poll's own, and Levada's standard omnibus n on
    // the 252 approval waves (marked as standard figures on each poll).
    await expect(page.getByTestId('disclosure-record').locator('[data-item="sampleSize"]')).toContainText('253 of 257');
    await expect(page.getByTestId('house-effects-reason').first()).toContainText('not shown');
    await expect(page.getByTestId('pollster-polls').locator('tbody tr')).toHaveCount(257);
    await snapBothWidths(page, 'pollster');
    await expectNoHorizontalScrollAt360(page, '/pollsters/levada-center');
    expect((await page.goto('/pollsters/nobody'))?.status()).toBe(404);
  });
});

test.describe('indicator page', () => {
  test('shows the gap to the US$30bn target and the growth needed, by the reader’s year', async ({ page, request }) => {
    await page.goto('/indicators/russia-japan-trade');
    await expect(page.getByTestId('gap-value')).toHaveText('20.4 US$ bn');
    // (30 / 9.6)^(1/5) − 1 = 25.6% a year, 2023 + 5 = 2028 by default.
    await expect(page.getByTestId('required-growth')).toContainText('Needs 25.6% a year to reach 30 US$ bn by 2028');
    await expect(page.getByTestId('target-gap')).toContainText('without a deadline');
    await page.getByLabel('Reach the target by').fill('2030');
    await page.getByRole('button', { name: 'Recalculate' }).click();
    await expect(page).toHaveURL(/by=2030/);
    const api = (await (await request.get('/api/v1/indicators/russia-japan-trade?by=2030')).json()) as {
      data: { requiredGrowth: { rate: number }; observations: { period: string; value: number; role: string }[] };
    };
    await expect(page.getByTestId('required-growth')).toContainText(`Needs ${api.data.requiredGrowth.rate.toFixed(1)}% a year`);
    // The table lists every observation (alternatives and part-years included) with the API's values.
    const rows = page.getByTestId('indicator-table').locator('tbody tr');
    await expect(rows).toHaveCount(api.data.observations.length);
    expect(await rows.locator('td:first-of-type').allTextContents()).toEqual(api.data.observations.map((o) => String(o.value)));
    await expect(page.getByTestId('indicator-table').locator('tr[data-role="alternative"]').first()).toBeVisible();
    // Actuals solid, estimates hollow, target dashed.
    const chart = page.getByTestId('indicator-chart');
    await expect(chart.locator('.recharts-reference-line line')).toHaveAttribute('stroke-dasharray', '6 4');
    await expect(chart.locator('circle[fill="#ffffff"]')).toHaveCount(api.data.observations.filter((o) => o.role === 'estimate').length);
    await tabToChart(page, 'indicator-chart');
    await page.goto('/indicators/russia-japan-trade');
    await snapBothWidths(page, 'indicator');
    await expectNoHorizontalScrollAt360(page, '/indicators/russia-japan-trade');
    expect((await page.goto('/indicators/nothing'))?.status()).toBe(404);
  });
});

test.describe('compare page', () => {
  test('draws the question and the indicator on one time axis with events', async ({ page }) => {
    await page.goto('/compare?question=kuril-transfer&indicator=russia-japan-trade&option=against');
    const top = page.getByTestId('compare-question-panel');
    const bottom = page.getByTestId('compare-indicator-panel');
    await expect(top.locator('.recharts-surface')).toBeVisible();
    await expect(bottom.locator('.recharts-surface')).toBeVisible();
    // Recharts 3 draws tick labels in a layer outside .recharts-xAxis; x labels are the centred ones.
    const ticks = (panel: typeof top) => panel.locator('text.recharts-cartesian-axis-tick-value[text-anchor="middle"]').allTextContents();
    await expect(top.locator('text.recharts-cartesian-axis-tick-value[text-anchor="middle"]')).toHaveText(['1990', '2000', '2010', '2020']);
    expect(await ticks(top)).toEqual(await ticks(bottom));
    await expect(page.getByTestId('compare-events')).toContainText('Abe–Putin talks, Moscow');
    await snapBothWidths(page, 'compare');
    await expectNoHorizontalScrollAt360(page, '/compare?question=kuril-transfer&indicator=russia-japan-trade');
  });
});

test.describe('methodology', () => {
  test('every "How is this computed?" link on the question page points at an anchor that exists', async ({ page }) => {
    await page.goto('/questions/kuril-transfer');
    const hrefs = await page.locator('a[href^="/methodology#"]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.length).toBeGreaterThan(1);
    await page.goto('/methodology');
    for (const h of new Set(hrefs)) await expect(page.locator(`[id="${h.split('#')[1]}"]`)).toHaveCount(1);
    await expect(page.locator('#wilson')).toContainText('Wilson');
    await snapBothWidths(page, 'methodology');
    await expectNoHorizontalScrollAt360(page, '/methodology');
  });
});

test.describe('read API', () => {
  test('bad query values get a 400 naming the parameter', async ({ request }) => {
    const r = await request.get('/api/v1/questions/putin-approval?method=median');
    expect(r.status()).toBe(400);
    expect(((await r.json()) as { error: { parameter: string } }).error.parameter).toBe('method');
    expect((await request.get('/api/v1/polls?pageSize=5000')).status()).toBe(400);
    expect((await request.get('/api/v1/indicators/russia-japan-trade?by=soon')).status()).toBe(400);
    expect((await request.get('/api/v1/questions/nope')).status()).toBe(404);
    const list = (await (await request.get('/api/v1/polls?page=2&pageSize=10')).json()) as { data: unknown[]; pagination: { total: number; next: string } };
    expect(list.data).toHaveLength(10);
    // 8 Kuril + 252 Putin approval + 329 impeachment polls + 566 polls of the 2008 election topic (FiveThirtyEight)
    expect(list.pagination.total).toBe(589 + 566);
    expect(list.pagination.next).toContain('page=3');
  });
});
