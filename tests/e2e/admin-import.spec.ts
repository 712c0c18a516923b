import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { queryE2eDb } from './support/admin';
import { e2eOnPostgres } from './support/servers';
import { testSignedInAs } from './support/session';

/**
 * Every real poll file and every variant of it (tests/fixtures, tests/fixtures/import) goes in
 * through the wizard as published: the encoding guess is confirmed, the mapping comes from a preset
 * or the column names, and the only editor choices are those a file cannot carry (a question for a
 * file without one, the year of day-month dates). The preview states
 * `rows in = stored + refused + duplicates` with the figures read off the files (refused rows:
 * sums over 100% + rounding, an empty question, an end date before the start), and so does the
 * summary after the upload, where polls an earlier variant stored count as duplicates. Each test
 * stands alone: the summary's split between stored and duplicates depends on which variants went in
 * before, so a test pins it only where it made the earlier import itself.
 */

const EDITOR = { email: 'import.editor@example.org', password: 'a long import-editor passphrase' };
// Signed in once per worker (tests/e2e/support/session.ts): every test opens the wizard as the editor.
const test = testSignedInAs(EDITOR, 'editor');

async function openWizard(page: Page) {
  await page.goto('/admin/import');
  await expect(page.getByRole('heading', { name: 'Import polls from CSV' })).toBeVisible({ timeout: 30_000 });
}

interface Case {
  file: string;
  encoding: string;
  rowsIn: number;
  stored: number;
  refused: number;
  duplicates: number;
  question?: string;
  year?: string;
  /**
   * Also in the PostgreSQL run. The other cases are encodings and spellings of files a case here
   * already writes: decoding, mapping and the preview's identity happen before the database is
   * touched and are the same code on both engines, so they run once, on SQLite. The PostgreSQL run
   * keeps every kind of write: a first import, 5,000 rows, refused rows, breakdowns, a new question,
   * and polls already stored counted as duplicates (a variant, and the re-import test).
   */
  bothEngines?: true;
}

const CASES: Case[] = [
  { file: 'fte_guns_polls.csv', encoding: 'UTF-8', rowsIn: 57, stored: 57, refused: 0, duplicates: 0, bothEngines: true },
  { file: 'fte_raw_polls_1998_2009.csv', encoding: 'UTF-8', rowsIn: 5011, stored: 5004, refused: 0, duplicates: 7, bothEngines: true },
  { file: 'fte_august_senate_polls.csv', encoding: 'UTF-8', rowsIn: 594, stored: 593, refused: 1, duplicates: 0, bothEngines: true },
  {
    file: 'levada_putin_approval_monthly_1999_2020.csv',
    encoding: 'UTF-8',
    rowsIn: 252,
    stored: 252,
    refused: 0,
    duplicates: 0,
    question: 'putin-approval',
    bothEngines: true,
  },
  { file: 'kuril_islands_russia_polls.csv', encoding: 'UTF-8', rowsIn: 8, stored: 8, refused: 0, duplicates: 0, question: 'kuril-transfer', bothEngines: true },
  { file: 'import/guns_utf16le_bom.csv', encoding: 'UTF-16 little-endian', rowsIn: 57, stored: 57, refused: 0, duplicates: 0, bothEngines: true },
  { file: 'import/guns_utf16le_nobom.csv', encoding: 'UTF-16 little-endian', rowsIn: 57, stored: 57, refused: 0, duplicates: 0 },
  { file: 'import/guns_utf16be_bom.csv', encoding: 'UTF-16 big-endian', rowsIn: 57, stored: 57, refused: 0, duplicates: 0 },
  { file: 'import/guns_utf16be_nobom.csv', encoding: 'UTF-16 big-endian', rowsIn: 57, stored: 57, refused: 0, duplicates: 0 },
  { file: 'import/guns_utf8_bom.csv', encoding: 'UTF-8', rowsIn: 57, stored: 57, refused: 0, duplicates: 0 },
  { file: 'import/guns_wikipedia_ranges.csv', encoding: 'UTF-8', rowsIn: 57, stored: 57, refused: 0, duplicates: 0 },
  { file: 'import/impeachment_long.csv', encoding: 'UTF-8', rowsIn: 4561, stored: 4471, refused: 24, duplicates: 66, bothEngines: true },
  { file: 'import/impeachment_windows1252.csv', encoding: 'Windows-1252', rowsIn: 550, stored: 537, refused: 3, duplicates: 10 },
  { file: 'import/raw_polls_latin1.csv', encoding: 'ISO-8859-1', rowsIn: 5011, stored: 5004, refused: 0, duplicates: 7 },
  { file: 'import/levada_cp1251.csv', encoding: 'Windows-1251', rowsIn: 252, stored: 252, refused: 0, duplicates: 0, question: 'putin-approval' },
  { file: 'import/levada_koi8r.csv', encoding: 'KOI8-R', rowsIn: 252, stored: 252, refused: 0, duplicates: 0, question: 'putin-approval' },
  {
    file: 'import/levada_day_month_no_year.csv',
    encoding: 'UTF-8',
    rowsIn: 252,
    stored: 252,
    refused: 0,
    duplicates: 0,
    question: 'putin-approval',
    year: '2020',
  },
  { file: 'import/senate_decimal_comma.csv', encoding: 'UTF-8', rowsIn: 594, stored: 593, refused: 1, duplicates: 0 },
];

