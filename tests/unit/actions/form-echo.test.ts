import { describe, expect, it } from 'vitest';
import { ECHO_LIMITS, formValues, runFormAction } from '@/lib/actions/form-state';
import { AppError } from '@/lib/errors/app-error';

function form(entries: [string, string][]): FormData {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
}

describe('form state echo (issue #15, finding 2)', () => {
  it('echoes a form’s own fields, never secrets', () => {
    expect(
      formValues(
        form([
          ['email', 'a@b.org'],
          ['name', 'Ana'],
          ['password', 'secret secret'],
          ['confirm', 'x'],
          ['token', 't'],
        ]),
      ),
    ).toEqual({ email: 'a@b.org', name: 'Ana' });
  });

  it('echoes only the listed fields when the form names them', () => {
    expect(
      formValues(
        form([
          ['email', 'a@b.org'],
          ['next', '/admin/polls'],
          ['f1', 'x'],
        ]),
        { only: ['email', 'next'] },
      ),
    ).toEqual({ email: 'a@b.org', next: '/admin/polls' });
  });

  it('bounds what a stranger’s 150,000-field post gets back', () => {
    const entries: [string, string][] = Array.from({ length: 150_000 }, (_, i) => [`f${i}`, 'x']);
    const echoed = formValues(form(entries));
    expect(Object.keys(echoed)).toHaveLength(ECHO_LIMITS.fields);
    // Names that are not field names, and huge values, are dropped.
    expect(
      formValues(
        form([
          ['$ACTION_ID_1', 'x'],
          ['0', 'x'],
          ['a b', 'x'],
          ['notes', 'y'.repeat(ECHO_LIMITS.valueLength + 1)],
          ['ok', 'z'],
        ]),
      ),
    ).toEqual({ ok: 'z' });
  });

  it('runFormAction echoes with the given options on an AppError', async () => {
    const state = await runFormAction(
      form([
        ['email', 'a@b.org'],
        ['junk', 'x'],
      ]),
      { only: ['email'] },
      async () => {
        throw new AppError('UNAUTHENTICATED');
      },
    );
    expect(state).toMatchObject({ status: 'error', code: 'UNAUTHENTICATED', values: { email: 'a@b.org' } });
  });
});
