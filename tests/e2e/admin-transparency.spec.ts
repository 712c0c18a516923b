import { expect, test, type Page } from '@playwright/test';
import { ensureUser, queryE2eDb } from './support/admin';

/**
 * Issue 17's "done when", in Chromium against `next start` on the seeded e2e database: a pollster
 * page shows its disclosure score, herding verdict and accuracy record with intervals; an admin
 * publishes a release, corrects a poll afterwards, and the chart at ?release= still shows the old
 * number while the current one shows the correction and names it; the Kuril page shows the Russian
 * wording beside the English. The release test works on the seed's Levada 2018 poll, which no other
 * test edits.
 */
const ADMIN = { email: 'release.admin@example.org', password: 'a long release-admin passphrase' };
const VERSION = '2026.12.1';

test.beforeAll(() => ensureUser(ADMIN, 'admin'));

async function logIn(page: Page) {
  await page.goto('/admin/login?next=/admin/releases');
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('heading', { name: 'Releases', exact: true })).toBeVisible({ timeout: 30_000 });
}

test('a pollster page shows its disclosure score, herding verdict and accuracy record with intervals', async ({ page }) => {
  await page.goto('/pollsters/rasmussen-reports');
  const score = page.getByTestId('pollster-disclosure-score');
  await expect(score.getByTestId('disclosure-score-value')).toHaveText(/^\d+\.\d$/);
  await expect(score.getByTestId('disclosure-score-items').locator('tbody tr')).toHaveCount(11);
  const herding = page.locator('[data-testid="herding-question"][data-question="us-president-2008"]');
  await expect(herding.getByTestId('herding-verdict')).toHaveText(/varies less than sampling noise allows|no sign of herding|varies more than sampling noise/);
  await expect(herding).toContainText(/χ² = [\d.]+ on \d+ df, dispersion [\d.]+, p = /);
  const accuracy = page.getByTestId('accuracy-record');
  await expect(accuracy.getByTestId('accuracy-polls')).toContainText(/^\d+ in \d+ races$/);
  await expect(accuracy.getByTestId('accuracy-mae')).toContainText(/[\d.]+ points \(95% interval [\d.]+ to [\d.]+\)/);
  await expect(accuracy.getByTestId('accuracy-bias')).toContainText(/95% interval -?[\d.]+ to -?[\d.]+/);
  // The page and the API agree on the numbers.
  const api = (await (await page.request.get('/api/v1/pollsters/rasmussen-reports')).json()) as {
    data: { accuracy: { record: { mae: number } }; disclosureScore: { score: number } };
  };
  await expect(accuracy.getByTestId('accuracy-mae')).toContainText(`${api.data.accuracy.record.mae.toFixed(2)} points`);
  await expect(score.getByTestId('disclosure-score-value')).toHaveText(api.data.disclosureScore.score.toFixed(1));
  // A wider window scores more polls.
  await page.getByRole('link', { name: '180 days' }).click();
  await expect(page.getByTestId('accuracy')).toHaveAttribute('data-window', '180');
});

test('the Kuril page shows the Russian wording beside the English, each with its lang', async ({ page }) => {
  await page.goto('/questions/kuril-transfer');
  const block = page.getByTestId('wording-originals').getByTestId('wording-languages').first();
  await expect(block.locator('blockquote[lang="ru"]')).toContainText('Курильской гряды');
  await expect(block.locator('blockquote[lang="en"]')).toContainText('Kuril');
  await expect(block).toContainText('as the cited report gives it');
  // Search finds the question by its Russian wording.
  await page.goto(`/?q=${encodeURIComponent('Курильской')}`);
  await expect(page.locator('[data-testid="question-card"][data-slug="kuril-transfer"]')).toBeVisible();
});

