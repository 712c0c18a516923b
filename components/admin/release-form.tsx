'use client';

import { useActionState } from 'react';
import type { TFormState } from '@/lib/actions/form-state';
import { publishReleaseAction } from '@/lib/actions/releases';
import { FormAlert, SaveButton, TextArea, TextInput } from '@/components/admin/entry-fields';

const IDLE: TFormState = { status: 'idle' };

/** Publish a release: version (2026.12.1), optional title and notes. */
export function ReleaseForm({ suggestedVersion }: { suggestedVersion: string }) {
  const [state, action, pending] = useActionState(publishReleaseAction, IDLE);
  const echoed = state.status === 'error' ? state.values : undefined;
  const errors = state.status === 'error' ? (state.fieldErrors ?? {}) : {};
  return (
    <form action={action} noValidate className="space-y-4" data-testid="release-form">
      <FormAlert status={state.status} message={state.message} code={state.code} />
      <div key={JSON.stringify(echoed ?? {})} className="grid gap-4 sm:grid-cols-2">
        <TextInput
          id="release-version"
          name="version"
          label="Version"
          hint="year.month.number, e.g. 2026.12.1"
          defaultValue={echoed?.version ?? suggestedVersion}
          errors={errors.version}
          required
        />
        <TextInput id="release-title" name="title" label="Title (optional)" defaultValue={echoed?.title ?? ''} errors={errors.title} />
        <TextArea id="release-notes" name="notes" label="Notes (optional)" defaultValue={echoed?.notes ?? ''} errors={errors.notes} className="sm:col-span-2" />
      </div>
      <SaveButton pending={pending} pendingLabel="Publishing…">
        Publish release
      </SaveButton>
    </form>
  );
}