for (const c of e2eOnPostgres() ? CASES.filter((c) => c.bothEngines) : CASES) {
  test(`${c.file} imports as published with the identity shown`, async ({ page }) => {
    await openWizard(page);
    await page.getByLabel(/^CSV file/).setInputFiles(path.resolve('tests/fixtures', c.file));
    await expect(page.getByTestId('encoding-guess')).toContainText(c.encoding);
    await page.getByRole('button', { name: 'Use this encoding' }).click();
    await expect(page.getByTestId('mapping-origin')).toContainText(`${c.rowsIn.toLocaleString('en')} rows`, { timeout: 30_000 });
    if (c.question) {
      await page.getByRole('combobox', { name: 'Default question' }).click();
      await page.getByRole('listbox', { name: 'Default question' }).getByRole('option', { name: 'New question…' }).click();
      await page.getByLabel('New question slug').fill(c.question);
      await page.getByLabel('New question title').fill(c.question === 'putin-approval' ? 'Do you approve of Putin?' : 'Transfer the islands?');
    }
    if (c.year) await page.getByLabel('Year of the first date without a year').fill(c.year);
    await expect(page.getByTestId('import-identity')).toHaveText(
      `rows in ${c.rowsIn} = stored ${c.stored} + refused ${c.refused} + duplicates ${c.duplicates}`,
      { timeout: 30_000 },
    );
    await expect(page.getByTestId('file-issues')).toHaveCount(0);
    const before = (await queryE2eDb<{ n: number }>`SELECT COUNT(*) AS n FROM "Poll"`)[0]?.n ?? 0;
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const summary = page.getByTestId('import-summary-identity');
    await expect(summary).toHaveText(new RegExp(`^rows in ${c.rowsIn} = stored \\d+ \\+ refused ${c.refused} \\+ duplicates \\d+$`), { timeout: 120_000 });
    const m = /stored (\d+) \+ refused \d+ \+ duplicates (\d+)/.exec((await summary.textContent()) ?? '');
    const stored = Number(m?.[1]);
    expect(stored + Number(m?.[2])).toBe(c.rowsIn - c.refused);
    // The rows stored are the polls written (a variant of an earlier file stores only what is new).
    const after = (await queryE2eDb<{ n: number }>`SELECT COUNT(*) AS n FROM "Poll"`)[0]?.n ?? 0;
    expect(after - before).toBeLessThanOrEqual(stored);
    if (stored === c.stored) expect(after - before).toBeGreaterThan(0);
  });
}

test('a re-import adds nothing, and a file over 100 MB is refused in the browser before any upload', async ({ page }) => {
  await openWizard(page);
  // This test's own first import (the guns case may have stored the file already: then it adds nothing).
  await page.getByLabel(/^CSV file/).setInputFiles(path.resolve('tests/fixtures/fte_guns_polls.csv'));
  await page.getByRole('button', { name: 'Use this encoding' }).click();
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByTestId('import-summary-identity')).toHaveText(/^rows in 57 = stored \d+ \+ refused 0 \+ duplicates \d+$/, { timeout: 60_000 });

  await page.reload();
  const before = (await queryE2eDb<{ n: number }>`SELECT COUNT(*) AS n FROM "Poll"`)[0]?.n ?? 0;
  await page.getByLabel(/^CSV file/).setInputFiles(path.resolve('tests/fixtures/fte_guns_polls.csv'));
  await page.getByRole('button', { name: 'Use this encoding' }).click();
  await expect(page.getByTestId('mapping-origin')).toContainText('Mapping remembered');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByTestId('import-summary-identity')).toHaveText('rows in 57 = stored 0 + refused 0 + duplicates 57', { timeout: 60_000 });
  expect((await queryE2eDb<{ n: number }>`SELECT COUNT(*) AS n FROM "Poll"`)[0]?.n).toBe(before);

  let uploads = 0;
  page.on('request', (r) => {
    if (r.url().includes('/api/admin/import')) uploads += 1;
  });
  // Playwright passes large files by path only.
  const huge = test.info().outputPath('huge.csv');
  writeFileSync(huge, Buffer.alloc(100 * 1024 * 1024 + 1, 0x41));
  await page.getByLabel(/^CSV file/).setInputFiles(huge);
  await expect(page.getByTestId('file-error')).toHaveText('The file is larger than 100 MB (104,857,601 bytes); split it. Nothing was uploaded.');
  expect(uploads).toBe(0);
});
