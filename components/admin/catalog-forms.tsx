'use client';

import { useActionState } from 'react';
import type { TFormState } from '@/lib/actions/form-state';
import { createIndicatorAction, createObservationAction, updateIndicatorAction, updateObservationAction } from '@/lib/actions/indicators';
import { createPollsterAction, updatePollsterAction } from '@/lib/actions/pollsters';
import { createQuestionAction, updateQuestionAction } from '@/lib/actions/questions';
import { OBSERVATION_KINDS } from '@/lib/schemas/field-rules';
import { CheckboxInput, FormAlert, SaveButton, SelectInput, TextArea, TextInput } from '@/components/admin/entry-fields';

/**
 * Forms for questions, pollsters, indicators and observations. Uncontrolled inputs: after an error
 * the action echoes what was sent (state.values) and the fields are re-mounted with it, so nothing
 * typed is lost; `version` travels in a hidden field for optimistic locking.
 */

const IDLE: TFormState = { status: 'idle' };

type Values = Record<string, string>;

function useEntryForm(create: typeof createQuestionAction, update: typeof createQuestionAction, editing: boolean) {
  const [state, action, pending] = useActionState(editing ? update : create, IDLE);
  const echoed: Values | undefined = state.status === 'error' ? state.values : undefined;
  const errors = state.status === 'error' ? (state.fieldErrors ?? {}) : {};
  return { state, action, pending, echoed, errors, remountKey: JSON.stringify(echoed ?? {}) };
}

function Hidden({ id, version }: { id?: number; version?: number }) {
  if (id === undefined || version === undefined) return null;
  return (
    <>
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="version" value={version} />
    </>
  );
}

export interface TQuestionInitial {
  id: number;
  version: number;
  slug: string;
  title: string;
  wording: string;
  topic: string;
  country: string;
  population: string;
  language: string;
  notes: string;
  options: { key: string; label: string }[];
}

export function QuestionForm({ initial }: { initial?: TQuestionInitial }) {
  const f = useEntryForm(createQuestionAction, updateQuestionAction, Boolean(initial));
  const v = (k: keyof TQuestionInitial, fallback = '') => f.echoed?.[k] ?? (initial ? String(initial[k] ?? '') : fallback);
  const options = f.echoed?.options ?? (initial ? initial.options.map((o) => `${o.key} = ${o.label}`).join('\n') : "For\nAgainst\nDon't know");
  return (
    <form action={f.action} noValidate className="space-y-4">
      <FormAlert status={f.state.status} message={f.state.message} code={f.state.code} reloadHref={initial ? `/admin/questions/${initial.id}` : undefined} />
      <Hidden id={initial?.id} version={initial?.version} />
      <div key={f.remountKey} className="grid gap-4 sm:grid-cols-2">
        <TextInput id="title" name="title" label="Title" defaultValue={v('title')} errors={f.errors.title} hint="Short label for cards and charts." />
        <TextInput
          id="slug"
          name="slug"
          label="Slug"
          defaultValue={v('slug')}
          errors={f.errors.slug}
          hint="In the URL: /questions/<slug>. Lower-case, digits, hyphens."
        />
        <TextArea
          id="wording"
          name="wording"
          label="Canonical wording"
          rows={3}
          defaultValue={v('wording')}
          errors={f.errors.wording}
          className="sm:col-span-2"
        />
        <TextArea
          id="options"
          name="options"
          label="Options, in order (one per line)"
          rows={5}
          defaultValue={options}
          errors={f.errors.options}
          hint="“Label” or “key = Label”. Keys are what results point at: rename labels freely, keep keys."
        />
        <div className="space-y-4">
          <TextInput id="topic" name="topic" label="Topic (optional)" defaultValue={v('topic')} errors={f.errors.topic} />
          <TextInput id="country" name="country" label="Country (optional)" defaultValue={v('country')} errors={f.errors.country} />
          <TextInput id="population" name="population" label="Population (optional)" defaultValue={v('population')} errors={f.errors.population} />
          <TextInput id="language" name="language" label="Language (optional)" defaultValue={v('language')} errors={f.errors.language} hint="e.g. ru, en" />
        </div>
        <TextArea id="notes" name="notes" label="Notes (optional)" rows={2} defaultValue={v('notes')} errors={f.errors.notes} className="sm:col-span-2" />
      </div>
      <SaveButton pending={f.pending}>{initial ? 'Save changes' : 'Create question'}</SaveButton>
    </form>
  );
}

