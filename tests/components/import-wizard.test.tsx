/**
 * The CSV import wizard in jsdom, driven the way an editor drives it (labels and roles, not class
 * names): file → encoding → mapping → preview. Decoding, parsing and the row plan run in the
 * component itself (lib/import, real code); the one server call before the commit, the remembered
 * mapping lookup, runs the real server action without a session here and so suggests nothing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { ImportWizard } from '@/components/admin/import-wizard';
import { removeAppDatabase } from '@/tests/support/app-db';

// Server actions read the session cookie through next/headers: an empty request scope, no session.
vi.mock('next/headers', async () => (await import('../support/request-context')).nextHeadersMock);
// The app's client points at a temp file of its own, never at a developer's database.
await vi.hoisted(async () => {
  const { prepareAppDatabaseUrl } = await import('../support/app-db');
  await prepareAppDatabaseUrl();
});

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'import');

afterEach(cleanup);
afterAll(removeAppDatabase);

function csvFile(name: string, content: string | Buffer): File {
  return new File([typeof content === 'string' ? content : new Uint8Array(content)], name, { type: 'text/csv' });
}

async function chooseFile(file: File) {
  const user = userEvent.setup();
  render(<ImportWizard />);
  await user.upload(screen.getByLabelText(/^CSV file/), file);
  return user;
}

describe('import wizard', () => {
  it('says an empty file is empty and offers no next step', async () => {
    await chooseFile(csvFile('empty.csv', ''));
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', 'The file is empty.');
    expect(screen.queryByRole('button', { name: 'Use this encoding' })).toBeNull();
    expect(screen.queryByRole('heading', { name: '2. Map columns' })).toBeNull();
  });

  it('guesses a Cyrillic code page, previews the decoded text, and moves on to the mapping step', async () => {
    const bytes = readFileSync(path.join(FIXTURES, 'levada_cp1251.csv'));
    // The expectations come from the file, decoded here with iconv-lite (not the app's decoder).
    const text = iconv.decode(bytes, 'windows-1251');
    const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
    const headers = (lines[0] ?? '').split(',');
    const firstPollster = (lines[1] ?? '').split(',')[1] ?? '';
    expect(firstPollster).toMatch(/[А-Яа-я]/);

    const user = await chooseFile(csvFile('levada_cp1251.csv', bytes));
    await screen.findByRole('button', { name: 'Use this encoding' });
    expect(screen.getByLabelText('Read the file as')).toHaveProperty('value', 'windows-1251');
    expect(screen.getByLabelText('Preview of the first lines').textContent).toContain(firstPollster);
    // Step 2 appears only after the encoding is confirmed.
    expect(screen.queryByRole('heading', { name: '2. Map columns' })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Use this encoding' }));
    await screen.findByRole('heading', { name: '2. Map columns' });
    const origin = screen.getByTestId('mapping-origin').textContent ?? '';
    expect(origin).toContain(`levada_cp1251.csv: ${(lines.length - 1).toLocaleString('en')} rows, ${headers.length} columns.`);
    // No session, so nothing remembered: the mapping shown is a suggestion or a preset, and says which.
    expect(origin).toMatch(/Mapping suggested from the column names|Preset: /);
    expect(origin).not.toContain('remembered from an earlier import');
    // One mapping choice per column of the file, each labelled with its column.
    for (const h of headers) expect(screen.getByRole('combobox', { name: `Import column ${h} as` })).toBeDefined();
  });

  it('previews where every row goes, and a changed mapping changes the preview', async () => {
    const csv = [
      'Pollster,Start,End,Question,Yes,No',
      'Levada Center,2019-03-14,2019-03-18,kuril-transfer,20,70',
      'Levada Center,2019-04-11,2019-04-15,kuril-transfer,22,68',
      'VCIOM,not a date,2019-05-18,kuril-transfer,25,65',
    ].join('\n');
    const user = await chooseFile(csvFile('three.csv', csv));
    await user.click(await screen.findByRole('button', { name: 'Use this encoding' }));
    await screen.findByRole('heading', { name: '3. Preview' });
    // Three data rows: two complete, one whose start date cannot be read.
    expect(screen.getByTestId('import-identity').textContent).toBe('rows in 3 = stored 2 + refused 1 + duplicates 0');
    expect(within(screen.getByTestId('refused-rows')).getByText(/not a date/)).toBeDefined();

    // With the Start column ignored, the unreadable cell is no longer read (the end date alone dates
    // a poll): the preview is planned again and the third row is stored too.
    await user.selectOptions(screen.getByRole('combobox', { name: 'Import column Start as' }), 'ignore');
    await vi.waitFor(() => expect(screen.getByTestId('import-identity').textContent).toBe('rows in 3 = stored 3 + refused 0 + duplicates 0'));
    expect(screen.queryByTestId('refused-rows')).toBeNull();
  });
});
