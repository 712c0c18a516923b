/**
 * The poll form in jsdom, driven by label and role the way an editor uses it, over the real server
 * action and a real SQLite file (the app's shared client, tests/support/app-db.ts) holding the demo
 * seed: the form opens on the Levada 2018 Kuril poll the way /admin/polls/[id] opens it.
 */
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { PollForm } from '@/components/admin/poll-form';
import { sessionCookieSettings } from '@/lib/auth/cookie';
import { createSession } from '@/lib/auth/sessions';
import { loadPollForEdit, loadPollFormPicks } from '@/lib/data/entry';
import { db } from '@/lib/db';
import { seedDemo } from '@/lib/seed/demo';
import { migrateAppDatabase, removeAppDatabase } from '@/tests/support/app-db';
import { requestContext } from '@/tests/support/request-context';

vi.mock('next/headers', async () => (await import('../support/request-context')).nextHeadersMock);
vi.mock('next/cache', async () => (await import('../support/request-context')).nextCacheMock);
await vi.hoisted(async () => {
  const { prepareAppDatabaseUrl } = await import('../support/app-db');
  await prepareAppDatabaseUrl();
});

let pollId = 0;

beforeAll(async () => {
  await migrateAppDatabase();
  await seedDemo(db);
  const editor = await db.user.create({ data: { email: 'form-editor@example.org', passwordHash: 'unused', role: 'editor' } });
  const { token } = await createSession(db, editor.id);
  const cookie = sessionCookieSettings().name;
  requestContext.cookies.set(cookie, { name: cookie, value: token });
  const levada2018 = await db.poll.findFirstOrThrow({
    where: {
      pollster: { slug: 'levada-center' },
      fieldStart: { gte: new Date('2018-11-01'), lt: new Date('2018-12-01') },
      questions: { some: { question: { slug: 'kuril-transfer' } } },
    },
    select: { id: true },
  });
  pollId = levada2018.id;
});
afterAll(removeAppDatabase);
afterEach(cleanup);

async function openForm() {
  const values = await loadPollForEdit(pollId);
  if (!values) throw new Error(`poll ${pollId} not found`);
  const picks = await loadPollFormPicks(values);
  render(<PollForm pollsters={picks.pollsters} questions={picks.questions} initial={values} />);
  return { values, user: userEvent.setup() };
}

/** The text of the elements an input's aria-describedby points at (its hint and its errors). */
function descriptionOf(element: HTMLElement): string {
  const ids = (element.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
}

describe('poll form', () => {
  it('shows the server’s validation message under the field it names, keeps what was typed, and saves nothing', async () => {
    const { values, user } = await openForm();
    const before = await db.poll.findUniqueOrThrow({ where: { id: pollId }, select: { version: true, sampleSize: true } });
    const n = screen.getByLabelText('Sample size (n)');
    await user.clear(n);
    await user.type(n, 'lots');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    await vi.waitFor(() => expect(n.getAttribute('aria-invalid')).toBe('true'));
    expect(descriptionOf(n)).toContain('Sample size (n) must be a number.');
    // Only the field at fault is marked.
    expect(screen.getByLabelText('Field start').getAttribute('aria-invalid')).not.toBe('true');
    expect(n).toHaveProperty('value', 'lots');
    expect(screen.getByLabelText('Field start')).toHaveProperty('value', values.fieldStart);
    expect(await db.poll.findUniqueOrThrow({ where: { id: pollId }, select: { version: true, sampleSize: true } })).toEqual(before);
  });

  it('adds a result row offering the question’s options, and sums what is typed', async () => {
    const { values, user } = await openForm();
    const question = await db.question.findUniqueOrThrow({ where: { slug: 'kuril-transfer' }, include: { options: { orderBy: { position: 'asc' } } } });
    const stored = values.questions[0]?.results ?? [];
    expect(stored.length).toBeGreaterThan(0);
    const results = screen.getByRole('table', { name: 'Results' });
    expect(within(results).getAllByRole('combobox')).toHaveLength(stored.length);

    await user.click(screen.getByRole('button', { name: 'Add a result row to Results' }));
    const row = stored.length + 1;
    const picker = within(results).getByRole('combobox', { name: `Results: option of row ${row}` });
    expect(
      within(picker)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Option…', ...question.options.map((o) => o.label)]);
    // A row without an option yet is named after the picker's placeholder.
    const share = within(results).getByRole('textbox', { name: 'Results: Option… share (%)' });
    await user.type(share, '2.5');
    // The running sum is the stored shares plus the new one, added up here from the poll's values.
    const expected = stored.reduce((s, r) => s + Number(r.percent), 0) + 2.5;
    expect(screen.getByText(new RegExp(`^Sum: ${expected.toString().replace('.', '\\.')}%`))).toBeDefined();
  });

  it('removes a result row by its option’s name', async () => {
    const { values, user } = await openForm();
    const question = await db.question.findUniqueOrThrow({ where: { slug: 'kuril-transfer' }, include: { options: true } });
    const first = values.questions[0]?.results[0];
    const label = question.options.find((o) => String(o.id) === first?.optionId)?.label;
    if (!label) throw new Error('the stored poll has no first result row');
    const results = screen.getByRole('table', { name: 'Results' });
    const rowsBefore = within(results).getAllByRole('combobox').length;
    await user.click(screen.getByRole('button', { name: `Remove ${label} from Results` }));
    expect(within(results).getAllByRole('combobox')).toHaveLength(rowsBefore - 1);
    expect(screen.queryByRole('button', { name: `Remove ${label} from Results` })).toBeNull();
  });
});