test('a release keeps showing the old number after a correction; the current view, the overview and a pollster page name the change', async ({ page }) => {
  // Publishing hashes a full dump and the test then walks eight pages: the slow-test budget.
  test.slow();
  const levada = (
    await queryE2eDb<{
      id: number;
    }>`SELECT p."id" FROM "Poll" p JOIN "Pollster" s ON s."id" = p."pollsterId" JOIN "PollQuestion" pq ON pq."pollId" = p."id"
      JOIN "Question" q ON q."id" = pq."questionId"
      WHERE s."slug" = 'levada-center' AND p."sampleSize" = 1600 AND q."slug" = 'kuril-transfer' ORDER BY p."id" LIMIT 1`
  )[0];
  expect(levada).toBeTruthy();
  const pollId = levada?.id ?? 0;

  await logIn(page);
  await page.getByLabel('Version').fill(VERSION);
  await page.getByRole('button', { name: 'Publish release' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`release ${VERSION}`, { timeout: 60_000 });
  await expect(page.getByTestId('polls-sha256')).toHaveText(/^[0-9a-f]{64}$/);
  await expect(page.getByTestId('cite-apa')).toContainText(`(Version ${VERSION}) [Data set]`);
  await expect(page.getByTestId('cite-bibtex')).toContainText('@misc{pollboard_2026_12_1,');
  // The outcomes are frozen with the polls, and listed among the changes (all new in a first release).
  await expect(page.getByTestId('release-outcomes')).toContainText(/\d+ frozen, SHA-256 [0-9a-f]{64}/);
  await expect(page.getByTestId('changelog-outcomes-added')).toContainText('2008');
  const sha = (await page.getByTestId('polls-sha256').textContent()) ?? '';
  // The current question page matches the release.
  await page.goto('/questions/kuril-transfer');
  await expect(page.getByTestId('release-status')).toContainText(`Matches release ${VERSION}`);

  // Correct the seed story's poll: 74% → 73% against.
  await page.goto(`/admin/polls/${pollId}`);
  await expect(page.getByLabel('Results: Against share (%)')).toHaveValue('74');
  await page.getByLabel('Results: Against share (%)').fill('73');
  await page.getByLabel('Correction note').fill('Against corrected from 74% to 73% (e2e).');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('saved-message')).toContainText(`Poll #${pollId} saved`);

  // As of the release: the old number, on the poll's chart and in the chart data; the frozen dump is unchanged.
  await page.goto(`/polls/${pollId}?release=${VERSION}`);
  await expect(page.getByTestId('release-banner')).toContainText(`As of release ${VERSION}`);
  await expect(page.getByTestId('release-banner').getByTestId('release-changes')).toContainText('corrected');
  await expect(page.getByTestId('poll-results').first()).toContainText('74%');
  await expect(page.getByTestId('poll-results').first()).not.toContainText('73%');
  const frozenWaves = await (await page.request.get(`/api/v1/questions/kuril-transfer/waves.csv?option=against&release=${VERSION}`)).text();
  const currentWaves = await (await page.request.get('/api/v1/questions/kuril-transfer/waves.csv?option=against')).text();
  // waves.csv rows: poll_id, pollster, option, wording_key, wording, date, percent, …
  expect(frozenWaves).toMatch(new RegExp(`^${pollId},Levada Center,against,[^\n]*,2018-11-28,74,`, 'm'));
  expect(currentWaves).toMatch(new RegExp(`^${pollId},Levada Center,against,[^\n]*,2018-11-28,73,`, 'm'));
  const dump = await page.request.get(`/api/v1/export/polls.csv?release=${VERSION}`);
  expect(dump.headers()['x-pollboard-sha256']).toBe(sha);

  // Current: the correction, and the question page names the corrected poll since the release.
  await page.goto(`/polls/${pollId}`);
  await expect(page.getByTestId('poll-results').first()).toContainText('73%');
  await page.goto('/questions/kuril-transfer');
  const status = page.getByTestId('release-status');
  await expect(status).toContainText(`Changed since release ${VERSION}`);
  await expect(status.locator('li[data-kind="corrected"]')).toContainText('Levada Center, 2018-11-28');
  // The question page as of the release embeds and links with the release.
  await page.goto(`/questions/kuril-transfer?release=${VERSION}`);
  await expect(page.getByTestId('release-banner')).toBeVisible();
  await expect(page.getByTestId('release-banner').locator('li[data-kind="corrected"]')).toContainText('Levada Center');

  await test.step('the overview and a pollster page as of the release show what it froze and name the correction', async () => {
    // Filtered to the Kuril question: other specs (the import wizard's) add questions that can fill
    // the overview's first page, and the banner names only changes to what the page shows.
    await page.goto(`/?release=${VERSION}&q=Kuril`);
    const banner = page.getByTestId('release-banner');
    await expect(banner).toContainText(`As of release ${VERSION}`);
    await expect(banner.locator('li[data-kind="corrected"]')).toContainText('Levada Center, 2018-11-28');
    // Links from the release's overview stay in the release.
    await expect(page.locator('[data-testid="question-card"][data-slug="kuril-transfer"] h2 a')).toHaveAttribute(
      'href',
      `/questions/kuril-transfer?release=${VERSION}`,
    );
    // The search form keeps the release, and finds the Russian wording in any case.
    await page.getByRole('searchbox', { name: 'Search' }).fill('КУРИЛЬСКОЙ');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect(page).toHaveURL(new RegExp(`release=${VERSION.replace(/\./g, '\\.')}`));
    await expect(page.getByTestId('release-banner')).toBeVisible();
    await expect(page.locator('[data-testid="question-card"]')).toHaveCount(1);
    await expect(page.locator('[data-testid="question-card"][data-slug="kuril-transfer"]')).toBeVisible();

    // The pollster page as of the release: the poll's frozen numbers, and the change named.
    await page.goto(`/pollsters/levada-center?release=${VERSION}`);
    await expect(page.getByTestId('release-banner').locator('li[data-kind="corrected"]')).toContainText('Levada Center, 2018-11-28');
    await page.goto('/pollsters/levada-center');
    const status = page.getByTestId('release-status');
    await expect(status).toContainText(`Changed since release ${VERSION}`);
    await expect(status.locator('li[data-kind="corrected"]')).toContainText('Levada Center, 2018-11-28');
    // Another pollster's page matches the release.
    await page.goto('/pollsters/rasmussen-reports');
    await expect(page.getByTestId('release-status')).toContainText(`Matches release ${VERSION}`);
    // As of the release, its accuracy record is scored on the outcomes frozen with it; the page and
    // the API (?release=) agree, and the window links stay in the release.
    await page.goto(`/pollsters/rasmussen-reports?release=${VERSION}`);
    await expect(page.getByTestId('accuracy-release')).toContainText(`frozen in release ${VERSION}`);
    await expect(page.getByTestId('accuracy-current')).toHaveCount(0);
    const frozen = (await (await page.request.get(`/api/v1/pollsters/rasmussen-reports?release=${VERSION}`)).json()) as {
      release: { version: string; outcomes: string };
      data: { accuracy: { record: { mae: number } } };
    };
    expect(frozen.release).toMatchObject({ version: VERSION, outcomes: 'release' });
    await expect(page.getByTestId('accuracy-mae')).toContainText(`${frozen.data.accuracy.record.mae.toFixed(2)} points`);
    await page.getByRole('link', { name: '180 days' }).click();
    await expect(page).toHaveURL(new RegExp(`window=180&release=${VERSION.replace(/\./g, '\\.')}`));
    await expect(page.getByTestId('accuracy-release')).toBeVisible();

    // The indicator page as of the release (nothing changed there) and an unknown release.
    await page.goto(`/indicators/russia-japan-trade?release=${VERSION}`);
    await expect(page.getByTestId('release-banner')).toContainText('Nothing on this page has changed since.');
    await page.goto('/?release=2030.1.1');
    await expect(page.getByTestId('ignored-params')).toContainText('release=2030.1.1');
    await expect(page.getByTestId('release-banner')).toHaveCount(0);
  });
});