export interface TPollsterInitial {
  id: number;
  version: number;
  name: string;
  slug: string;
  country: string;
  website: string;
  notes: string;
  aaporMember: string;
  esomarMember: string;
}

const TRI = [
  { value: '', label: 'Unknown' },
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
];

export function PollsterForm({ initial }: { initial?: TPollsterInitial }) {
  const f = useEntryForm(createPollsterAction, updatePollsterAction, Boolean(initial));
  const v = (k: keyof TPollsterInitial) => f.echoed?.[k] ?? (initial ? String(initial[k] ?? '') : '');
  return (
    <form action={f.action} noValidate className="space-y-4">
      <FormAlert status={f.state.status} message={f.state.message} code={f.state.code} reloadHref={initial ? `/admin/pollsters/${initial.id}` : undefined} />
      <Hidden id={initial?.id} version={initial?.version} />
      <div key={f.remountKey} className="grid gap-4 sm:grid-cols-2">
        <TextInput id="name" name="name" label="Name" defaultValue={v('name')} errors={f.errors.name} />
        <TextInput id="slug" name="slug" label="Slug (optional)" defaultValue={v('slug')} errors={f.errors.slug} hint="Left blank: made from the name." />
        <TextInput id="country" name="country" label="Country (optional)" defaultValue={v('country')} errors={f.errors.country} />
        <TextInput id="website" name="website" label="Website (optional)" type="url" defaultValue={v('website')} errors={f.errors.website} />
        <SelectInput
          id="aaporMember"
          name="aaporMember"
          label="AAPOR Transparency Initiative member"
          defaultValue={v('aaporMember')}
          options={TRI}
          errors={f.errors.aaporMember}
        />
        <SelectInput
          id="esomarMember"
          name="esomarMember"
          label="ESOMAR member"
          defaultValue={v('esomarMember')}
          options={TRI}
          errors={f.errors.esomarMember}
        />
        <TextArea id="notes" name="notes" label="Notes (optional)" rows={3} defaultValue={v('notes')} errors={f.errors.notes} className="sm:col-span-2" />
      </div>
      <SaveButton pending={f.pending}>{initial ? 'Save changes' : 'Create pollster'}</SaveButton>
    </form>
  );
}

export interface TIndicatorInitial {
  id: number;
  version: number;
  slug: string;
  name: string;
  description: string;
  unit: string;
  currency: string;
  source: string;
  country: string;
  topic: string;
}

