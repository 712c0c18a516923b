'use client';

import { useActionState, useId, useMemo, useState } from 'react';
import { createPollAction, updatePollAction } from '@/lib/actions/polls';
import type { TPickPollster, TPickQuestion, TPollFormValues } from '@/lib/data/entry';
import type { TPollFormState } from '@/lib/actions/poll-form-state';
import { POLL_MODES, SUM_TOLERANCE, SUM_WARNING_BELOW, resultSetSum } from '@/lib/schemas/field-rules';
import { CheckboxInput, FieldErrors, FormAlert, SMALL_BUTTON, SaveButton, SelectInput, TextArea, TextInput } from '@/components/admin/entry-fields';
import { PollPreview } from '@/components/admin/poll-preview';
import { SearchCombobox } from '@/components/ui/search-combobox';
import type { TComboItem } from '@/lib/schemas/search';

/**
 * The poll form. Its questions, result rows and breakdowns are added and removed in the browser,
 * so the form is controlled and posts its whole state as JSON (`payload`); the server action parses
 * it with ZPollInput and answers with errors keyed by path (questions.0.results.1.percent), shown
 * next to the field. Nothing typed is lost on an error: the state lives here, not in the DOM.
 */

export interface TResultRow {
  key: string;
  optionId: string;
  percent: string;
}

export interface TBreakdownRow {
  key: string;
  dimension: string;
  subgroup: string;
  sampleSize: string;
  results: TResultRow[];
}

export interface TQuestionBlock {
  key: string;
  questionId: string;
  wording: string;
  results: TResultRow[];
  breakdowns: TBreakdownRow[];
}

/** The form's own state: the poll fields of TPollFormValues (one list of fields), plus form-only extras. */
export type TPollDraft = Omit<TPollFormValues, 'id' | 'version' | 'datePrecision' | 'questions' | 'corrections'> & {
  confirmDuplicate: boolean;
  correctionNote: string;
  questions: TQuestionBlock[];
};

let counter = 0;
function newKey(): string {
  counter += 1;
  return `k${counter}`;
}

const NEW_POLLSTER: TComboItem = { value: 'new', label: '+ New pollster…' };

/** The admin search route's question items carry the question (options included) as `data`. */
function isPickQuestion(data: unknown): data is TPickQuestion {
  if (typeof data !== 'object' || data === null) return false;
  const d = data as Partial<TPickQuestion>;
  return typeof d.id === 'number' && typeof d.title === 'string' && Array.isArray(d.options);
}

function resultRowsFor(question: TPickQuestion | undefined): TResultRow[] {
  return (question?.options ?? []).map((o) => ({ key: newKey(), optionId: String(o.id), percent: '' }));
}

function emptyDraft(): TPollDraft {
  return {
    pollsterId: '',
    newPollsterName: '',
    sponsorName: '',
    fieldStart: '',
    fieldEnd: '',
    publishedAt: '',
    population: '',
    mode: '',
    modeDetail: '',
    sampleSize: '',
    sampleSizeUndisclosed: false,
    reportedMoe: '',
    moeConfidence: '95',
    designEffect: '',
    samplingFrame: '',
    weighting: '',
    sourceUrls: '',
    notes: '',
    confirmDuplicate: false,
    correctionNote: '',
    questions: [{ key: newKey(), questionId: '', wording: '', results: [], breakdowns: [] }],
  };
}

function draftFrom(values: TPollFormValues): TPollDraft {
  return {
    ...emptyDraft(),
    ...values,
    moeConfidence: values.moeConfidence || '95',
    questions: values.questions.map((q) => ({
      key: newKey(),
      questionId: q.questionId,
      wording: q.wording,
      results: q.results.map((r) => ({ key: newKey(), ...r })),
      breakdowns: q.breakdowns.map((b) => ({ key: newKey(), ...b, results: b.results.map((r) => ({ key: newKey(), ...r })) })),
    })),
  };
}