test('an admin adds a Japanese translation of a wording; the question page shows it with its lang and search finds it', async ({ page }) => {
  const JA = 'クリル諸島の一部を日本に引き渡すことに賛成ですか';
  const row = (
    await queryE2eDb<{ questionId: number; wordingKey: string }>`SELECT pq."questionId" AS "questionId", pq."wordingKey" AS "wordingKey" FROM "WordingText" wt
      JOIN "PollQuestion" pq ON pq."id" = wt."pollQuestionId" JOIN "Question" q ON q."id" = pq."questionId"
      WHERE q."slug" = 'kuril-transfer' AND wt."language" = 'ru' ORDER BY pq."id" LIMIT 1`
  )[0];
  expect(row).toBeTruthy();
  await logIn(page);
  await page.goto(`/admin/questions/${row?.questionId ?? 0}`);
  const section = page.locator(`[data-testid="wording-texts"][data-wording="${row?.wordingKey ?? ''}"]`);
  // The Russian original is listed with its lang.
  await expect(section.locator('[data-testid="wording-text-current"][lang="ru"]')).toContainText('Курильской');
  await section.locator('summary').click();
  const add = section.locator('details [data-testid="wording-text-form"]');
  await add.getByLabel('Language code').fill('japanese');
  await add.getByLabel('Text').fill(JA);
  await add.getByRole('button', { name: 'Add text' }).click();
  await expect(add.getByText(/^Language: /)).toBeVisible();
  // The typed text is kept after the refusal.
  await expect(add.getByLabel('Text')).toHaveValue(JA);
  await add.getByLabel('Language code').fill('ja');
  await add.getByLabel('Role').selectOption('translation');
  await add.getByLabel('Status').selectOption('translation');
  await add.getByLabel('Source URL (optional)').fill('https://example.org/kuril-ja');
  await add.getByRole('button', { name: 'Add text' }).click();
  await expect(add.getByTestId('form-message')).toContainText(/Translation \(ja\) added for \d+ polls?\./);

  await page.goto('/questions/kuril-transfer');
  await expect(page.getByTestId('wording-originals').locator('blockquote[lang="ja"]').first()).toHaveText(JA);
  await page.goto(`/?q=${encodeURIComponent('クリル諸島')}`);
  await expect(page.locator('[data-testid="question-card"][data-slug="kuril-transfer"]')).toBeVisible();
  // The change is audited on the question.
  const audit = await queryE2eDb<{
    action: string;
  }>`SELECT "action" FROM "AuditEvent" WHERE "entity" = 'Question' AND "entityId" = ${String(row?.questionId ?? 0)} ORDER BY "id" DESC LIMIT 1`;
  expect(audit[0]?.action).toBe('add-wording-text');
});