export function IndicatorForm({ initial }: { initial?: TIndicatorInitial }) {
  const f = useEntryForm(createIndicatorAction, updateIndicatorAction, Boolean(initial));
  const v = (k: keyof TIndicatorInitial) => f.echoed?.[k] ?? (initial ? String(initial[k] ?? '') : '');
  return (
    <form action={f.action} noValidate className="space-y-4">
      <FormAlert status={f.state.status} message={f.state.message} code={f.state.code} reloadHref={initial ? `/admin/indicators/${initial.id}` : undefined} />
      <Hidden id={initial?.id} version={initial?.version} />
      <div key={f.remountKey} className="grid gap-4 sm:grid-cols-2">
        <TextInput id="name" name="name" label="Name" defaultValue={v('name')} errors={f.errors.name} />
        <TextInput id="slug" name="slug" label="Slug" defaultValue={v('slug')} errors={f.errors.slug} />
        <TextInput id="unit" name="unit" label="Unit" defaultValue={v('unit')} errors={f.errors.unit} hint="e.g. US$ bn" />
        <TextInput
          id="currency"
          name="currency"
          label="Currency (optional)"
          defaultValue={v('currency')}
          errors={f.errors.currency}
          hint="Three letters, e.g. USD"
        />
        <TextInput id="source" name="source" label="Source (optional)" defaultValue={v('source')} errors={f.errors.source} />
        <TextInput id="country" name="country" label="Country (optional)" defaultValue={v('country')} errors={f.errors.country} />
        <TextInput id="topic" name="topic" label="Topic (optional)" defaultValue={v('topic')} errors={f.errors.topic} />
        <TextArea
          id="description"
          name="description"
          label="Description (optional)"
          rows={3}
          defaultValue={v('description')}
          errors={f.errors.description}
          className="sm:col-span-2"
        />
      </div>
      <SaveButton pending={f.pending}>{initial ? 'Save changes' : 'Create indicator'}</SaveButton>
    </form>
  );
}

export interface TObservationInitial {
  id: number;
  version: number;
  period: string;
  value: number;
  kind: string;
  basis: string;
  sourceUrl: string;
  sourceName: string;
  notes: string;
  isPrimary: boolean;
}

export function ObservationForm({ indicatorId, initial, idPrefix = 'obs' }: { indicatorId: number; initial?: TObservationInitial; idPrefix?: string }) {
  const f = useEntryForm(createObservationAction, updateObservationAction, Boolean(initial));
  const v = (k: keyof TObservationInitial) => f.echoed?.[k] ?? (initial ? String(initial[k] ?? '') : '');
  const primary = f.echoed ? f.echoed.isPrimary === 'on' : (initial?.isPrimary ?? true);
  const id = (name: string) => `${idPrefix}-${name}`;
  return (
    <form action={f.action} noValidate className="space-y-4">
      <FormAlert status={f.state.status} message={f.state.message} code={f.state.code} reloadHref={`/admin/indicators/${indicatorId}`} />
      <Hidden id={initial?.id} version={initial?.version} />
      <input type="hidden" name="indicatorId" value={indicatorId} />
      <div key={f.remountKey} className="grid gap-4 sm:grid-cols-3">
        <TextInput
          id={id('period')}
          name="period"
          label="Period"
          defaultValue={v('period')}
          errors={f.errors.period}
          hint="2017, 2017-Q1, 2017-03 or 2017-03-15"
        />
        <TextInput id={id('value')} name="value" label="Value" inputMode="decimal" defaultValue={v('value')} errors={f.errors.value} />
        <SelectInput
          id={id('kind')}
          name="kind"
          label="Kind"
          defaultValue={v('kind') || 'actual'}
          options={OBSERVATION_KINDS.map((k) => ({ value: k, label: k }))}
          errors={f.errors.kind}
          hint="A goal is a target, not a data point."
        />
        <TextInput
          id={id('basis')}
          name="basis"
          label="Basis (optional)"
          defaultValue={v('basis')}
          errors={f.errors.basis}
          hint="calendar year, fiscal year…"
        />
        <TextInput id={id('sourceUrl')} name="sourceUrl" label="Source URL (optional)" type="url" defaultValue={v('sourceUrl')} errors={f.errors.sourceUrl} />
        <TextInput id={id('sourceName')} name="sourceName" label="Source name (optional)" defaultValue={v('sourceName')} errors={f.errors.sourceName} />
        <TextArea id={id('notes')} name="notes" label="Notes (optional)" rows={2} defaultValue={v('notes')} errors={f.errors.notes} className="sm:col-span-2" />
        <CheckboxInput id={id('isPrimary')} name="isPrimary" label="Headline value for this period" defaultChecked={primary} errors={f.errors.isPrimary} />
      </div>
      <SaveButton pending={f.pending}>{initial ? 'Save observation' : 'Add observation'}</SaveButton>
    </form>
  );
}