/** What the action receives: the draft without React keys. */
function payloadOf(draft: TPollDraft, edit: { id: number; version: number } | null): string {
  const strip = (rows: TResultRow[]) => rows.map(({ optionId, percent }) => ({ optionId, percent }));
  return JSON.stringify({
    ...draft,
    // The confidence field is pre-filled with 95; it only means something next to a margin of error.
    moeConfidence: draft.reportedMoe.trim() === '' ? '' : draft.moeConfidence,
    ...(edit ? { id: edit.id, version: edit.version } : {}),
    questions: draft.questions.map((q) => ({
      questionId: q.questionId,
      wording: q.wording,
      results: strip(q.results),
      breakdowns: q.breakdowns.map((b) => ({ dimension: b.dimension, subgroup: b.subgroup, sampleSize: b.sampleSize, results: strip(b.results) })),
    })),
  });
}

const INITIAL: TPollFormState = { status: 'idle' };

interface Props {
  pollsters: TPickPollster[];
  questions: TPickQuestion[];
  /** Present when editing. */
  initial?: TPollFormValues;
}

export function PollForm({ pollsters, questions, initial }: Props) {
  const edit = initial ? { id: initial.id, version: initial.version } : null;
  const [state, action, pending] = useActionState(edit ? updatePollAction : createPollAction, INITIAL);
  const [draft, setDraft] = useState<TPollDraft>(() => (initial ? draftFrom(initial) : emptyDraft()));
  const errors = state.status === 'error' ? (state.fieldErrors ?? {}) : {};
  const err = (path: string) => errors[path];
  const formId = useId();
  // The questions and pollsters the form knows: the poll's own at first, then whatever the pickers
  // found (their search answers carry each question's options, which the result rows need).
  const [knownQuestions, setKnownQuestions] = useState<TPickQuestion[]>(questions);
  const [knownPollsters, setKnownPollsters] = useState<TPickPollster[]>(pollsters);
  const questionById = useMemo(() => new Map(knownQuestions.map((q) => [String(q.id), q])), [knownQuestions]);

  const set = <K extends keyof TPollDraft>(key: K, value: TPollDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const setQuestion = (qi: number, patch: (q: TQuestionBlock) => TQuestionBlock) =>
    setDraft((d) => ({ ...d, questions: d.questions.map((q, i) => (i === qi ? patch(q) : q)) }));

  const pollsterLabel = draft.pollsterId === 'new' ? NEW_POLLSTER.label : (knownPollsters.find((p) => String(p.id) === draft.pollsterId)?.name ?? '');
  const duplicateAsked = Boolean(err('confirmDuplicate')) || draft.confirmDuplicate;
  const formErrors = err('_form');

  return (
    <form action={action} noValidate className="space-y-6" aria-describedby={`${formId}-about`}>
      <p id={`${formId}-about`} className="sr-only">
        Poll form. Each field’s error appears right below it. The chart preview updates as you type.
      </p>
      <input type="hidden" name="payload" value={payloadOf(draft, edit)} />
      <FormAlert status={state.status} message={state.message} code={state.code} reloadHref={edit ? `/admin/polls/${edit.id}` : undefined} />
      {formErrors ? <FieldErrors id={`${formId}-form`} errors={formErrors} /> : null}

      <fieldset className="grid gap-4 rounded border border-gray-200 bg-white p-4 sm:grid-cols-2">
        <legend className="px-1 text-base font-semibold">Who and when</legend>
        <SearchCombobox
          id="pollsterId"
          label="Pollster"
          endpoint="/api/admin/search?kind=pollster"
          defaultValue={draft.pollsterId}
          defaultLabel={pollsterLabel}
          fixedItems={[NEW_POLLSTER]}
          placeholder="Type a pollster’s name…"
          onSelect={(item) => {
            if (item.value !== 'new')
              setKnownPollsters((list) => (list.some((p) => String(p.id) === item.value) ? list : [...list, { id: Number(item.value), name: item.label }]));
            set('pollsterId', item.value);
          }}
          errors={err('pollsterId')}
        />
        {draft.pollsterId === 'new' ? (
          <TextInput
            id="newPollsterName"
            label="New pollster’s name"
            value={draft.newPollsterName}
            onChange={(v) => set('newPollsterName', v)}
            errors={err('newPollsterName')}
            hint="Created when the poll is saved."
          />
        ) : (
          <div />
        )}
        <TextInput id="sponsorName" label="Sponsor (optional)" value={draft.sponsorName} onChange={(v) => set('sponsorName', v)} errors={err('sponsorName')} />
        <TextInput
          id="population"
          label="Population"
          value={draft.population}
          onChange={(v) => set('population', v)}
          errors={err('population')}
          hint="e.g. Russia adults 18+"
        />
        <TextInput id="fieldStart" label="Field start" type="date" value={draft.fieldStart} onChange={(v) => set('fieldStart', v)} errors={err('fieldStart')} />
        <TextInput id="fieldEnd" label="Field end" type="date" value={draft.fieldEnd} onChange={(v) => set('fieldEnd', v)} errors={err('fieldEnd')} />
        <TextInput
          id="publishedAt"
          label="Published (optional)"
          type="date"
          value={draft.publishedAt}
          onChange={(v) => set('publishedAt', v)}
          errors={err('publishedAt')}
        />
        {initial && initial.datePrecision !== 'day' ? (
          <p className="text-sm text-amber-900 sm:col-span-2">
            The source gives this poll’s dates to the {initial.datePrecision} only (shown as the first and last day). They keep that precision unless you change
            them; changed dates are stored as exact days.
          </p>
        ) : null}
      </fieldset>

      <fieldset className="grid gap-4 rounded border border-gray-200 bg-white p-4 sm:grid-cols-2">
        <legend className="px-1 text-base font-semibold">Method</legend>
        <SelectInput
          id="mode"
          label="Mode"
          value={draft.mode}
          onChange={(v) => set('mode', v)}
          options={[{ value: '', label: 'Not stated' }, ...POLL_MODES.map((m) => ({ value: m, label: m }))]}
          errors={err('mode')}
        />
        <TextInput id="modeDetail" label="Mode detail (optional)" value={draft.modeDetail} onChange={(v) => set('modeDetail', v)} errors={err('modeDetail')} />
        <div className="space-y-2">
          <TextInput
            id="sampleSize"
            label="Sample size (n)"
            inputMode="numeric"
            value={draft.sampleSize}
            onChange={(v) => set('sampleSize', v)}
            errors={err('sampleSize')}
          />
          <CheckboxInput
            id="sampleSizeUndisclosed"
            label="n not disclosed"
            checked={draft.sampleSizeUndisclosed}
            onChange={(v) => setDraft((d) => ({ ...d, sampleSizeUndisclosed: v, sampleSize: v ? '' : d.sampleSize }))}
          />
        </div>
        <div className="grid grid-cols-2 gap-2">
          <TextInput
            id="reportedMoe"
            label="Reported MoE (± points)"
            inputMode="decimal"
            value={draft.reportedMoe}
            onChange={(v) => set('reportedMoe', v)}
            errors={err('reportedMoe')}
          />
          <TextInput
            id="moeConfidence"
            label="MoE confidence (%)"
            inputMode="decimal"
            value={draft.moeConfidence}
            onChange={(v) => set('moeConfidence', v)}
            errors={err('moeConfidence')}
          />
        </div>
        <TextInput
          id="designEffect"
          label="Design effect (optional)"
          inputMode="decimal"
          value={draft.designEffect}
          onChange={(v) => set('designEffect', v)}
          errors={err('designEffect')}
          hint="As reported; left blank it is derived from the MoE, else assumed 1."
        />
        <TextInput
          id="samplingFrame"
          label="Sampling frame (optional)"
          value={draft.samplingFrame}
          onChange={(v) => set('samplingFrame', v)}
          errors={err('samplingFrame')}
        />
        <TextArea
          id="weighting"
          label="Weighting (optional)"
          rows={2}
          value={draft.weighting}
          onChange={(v) => set('weighting', v)}
          errors={err('weighting')}
          className="sm:col-span-2"
        />
        <TextArea
          id="sourceUrls"
          label="Source URLs (one per line)"
          rows={3}
          value={draft.sourceUrls}
          onChange={(v) => set('sourceUrls', v)}
          errors={err('sourceUrls')}
          className="sm:col-span-2"
        />
        <TextArea
          id="notes"
          label="Notes (optional)"
          rows={2}
          value={draft.notes}
          onChange={(v) => set('notes', v)}
          errors={err('notes')}
          className="sm:col-span-2"
        />
      </fieldset>

      {draft.questions.map((q, qi) => {
        const question = questionById.get(q.questionId);
        const optionChoices = [{ value: '', label: 'Option…' }, ...(question?.options ?? []).map((o) => ({ value: String(o.id), label: o.label }))];
        return (
          <fieldset key={q.key} className="space-y-4 rounded border border-gray-200 bg-white p-4" data-testid={`question-block-${qi}`}>
            <legend className="px-1 text-base font-semibold">Question {qi + 1}</legend>
            <SearchCombobox
              id={`q${qi}-questionId`}
              label="Tracked question"
              endpoint="/api/admin/search?kind=question"
              defaultValue={q.questionId}
              defaultLabel={question?.title ?? ''}
              placeholder="Type part of a question’s title…"
              onSelect={(item) => {
                const picked = isPickQuestion(item.data) ? item.data : undefined;
                if (picked) setKnownQuestions((list) => [...list.filter((x) => x.id !== picked.id), picked]);
                if (item.value === q.questionId) return;
                setQuestion(qi, (old) => ({
                  ...old,
                  questionId: item.value,
                  wording: old.wording || picked?.wording || '',
                  results: resultRowsFor(picked),
                  breakdowns: [],
                }));
              }}
              errors={err(`questions.${qi}.questionId`)}
            />
            <TextArea
              id={`q${qi}-wording`}
              label="Exact wording as asked"
              rows={2}
              value={q.wording}
              onChange={(v) => setQuestion(qi, (old) => ({ ...old, wording: v }))}
              errors={err(`questions.${qi}.wording`)}
              hint="Copy it from the questionnaire; differences in wording make separate series."
            />
            <ResultRows
              idPrefix={`q${qi}`}
              caption="Results"
              rows={q.results}
              optionChoices={optionChoices}
              errorsAt={(ri, field) => err(`questions.${qi}.results.${ri}.${field}`)}
              setErrors={err(`questions.${qi}.results`)}
              onChange={(results) => setQuestion(qi, (old) => ({ ...old, results }))}
            />
            <div className="space-y-3">
              <h3 className="text-sm font-semibold">Breakdowns (optional)</h3>
              {q.breakdowns.map((b, bi) => (
                <fieldset key={b.key} className="space-y-3 rounded border border-gray-200 p-3">
                  <legend className="px-1 text-sm font-medium">
                    Subgroup {bi + 1}
                    {b.subgroup ? `: ${b.subgroup}` : ''}
                  </legend>
                  <div className="grid gap-3 sm:grid-cols-3">
                    <TextInput
                      id={`q${qi}-b${bi}-dimension`}
                      label="Dimension"
                      value={b.dimension}
                      onChange={(v) =>
                        setQuestion(qi, (old) => ({ ...old, breakdowns: old.breakdowns.map((x, i) => (i === bi ? { ...x, dimension: v } : x)) }))
                      }
                      errors={err(`questions.${qi}.breakdowns.${bi}.dimension`)}
                      hint="party, age, region…"
                    />
                    <TextInput
                      id={`q${qi}-b${bi}-subgroup`}
                      label="Subgroup"
                      value={b.subgroup}
                      onChange={(v) => setQuestion(qi, (old) => ({ ...old, breakdowns: old.breakdowns.map((x, i) => (i === bi ? { ...x, subgroup: v } : x)) }))}
                      errors={err(`questions.${qi}.breakdowns.${bi}.subgroup`)}
                    />
                    <TextInput
                      id={`q${qi}-b${bi}-sampleSize`}
                      label="Subgroup n (optional)"
                      inputMode="numeric"
                      value={b.sampleSize}
                      onChange={(v) =>
                        setQuestion(qi, (old) => ({ ...old, breakdowns: old.breakdowns.map((x, i) => (i === bi ? { ...x, sampleSize: v } : x)) }))
                      }
                      errors={err(`questions.${qi}.breakdowns.${bi}.sampleSize`)}
                    />
                  </div>
                  <ResultRows
                    idPrefix={`q${qi}-b${bi}`}
                    caption={`Results for ${b.subgroup || `subgroup ${bi + 1}`}`}
                    rows={b.results}
                    optionChoices={optionChoices}
                    errorsAt={(ri, field) => err(`questions.${qi}.breakdowns.${bi}.results.${ri}.${field}`)}
                    setErrors={err(`questions.${qi}.breakdowns.${bi}.results`)}
                    onChange={(results) => setQuestion(qi, (old) => ({ ...old, breakdowns: old.breakdowns.map((x, i) => (i === bi ? { ...x, results } : x)) }))}
                  />
                  <button
                    type="button"
                    className={SMALL_BUTTON}
                    onClick={() => setQuestion(qi, (old) => ({ ...old, breakdowns: old.breakdowns.filter((_, i) => i !== bi) }))}
                  >
                    Remove subgroup {bi + 1}
                  </button>
                </fieldset>
              ))}
              <button
                type="button"
                className={SMALL_BUTTON}
                disabled={!question}
                onClick={() =>
                  setQuestion(qi, (old) => ({
                    ...old,
                    breakdowns: [
                      ...old.breakdowns,
                      { key: newKey(), dimension: old.breakdowns.at(-1)?.dimension ?? '', subgroup: '', sampleSize: '', results: resultRowsFor(question) },
                    ],
                  }))
                }
              >
                Add a subgroup to question {qi + 1}
              </button>
            </div>
            {draft.questions.length > 1 ? (
              <button type="button" className={SMALL_BUTTON} onClick={() => setDraft((d) => ({ ...d, questions: d.questions.filter((_, i) => i !== qi) }))}>
                Remove question {qi + 1}
              </button>
            ) : null}
          </fieldset>
        );
      })}
      <FieldErrors id={`${formId}-questions`} errors={err('questions')} />
      <button
        type="button"
        className={SMALL_BUTTON}
        onClick={() => setDraft((d) => ({ ...d, questions: [...d.questions, { key: newKey(), questionId: '', wording: '', results: [], breakdowns: [] }] }))}
      >
        Add another question
      </button>

      <section aria-labelledby={`${formId}-preview`} className="space-y-2 rounded border border-gray-200 bg-white p-4">
        <h2 id={`${formId}-preview`} className="text-base font-semibold">
          Preview
        </h2>
        <PollPreview draft={draft} questions={questionById} pollsters={knownPollsters} />
      </section>

      {edit ? (
        <fieldset className="space-y-2 rounded border border-gray-200 bg-white p-4">
          <legend className="px-1 text-base font-semibold">Public correction (optional)</legend>
          {initial?.corrections.length ? (
            <ul className="list-disc pl-5 text-sm text-gray-700">
              {initial.corrections.map((c) => (
                <li key={c.createdAt}>
                  {c.createdAt.slice(0, 10)}: {c.note}
                </li>
              ))}
            </ul>
          ) : null}
          <TextArea
            id="correctionNote"
            label="Correction note"
            rows={2}
            value={draft.correctionNote}
            onChange={(v) => set('correctionNote', v)}
            errors={err('correctionNote')}
            hint="Shown on the poll’s public page. Use it when a published number changes, e.g. “Don’t know corrected from 8% to 9%.”"
          />
        </fieldset>
      ) : null}

      {duplicateAsked ? (
        <div className="rounded border border-amber-300 bg-amber-50 p-3">
          <CheckboxInput
            id="confirmDuplicate"
            label="Save anyway: this is a different poll"
            checked={draft.confirmDuplicate}
            onChange={(v) => set('confirmDuplicate', v)}
            errors={err('confirmDuplicate')}
          />
        </div>
      ) : null}

      <SaveButton pending={pending}>{edit ? 'Save changes' : 'Save poll'}</SaveButton>
    </form>
  );
}

interface ResultRowsProps {
  idPrefix: string;
  caption: string;
  rows: TResultRow[];
  optionChoices: { value: string; label: string }[];
  errorsAt: (row: number, field: 'optionId' | 'percent') => string[] | undefined;
  setErrors?: string[];
  onChange: (rows: TResultRow[]) => void;
}

function ResultRows({ idPrefix, caption, rows, optionChoices, errorsAt, setErrors, onChange }: ResultRowsProps) {
  const parsed = rows.map((r) => Number(r.percent)).filter((n, i) => rows[i]?.percent.trim() !== '' && Number.isFinite(n));
  const sum = resultSetSum(parsed);
  const tooHigh = sum > 100 + SUM_TOLERANCE;
  const low = parsed.length > 0 && sum < SUM_WARNING_BELOW;
  return (
    <div className="space-y-2">
      <table className="text-sm">
        <caption className="text-left text-sm font-semibold">{caption}</caption>
        <thead>
          <tr className="text-left">
            <th scope="col" className="pr-2 font-medium">
              Option
            </th>
            <th scope="col" className="pr-2 font-medium">
              Share (%)
            </th>
            <th scope="col">
              <span className="sr-only">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, ri) => {
            const optionLabel = optionChoices.find((o) => o.value === r.optionId)?.label ?? `row ${ri + 1}`;
            const optionErr = errorsAt(ri, 'optionId');
            const percentErr = errorsAt(ri, 'percent');
            return (
              <tr key={r.key} className="align-top">
                <td className="py-1 pr-2">
                  <select
                    id={`${idPrefix}-r${ri}-option`}
                    aria-label={`${caption}: option of row ${ri + 1}`}
                    value={r.optionId}
                    onChange={(e) => onChange(rows.map((x, i) => (i === ri ? { ...x, optionId: e.target.value } : x)))}
                    aria-invalid={optionErr ? true : undefined}
                    aria-describedby={optionErr ? `${idPrefix}-r${ri}-option-error` : undefined}
                    className="rounded border border-gray-400 bg-white px-2 py-1"
                  >
                    {optionChoices.map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </select>
                  <FieldErrors id={`${idPrefix}-r${ri}-option`} errors={optionErr} />
                </td>
                <td className="py-1 pr-2">
                  <input
                    id={`${idPrefix}-r${ri}-percent`}
                    aria-label={`${caption}: ${optionLabel} share (%)`}
                    inputMode="decimal"
                    value={r.percent}
                    onChange={(e) => onChange(rows.map((x, i) => (i === ri ? { ...x, percent: e.target.value } : x)))}
                    aria-invalid={percentErr ? true : undefined}
                    aria-describedby={percentErr ? `${idPrefix}-r${ri}-percent-error` : undefined}
                    className="w-24 rounded border border-gray-400 bg-white px-2 py-1 aria-invalid:border-red-700"
                  />
                  <FieldErrors id={`${idPrefix}-r${ri}-percent`} errors={percentErr} />
                </td>
                <td className="py-1">
                  <button
                    type="button"
                    className={SMALL_BUTTON}
                    aria-label={`Remove ${optionLabel} from ${caption}`}
                    onClick={() => onChange(rows.filter((_, i) => i !== ri))}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className={`text-sm ${tooHigh ? 'text-red-800' : low ? 'text-amber-900' : 'text-gray-700'}`} aria-live="polite">
        Sum: {sum}%{tooHigh ? ` — more than 100% + ${SUM_TOLERANCE} points of rounding` : low ? ' — under 90%: is an option missing?' : ''}
      </p>
      <FieldErrors id={`${idPrefix}-results`} errors={setErrors} />
      <button type="button" className={SMALL_BUTTON} onClick={() => onChange([...rows, { key: newKey(), optionId: '', percent: '' }])}>
        Add a result row to {caption}
      </button>
    </div>
  );
}
