'use client';

import { useActionState } from 'react';
import type { TFormState } from '@/lib/actions/form-state';
import { deleteWordingTextAction, saveWordingTextAction } from '@/lib/actions/wording-texts';
import { FormAlert, SaveButton, SelectInput, TextArea, TextInput } from '@/components/admin/entry-fields';
import type { WordingEntry, WordingTextEntry } from '@/lib/data/wording-texts';

/**
 * The original-language text and translations of each wording of a question (issue #17): one
 * small form per text, and one to add a text. Saving writes the text to every poll asked with the
 * wording (lib/writes/wording-texts.ts).
 */

const IDLE: TFormState = { status: 'idle' };

const ROLES = [
  { value: 'original', label: 'Original (the language it was asked in)' },
  { value: 'translation', label: 'Translation' },
];

const STATUSES = [
  { value: 'questionnaire', label: 'Questionnaire (the pollster’s own text)' },
  { value: 'press-report', label: 'Press report (as quoted; may paraphrase)' },
  { value: 'translation', label: 'Translation (by the cited translator)' },
];

function TextForm({ questionId, wordingKey, prefix, text }: { questionId: number; wordingKey: string; prefix: string; text?: WordingTextEntry }) {
  const [state, action, pending] = useActionState(saveWordingTextAction, IDLE);
  const [removeState, remove, removing] = useActionState(deleteWordingTextAction, IDLE);
  const echoed = state.status === 'error' ? state.values : undefined;
  const errors = state.status === 'error' ? (state.fieldErrors ?? {}) : {};
  const v = (k: keyof WordingTextEntry, fallback = '') => echoed?.[k] ?? (text ? String(text[k] ?? '') : fallback);
  const id = (name: string) => `${prefix}-${name}`;
  return (
    <div
      className="space-y-2 rounded border border-gray-200 bg-white p-3"
      data-testid="wording-text-form"
      data-language={text?.language ?? ''}
      data-role={text?.role ?? ''}
    >
      <form action={action} noValidate className="space-y-3">
        <FormAlert status={state.status} message={state.message} code={state.code} />
        <input type="hidden" name="questionId" value={questionId} />
        <input type="hidden" name="wordingKey" value={wordingKey} />
        <div key={JSON.stringify(echoed ?? {})} className="grid gap-3 sm:grid-cols-3">
          {text ? (
            <>
              {/* The language and role name the text being edited; change them by adding a new text. */}
              <input type="hidden" name="language" value={text.language} />
              <input type="hidden" name="role" value={text.role} />
              <p className="text-sm sm:col-span-3">
                <strong>{text.role === 'original' ? 'Original' : 'Translation'}</strong> · language <code>{text.language}</code> · on {text.polls}{' '}
                {text.polls === 1 ? 'poll' : 'polls'}
              </p>
            </>
          ) : (
            <>
              <TextInput
                id={id('language')}
                name="language"
                label="Language code"
                defaultValue={v('language')}
                errors={errors.language}
                hint="BCP 47: ru, ja, en, pt-BR."
              />
              <SelectInput id={id('role')} name="role" label="Role" defaultValue={v('role', 'original')} errors={errors.role} options={ROLES} />
            </>
          )}
          <SelectInput id={id('status')} name="status" label="Status" defaultValue={v('status', 'questionnaire')} errors={errors.status} options={STATUSES} />
          <TextArea id={id('text')} name="text" label="Text" rows={3} defaultValue={v('text')} errors={errors.text} className="sm:col-span-3" />
          <TextInput
            id={id('sourceUrl')}
            name="sourceUrl"
            label="Source URL (optional)"
            defaultValue={v('sourceUrl')}
            errors={errors.sourceUrl}
            className="sm:col-span-2"
          />
          <TextInput id={id('sourceNote')} name="sourceNote" label="Source note (optional)" defaultValue={v('sourceNote')} errors={errors.sourceNote} />
        </div>
        {errors.wordingKey ? <p className="text-sm text-red-800">{errors.wordingKey.join(' ')}</p> : null}
        <SaveButton pending={pending}>{text ? 'Save text' : 'Add text'}</SaveButton>
      </form>
      {text ? (
        <form action={remove} className="space-y-2">
          <FormAlert status={removeState.status} message={removeState.message} code={removeState.code} />
          <input type="hidden" name="questionId" value={questionId} />
          <input type="hidden" name="wordingKey" value={wordingKey} />
          <input type="hidden" name="language" value={text.language} />
          <input type="hidden" name="role" value={text.role} />
          <button type="submit" disabled={removing} className="text-sm text-red-800 underline disabled:opacity-60">
            Remove this text
          </button>
        </form>
      ) : null}
    </div>
  );
}

export function WordingTextsEditor({ questionId, wordings }: { questionId: number; wordings: WordingEntry[] }) {
  if (wordings.length === 0) return <p className="text-sm text-gray-700">No poll has asked this question yet: texts are entered per wording as asked.</p>;
  return (
    <div className="space-y-6">
      {wordings.map((w, i) => (
        <section key={w.wordingKey} className="space-y-3" data-testid="wording-texts" data-wording={w.wordingKey} aria-labelledby={`wording-${i}-heading`}>
          <h3 id={`wording-${i}-heading`} className="font-medium">
            Wording {i + 1} ({w.polls} {w.polls === 1 ? 'poll' : 'polls'}):{' '}
            <q lang={w.wordingLanguage ?? undefined} className="font-normal">
              {w.wording}
            </q>
          </h3>
          {w.texts.map((t) => (
            <div key={`${t.role}-${t.language}`} className="space-y-1">
              <p lang={t.language} className="text-sm text-gray-800" data-testid="wording-text-current">
                {t.text}
              </p>
              <TextForm questionId={questionId} wordingKey={w.wordingKey} prefix={`w${i}-${t.role}-${t.language}`} text={t} />
            </div>
          ))}
          <details className="rounded border border-dashed border-gray-300 p-2">
            <summary className="cursor-pointer text-sm text-blue-900">Add an original or a translation of wording {i + 1}</summary>
            <TextForm questionId={questionId} wordingKey={w.wordingKey} prefix={`w${i}-new`} />
          </details>
        </section>
      ))}
    </div>
  );
}
