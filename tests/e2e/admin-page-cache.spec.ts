import { expect, test } from '@playwright/test';
import { createQuestionWithPollE2e, editPollE2e } from './support/admin';

/**
 * A cached question page through writes to its question (lib/data/question-page-fingerprint.ts):
 * a write that changes nothing the page shows (a poll's notes, which only the poll's own page shows)
 * keeps the cached page — the next request checks the page's fingerprint instead of rendering it
 * (`x-pollboard-page-cache: revalidated`, same ETag) — and a correction of a number draws it again
 * at once. The question is this test's own; a write elsewhere that touches everything (a release
 * another spec publishes) drops every page, so a round is tried again when one interferes.
 */
test('a question page stays cached through a poll notes edit and is drawn again after a correction', async ({ browser, baseURL }) => {
  const slug = `page-cache-${Date.now().toString(36)}`;
  const { pollId } = await createQuestionWithPollE2e(slug, { for: 42, against: 58 });
  const reader = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const page = await reader.newPage();
  const cacheOf = async (url: string) => {
    const res = await page.goto(url);
    return { state: res?.headers()['x-pollboard-page-cache'], etag: res?.headers()['etag'] };
  };

  let round = 0;
  await expect(async () => {
    round += 1;
    await cacheOf(`/questions/${slug}`);
    const cached = await cacheOf(`/questions/${slug}`);
    expect(cached.state).toBe('hit');
    const note = `Only the poll page shows this note (round ${round}).`;
    await editPollE2e(pollId, { notes: note });
    // The poll page shows the note: this server has heard of the write.
    await expect(async () => {
      await page.goto(`/polls/${pollId}`);
      await expect(page.locator('main')).toContainText(note, { timeout: 250 });
    }).toPass({ timeout: 10_000 });
    const kept = await cacheOf(`/questions/${slug}`);
    expect(kept).toEqual({ state: 'revalidated', etag: cached.etag });
    await expect(page.locator('main')).not.toContainText(note);
  }).toPass({ timeout: 60_000 });

  // A correction the page shows: drawn again on the first request after the write is heard.
  await expect(page.getByTestId('disclosure').first()).toContainText('n = 1,600');
  await editPollE2e(pollId, { sampleSize: 2000 });
  await expect(async () => {
    const fresh = await cacheOf(`/questions/${slug}`);
    expect(fresh.state).toBe('miss');
    await expect(page.getByTestId('disclosure').first()).toContainText('n = 2,000', { timeout: 250 });
  }).toPass({ timeout: 10_000 });
  await reader.close();
});
