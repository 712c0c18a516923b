'use client';

import { useActionState } from 'react';
import type { TFormState } from '@/lib/actions/form-state';
import { createOutcomeAction } from '@/lib/actions/outcomes';
import { FormAlert, SaveButton, SelectInput, TextArea, TextInput } from '@/components/admin/entry-fields';

const IDLE: TFormState = { status: 'idle' };

export function OutcomeForm({ questions }: { questions: { slug: string; title: string }[] }) {
  const [state, action, pending] = useActionState(createOutcomeAction, IDLE);
  const echoed = state.status === 'error' ? state.values : undefined;
  const errors = state.status === 'error' ? (state.fieldErrors ?? {}) : {};
  return (
    <form action={action} noValidate className="space-y-4" data-testid="outcome-form">
      <FormAlert status={state.status} message={state.message} code={state.code} />
      <div key={JSON.stringify(echoed ?? {})} className="grid gap-4 sm:grid-cols-2">
        <SelectInput
          id="outcome-question"
          name="questionSlug"
          label="Question"
          defaultValue={echoed?.questionSlug ?? questions[0]?.slug ?? ''}
          options={questions.map((q) => ({ value: q.slug, label: q.title }))}
          errors={errors.questionSlug}
        />
        <TextInput
          id="outcome-wording"
          name="wordingKey"
          label="Wording key (series)"
          hint="as on the question page’s series list"
          defaultValue={echoed?.wordingKey ?? ''}
          errors={errors.wordingKey}
        />
        <TextInput id="outcome-label" name="label" label="Outcome" defaultValue={echoed?.label ?? ''} errors={errors.label} />
        <SelectInput
          id="outcome-kind"
          name="kind"
          label="Kind"
          defaultValue={echoed?.kind ?? 'election'}
          options={[
            { value: 'election', label: 'Election' },
            { value: 'referendum', label: 'Referendum' },
            { value: 'measurement', label: 'Later measurement' },
          ]}
          errors={errors.kind}
        />
        <TextInput id="outcome-date" name="date" type="date" label="Date" defaultValue={echoed?.date ?? ''} errors={errors.date} />
        <TextInput id="outcome-source" name="sourceUrl" type="url" label="Source URL" defaultValue={echoed?.sourceUrl ?? ''} errors={errors.sourceUrl} />
        <TextInput
          id="outcome-source-name"
          name="sourceName"
          label="Source name (optional)"
          defaultValue={echoed?.sourceName ?? ''}
          errors={errors.sourceName}
        />
        <TextArea
          id="outcome-results"
          name="results"
          label="Results (one per line: option_key = percent)"
          defaultValue={echoed?.results ?? ''}
          errors={errors.results}
          rows={4}
        />
      </div>
      <SaveButton pending={pending}>Save outcome</SaveButton>
    </form>
  );
}
