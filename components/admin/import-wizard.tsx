'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import { loadImportMappingAction } from '@/lib/actions/import';
import { ENCODING_LABELS, IMPORT_ENCODINGS, decodeBytes, detectEncoding, type TEncodingGuess, type TImportEncoding } from '@/lib/import/encoding';
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from '@/lib/import/limits';
import { autoMapping, type TImportPreset } from '@/lib/import/presets';
import {
  MANY_QUESTIONS,
  describeIssue,
  identityLine,
  importOptions,
  planImportAsync,
  type TImportCounts,
  type TImportIssue,
  type TImportPlan,
  type TRowOutcome,
} from '@/lib/import/prepare';
import { parseCsvAsync } from '@/lib/import/read-csv';
import { IMPORT_FIELDS, IMPORT_FIELD_LABELS, parseTarget, type TImportMapping } from '@/lib/import/targets';
import type { TImportMode, TImportOptions } from '@/lib/import/options';
import { SearchCombobox } from '@/components/ui/search-combobox';
import { SelectInput, TextInput } from '@/components/admin/entry-fields';

/**
 * CSV import: choose a file → confirm its encoding (a guess, with a preview) → map columns (a
 * remembered mapping, a preset, or a suggestion) → preview where every row goes
 * (`rows in = stored + refused + duplicates`) → upload and commit with a determinate progress bar.
 *
 * Decoding, parsing and checking run in the browser in slices (the page stays responsive); the
 * commit uploads the file to the route handler /api/admin/import, which checks the session before
 * reading the body, checks everything again with the same lib/import code and streams progress.
 */

interface Loaded {
  file: File;
  bytes: Uint8Array;
  guess: TEncodingGuess;
}

interface Parsed {
  fileName: string;
  headers: string[];
  rows: string[][];
  csvIssues: TImportIssue[];
  mappingOrigin: string;
  preset: TImportPreset | null;
}

interface Progress {
  phase: 'read' | 'parse' | 'check' | 'upload' | 'commit';
  done: number;
  total: number;
  unit: 'bytes' | 'rows';
  started: number;
}

interface DoneEvent {
  type: 'done';
  refusal: string | null;
  counts: TImportCounts;
  outcomes: TRowOutcome[];
  summary: {
    identity: string;
    pollsCreated: number;
    alreadyStored: number;
    possibleDuplicatesOfStored?: { row: number; pollId: number }[];
    auditId: number | null;
    questionsCreated: string[];
    pollstersCreated: number;
    ms: number;
  } | null;
}

const DATE_ORDER_OPTIONS = [
  { value: 'auto', label: 'decided from the file' },
  { value: 'mdy', label: 'month/day/year (US)' },
  { value: 'dmy', label: 'day/month/year' },
] as const;

const DECIMAL_OPTIONS = [
  { value: 'auto', label: 'decided from the file' },
  { value: 'point', label: 'point (45.5)' },
  { value: 'comma', label: 'comma (45,5)' },
] as const;

const PHASE_LABEL: Record<Progress['phase'], string> = {
  read: 'Reading the file',
  parse: 'Parsing',
  check: 'Checking rows',
  upload: 'Uploading',
  commit: 'Writing polls',
};

function pause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function megabytes(n: number): string {
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function progressText(p: Progress): string {
  const seconds = (performance.now() - p.started) / 1000;
  const rate = seconds > 0.2 ? p.done / seconds : 0;
  const left = rate > 0 ? Math.max(0, (p.total - p.done) / rate) : null;
  const amount =
    p.unit === 'bytes' ? `${megabytes(p.done)} of ${megabytes(p.total)}` : `${p.done.toLocaleString('en')} of ${p.total.toLocaleString('en')} rows`;
  const speed = rate > 0 ? (p.unit === 'bytes' ? ` · ${megabytes(rate)}/s` : ` · ${Math.round(rate).toLocaleString('en')} rows/s`) : '';
  return `${PHASE_LABEL[p.phase]}: ${amount}${speed}${left !== null ? ` · ${Math.ceil(left)} s left` : ''}`;
}

function targetChoices(mapping: TImportMapping, header: string, headers: readonly string[]): { value: string; label: string }[] {
  const out = new Map<string, string>([['ignore', 'Ignore this column']]);
  for (const f of IMPORT_FIELDS) out.set(f, IMPORT_FIELD_LABELS[f]);
  out.set(`result:${header.replace(/:/g, ' ')}`, `Result: share of “${header}”`);
  for (const t of Object.values(mapping)) {
    const parsed = parseTarget(t);
    if (!parsed) continue;
    if (parsed.kind === 'result') out.set(t, `Result: share of “${parsed.option}”`);
    if (parsed.kind === 'breakdownN') out.set(t, `Subgroup n: ${parsed.dimension} = ${parsed.subgroup}`);
    if (parsed.kind === 'breakdownResult') out.set(t, `Subgroup share: ${parsed.dimension} = ${parsed.subgroup}, “${parsed.option}”`);
  }
  for (const h of headers) {
    if (parseTarget(mapping[h] ?? '')?.kind === 'result' && h !== header) out.set(`label:${h}`, `Option label for column “${h}”`);
  }
  return [...out].map(([value, label]) => ({ value, label }));
}

function Identity({ counts, testId }: { counts: Pick<TImportCounts, 'rowsIn' | 'stored' | 'refused' | 'duplicates'>; testId: string }) {
  return (
    <p className="font-mono text-sm" data-testid={testId}>
      {identityLine(counts)}
    </p>
  );
}

function OutcomeList({ outcomes }: { outcomes: TRowOutcome[] }) {
  const refused = outcomes.filter((o) => o.status === 'refused');
  const duplicates = outcomes.filter((o) => o.status === 'duplicate');
  return (
    <div className="space-y-2 text-sm">
      {refused.length > 0 ? (
        <details open data-testid="refused-rows">
          <summary className="font-medium text-red-800">Refused rows ({refused.length.toLocaleString('en')})</summary>
          <ul className="max-h-60 list-disc overflow-auto pl-5">
            {refused.slice(0, 300).map((o) => (
              <li key={o.row}>{o.errors.map(describeIssue).join(' ')}</li>
            ))}
          </ul>
        </details>
      ) : null}
      {duplicates.length > 0 ? (
        <details data-testid="duplicate-rows">
          <summary className="font-medium">Exact duplicates, skipped ({duplicates.length.toLocaleString('en')})</summary>
          <ul className="max-h-60 list-disc overflow-auto pl-5">
            {duplicates.slice(0, 300).map((o) => (
              <li key={o.row}>
                Row {o.row}: {o.duplicateOf === 'database' ? 'already in the database' : `same poll as row ${String(o.duplicateOf)}`}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}

export function ImportWizard() {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [encoding, setEncoding] = useState<TImportEncoding>('utf-8');
  const [parsed, setParsed] = useState<Parsed | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [mapping, setMapping] = useState<TImportMapping>({});
  const [mode, setMode] = useState<TImportMode>('valid-rows');
  const [dateOrder, setDateOrder] = useState<TImportOptions['dateOrder']>('auto');
  const [decimal, setDecimal] = useState<TImportOptions['decimal']>('auto');
  const [firstYear, setFirstYear] = useState('');
  const [defaultPollster, setDefaultPollster] = useState('');
  const [confirmMany, setConfirmMany] = useState(false);
  const [questionSlug, setQuestionSlug] = useState<string>('');
  const [newSlug, setNewSlug] = useState('');
  const [newTitle, setNewTitle] = useState('');
  const [plan, setPlan] = useState<TImportPlan | null>(null);
  const [committing, setCommitting] = useState(false);
  const [result, setResult] = useState<DoneEvent | null>(null);
  const [commitError, setCommitError] = useState<string | null>(null);
  const run = useRef(0);
  const xhr = useRef<XMLHttpRequest | null>(null);

  const options: TImportOptions = useMemo(
    () =>
      importOptions({
        mode,
        dateOrder,
        decimal,
        firstYear: /^\d{4}$/.test(firstYear.trim()) ? Number(firstYear.trim()) : null,
        defaultPollster: defaultPollster.trim() || null,
        confirmManyQuestions: confirmMany,
        questionSlug: questionSlug === 'new' ? newSlug.trim() || undefined : questionSlug || undefined,
        questionTitle: questionSlug === 'new' ? newTitle.trim() || null : null,
      }),
    [mode, dateOrder, decimal, firstYear, defaultPollster, confirmMany, questionSlug, newSlug, newTitle],
  );

  // Re-check every row whenever the mapping or the options change, in slices, with progress.
  useEffect(() => {
    if (!parsed) return;
    const token = ++run.current;
    const started = performance.now();
    void (async () => {
      try {
        const p = await planImportAsync(parsed.headers, parsed.rows, mapping, options, parsed.csvIssues, {
          onProgress: (done, total) => {
            if (token === run.current) setProgress({ phase: 'check', done, total, unit: 'rows', started });
          },
          yieldNow: async () => {
            await pause();
            if (token !== run.current) throw new Error('superseded');
          },
        });
        if (token !== run.current) return;
        setPlan(p);
        setProgress(null);
      } catch {
        // superseded by a newer mapping or option: that run reports instead
      }
    })();
  }, [parsed, mapping, options]);

  async function onFile(file: File | undefined) {
    run.current += 1;
    setLoaded(null);
    setParsed(null);
    setPlan(null);
    setResult(null);
    setCommitError(null);
    setFileError(null);
    if (!file) return;
    if (file.size > MAX_IMPORT_BYTES) {
      setFileError(`The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB (${file.size.toLocaleString('en')} bytes); split it. Nothing was uploaded.`);
      return;
    }
    if (file.size === 0) {
      setFileError('The file is empty.');
      return;
    }
    setProgress({ phase: 'read', done: 0, total: file.size, unit: 'bytes', started: performance.now() });
    const bytes = new Uint8Array(await file.arrayBuffer());
    const guess = detectEncoding(bytes);
    setProgress(null);
    setEncoding(guess.encoding);
    setLoaded({ file, bytes, guess });
  }

  const encodingPreview = useMemo(() => {
    if (!loaded) return null;
    const head = loaded.bytes.subarray(0, 4096);
    const decoded = decodeBytes(head, encoding === 'utf-8' ? 'utf-8' : encoding);
    if (!decoded.ok) {
      // A cut multi-byte character at the end of the sample is not a wrong encoding.
      const loose = new TextDecoder(encoding).decode(head);
      return { ok: !loose.includes('\u0000'), lines: loose.split(/\r?\n/).slice(0, 4), message: decoded.message };
    }
    return { ok: true, lines: decoded.text.split(/\r?\n/).slice(0, 4), message: null };
  }, [loaded, encoding]);

  async function confirmEncoding() {
    if (!loaded) return;
    setFileError(null);
    const decoded = decodeBytes(loaded.bytes, encoding);
    if (!decoded.ok) {
      setFileError(decoded.message);
      return;
    }
    const started = performance.now();
    const csv = await parseCsvAsync(decoded.text, { onProgress: (done, total) => setProgress({ phase: 'parse', done, total, unit: 'bytes', started }) });
    setProgress(null);
    if (csv.rows.length === 0) {
      setFileError(csv.issues.map(describeIssue).join(' ') || 'The file has no data rows.');
      return;
    }
    if (csv.rows.length > MAX_IMPORT_ROWS) {
      setFileError(`The file has ${csv.rows.length.toLocaleString('en')} rows; the limit is ${MAX_IMPORT_ROWS.toLocaleString('en')}. Split it.`);
      return;
    }
    let remembered: TImportMapping | null = null;
    try {
      remembered = await loadImportMappingAction(csv.headers);
    } catch {
      remembered = null; // a failed lookup only costs the remembered mapping
    }
    const auto = autoMapping(csv.headers, csv.rows.slice(0, 500));
    const presetOptions = auto.options;
    if (presetOptions.defaultPollster) setDefaultPollster(presetOptions.defaultPollster);
    if (presetOptions.confirmManyQuestions) setConfirmMany(true);
    if (presetOptions.dateOrder) setDateOrder(presetOptions.dateOrder);
    setMapping(remembered ?? auto.mapping);
    setParsed({
      fileName: loaded.file.name,
      headers: csv.headers,
      rows: csv.rows,
      csvIssues: csv.issues,
      preset: remembered ? null : auto.preset,
      mappingOrigin: remembered
        ? 'Mapping remembered from an earlier import of a file with these columns.'
        : auto.preset
          ? `Preset: ${auto.preset.label}. ${auto.preset.note}`
          : 'Mapping suggested from the column names; it is remembered when you import.',
    });
  }

  function commit() {
    if (!loaded || !parsed) return;
    setCommitting(true);
    setCommitError(null);
    setResult(null);
    const meta = JSON.stringify({ fileName: parsed.fileName, encoding, mapping: plan?.mapping ?? mapping, options, dryRun: false });
    const body = new Blob([meta, '\n', loaded.bytes as BlobPart]);
    const request = new XMLHttpRequest();
    xhr.current = request;
    let seen = 0;
    let phaseStart = performance.now();
    let phase: Progress['phase'] = 'upload';
    const onText = () => {
      const text = request.responseText;
      const lines = text.slice(seen).split('\n');
      const complete = lines.slice(0, -1);
      seen += complete.reduce((n, l) => n + l.length + 1, 0);
      for (const line of complete) {
        if (line.trim() === '') continue;
        let event: { type: string; phase?: Progress['phase']; done?: number; total?: number; message?: string };
        try {
          event = JSON.parse(line) as typeof event;
        } catch {
          continue;
        }
        if (event.type === 'progress' && event.phase && event.done !== undefined && event.total !== undefined) {
          if (event.phase !== phase) {
            phase = event.phase;
            phaseStart = performance.now();
          }
          const unit = event.phase === 'parse' ? 'bytes' : 'rows';
          setProgress({ phase: event.phase === 'parse' ? 'parse' : event.phase, done: event.done, total: event.total, unit, started: phaseStart });
        } else if (event.type === 'done') {
          setResult(event as unknown as DoneEvent);
          setProgress(null);
        } else if (event.type === 'error') {
          setCommitError(event.message ?? 'The import failed; nothing was saved.');
          setProgress(null);
        }
      }
    };
    request.open('POST', '/api/admin/import');
    request.setRequestHeader('content-type', 'application/octet-stream');
    request.upload.onprogress = (e) => setProgress({ phase: 'upload', done: e.loaded, total: e.total || body.size, unit: 'bytes', started: phaseStart });
    request.onprogress = onText;
    request.onload = () => {
      onText();
      if (request.status >= 400) {
        try {
          const parsedBody = JSON.parse(request.responseText) as { message?: string };
          setCommitError(parsedBody.message ?? `The server answered ${request.status}.`);
        } catch {
          setCommitError(`The server answered ${request.status}.`);
        }
      }
      setCommitting(false);
      setProgress(null);
      xhr.current = null;
    };
    request.onerror = () => {
      setCommitError('The upload failed (network); nothing was saved. Try again.');
      setCommitting(false);
      setProgress(null);
      xhr.current = null;
    };
    request.onabort = () => {
      setCommitError('Cancelled; nothing was saved.');
      setCommitting(false);
      setProgress(null);
      xhr.current = null;
    };
    request.send(body);
  }

  const counts = plan?.counts ?? null;
  const fileIssues = plan?.fileIssues ?? [];
  const fileErrors = fileIssues.filter((i) => i.severity === 'error');
  const blocked = fileErrors.length > 0 || (mode === 'all-or-nothing' && (counts?.refused ?? 0) > 0) || (counts?.stored ?? 0) === 0;
  const possible = plan?.outcomes.filter((o) => o.status === 'stored' && o.warnings.some((w) => w.message.startsWith('Possible duplicate'))) ?? [];
  const warned = plan?.outcomes.filter((o) => o.status === 'stored' && o.warnings.length > 0) ?? [];

  return (
    <div className="space-y-6">
      <section aria-labelledby="step-file" className="space-y-3 rounded border border-gray-200 bg-white p-4">
        <h2 id="step-file" className="text-lg font-semibold">
          1. Choose a CSV file
        </h2>
        <div className="space-y-1">
          <label htmlFor="csv-file" className="block text-sm font-medium">
            CSV file (header row first; up to 100 MB and 1,000,000 rows)
          </label>
          <input
            id="csv-file"
            type="file"
            accept=".csv,.txt,.tsv,text/csv"
            aria-describedby="csv-file-hint"
            onChange={(e) => void onFile(e.target.files?.[0])}
            className="block text-sm"
          />
          <p id="csv-file-hint" className="text-xs text-gray-600">
            Wide (one row per poll) or long (one row per option). Dates as 2019-11-22, 11/22/19, 22/11/2019, 22 Nov 2019, 22 Nov, or ranges such as 27–28 Jul;
            NA, n/a, – and empty cells are missing values.
          </p>
          {fileError ? (
            <p role="alert" data-testid="file-error" className="text-sm text-red-800">
              {fileError}
            </p>
          ) : null}
        </div>
        {loaded && encodingPreview ? (
          <div className="space-y-2" data-testid="encoding-step">
            <p className="text-sm" data-testid="encoding-guess">
              Encoding guess: <strong>{ENCODING_LABELS[loaded.guess.encoding]}</strong> ({loaded.guess.reason}).
            </p>
            <div className="flex flex-wrap items-end gap-3">
              <div className="space-y-1">
                <label htmlFor="encoding" className="block text-sm font-medium">
                  Read the file as
                </label>
                <select
                  id="encoding"
                  value={encoding}
                  onChange={(e) => setEncoding(e.target.value as TImportEncoding)}
                  className="rounded border border-gray-400 bg-white px-2 py-1 text-sm"
                >
                  {IMPORT_ENCODINGS.map((e) => (
                    <option key={e} value={e}>
                      {ENCODING_LABELS[e]}
                    </option>
                  ))}
                </select>
              </div>
              <button
                type="button"
                onClick={() => void confirmEncoding()}
                disabled={progress !== null}
                className="rounded bg-blue-700 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50"
              >
                Use this encoding
              </button>
            </div>
            <pre className="max-h-32 overflow-auto rounded bg-gray-50 p-2 text-xs" aria-label="Preview of the first lines" data-testid="encoding-preview">
              {encodingPreview.lines.join('\n')}
            </pre>
            {!encodingPreview.ok || encodingPreview.message ? (
              <p className="text-sm text-amber-900">{encodingPreview.message ?? 'This encoding gives NUL characters; choose another.'}</p>
            ) : null}
          </div>
        ) : null}
        {progress && !committing ? (
          <div className="space-y-1">
            <label htmlFor="import-progress" className="text-sm" data-testid="progress-label">
              {progressText(progress)}
            </label>
            <progress id="import-progress" max={progress.total} value={progress.done} className="block w-full" />
          </div>
        ) : null}
      </section>

      {parsed ? (
        <section aria-labelledby="step-map" className="space-y-3 rounded border border-gray-200 bg-white p-4">
          <h2 id="step-map" className="text-lg font-semibold">
            2. Map columns
          </h2>
          <p className="text-sm text-gray-700" data-testid="mapping-origin">
            {parsed.fileName}: {parsed.rows.length.toLocaleString('en')} rows, {parsed.headers.length} columns. {parsed.mappingOrigin}
          </p>
          <div className="max-h-[32rem] overflow-auto">
            <table className="text-sm">
              <caption className="sr-only">Column mapping</caption>
              <thead>
                <tr className="text-left">
                  <th scope="col" className="pr-3">
                    Column
                  </th>
                  <th scope="col" className="pr-3">
                    First value
                  </th>
                  <th scope="col">Imported as</th>
                </tr>
              </thead>
              <tbody>
                {parsed.headers.map((h, i) => (
                  <tr key={`${h}-${i}`}>
                    <th scope="row" className="py-1 pr-3 text-left font-medium">
                      {h}
                    </th>
                    <td className="max-w-xs truncate py-1 pr-3 text-gray-700">{parsed.rows[0]?.[i] ?? ''}</td>
                    <td className="py-1">
                      <select
                        aria-label={`Import column ${h} as`}
                        value={mapping[h] ?? 'ignore'}
                        onChange={(e) => setMapping((m) => ({ ...m, [h]: e.target.value }))}
                        className="rounded border border-gray-400 bg-white px-2 py-1"
                      >
                        {targetChoices(mapping, h, parsed.headers).map((c) => (
                          <option key={c.value} value={c.value}>
                            {c.label}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="grid gap-4 sm:grid-cols-3">
            <SearchCombobox
              id="default-question"
              label="Default question"
              endpoint="/api/search?kind=question"
              placeholder="None (every row names its question)"
              fixedItems={[
                { value: '', label: 'None (every row names its question)' },
                { value: 'new', label: 'New question…' },
              ]}
              onSelect={(item) => setQuestionSlug(item.value)}
              hint="For rows without a question column (or with it empty). Results are matched to its options by label."
            />
            {questionSlug === 'new' ? (
              <>
                <TextInput id="new-question-slug" label="New question slug" value={newSlug} onChange={setNewSlug} />
                <TextInput id="new-question-title" label="New question title" value={newTitle} onChange={setNewTitle} />
              </>
            ) : null}
            <TextInput id="default-pollster" label="Pollster for rows without one" value={defaultPollster} onChange={setDefaultPollster} />
            <SelectInput
              id="date-order"
              label="Dates like 3/4/2019 are"
              value={dateOrder}
              onChange={(v) => setDateOrder(v as TImportOptions['dateOrder'])}
              options={DATE_ORDER_OPTIONS}
              hint={
                plan ? (
                  <span data-testid="date-order-reason">
                    Read as {plan.facts.dateOrder === 'dmy' ? 'day/month/year' : 'month/day/year'}: {plan.facts.dateOrderReason}.
                  </span>
                ) : undefined
              }
            />
            <SelectInput
              id="decimal"
              label="Decimal mark"
              value={decimal}
              onChange={(v) => setDecimal(v as TImportOptions['decimal'])}
              options={DECIMAL_OPTIONS}
              hint={plan ? `${plan.facts.decimalReason}.` : undefined}
            />
            {plan?.facts.yearlessDates ? (
              <TextInput
                id="first-year"
                label="Year of the first date without a year"
                inputMode="numeric"
                value={firstYear}
                onChange={setFirstYear}
                hint="Later rows follow in file order, across New Year either way."
              />
            ) : null}
          </div>
        </section>
      ) : null}

      {parsed && plan && counts ? (
        <section aria-labelledby="step-preview" className="space-y-3 rounded border border-gray-200 bg-white p-4">
          <h2 id="step-preview" className="text-lg font-semibold">
            3. Preview
          </h2>
          <Identity counts={counts} testId="import-identity" />
          <p className="text-sm" data-testid="import-counts">
            {counts.polls.toLocaleString('en')} polls in {counts.questions.toLocaleString('en')} question{counts.questions === 1 ? '' : 's'};{' '}
            {counts.withWarnings.toLocaleString('en')} rows with warnings, {counts.possibleDuplicates.toLocaleString('en')} possible duplicates (imported and
            flagged).
          </p>
          {counts.questions > MANY_QUESTIONS ? (
            <div className="flex items-center gap-2">
              <input id="confirm-many" type="checkbox" checked={confirmMany} onChange={(e) => setConfirmMany(e.target.checked)} className="h-4 w-4" />
              <label htmlFor="confirm-many" className="text-sm">
                Yes, this file has {counts.questions.toLocaleString('en')} questions (
                {plan.questions
                  .slice(0, 3)
                  .map((q) => q.title)
                  .join(', ')}
                , …)
              </label>
            </div>
          ) : null}
          {fileIssues.length > 0 ? (
            <ul role="alert" className="list-disc pl-5 text-sm text-red-800" data-testid="file-issues">
              {fileIssues.map((i) => (
                <li key={i.message}>{describeIssue(i)}</li>
              ))}
            </ul>
          ) : null}
          <OutcomeList outcomes={plan.outcomes} />
          {possible.length > 0 ? (
            <details data-testid="possible-duplicates">
              <summary className="text-sm font-medium">Possible duplicates, imported and flagged ({possible.length})</summary>
              <ul className="max-h-60 list-disc overflow-auto pl-5 text-sm">
                {possible.slice(0, 300).map((o) => (
                  <li key={o.row}>{o.warnings.map(describeIssue).join(' ')}</li>
                ))}
              </ul>
            </details>
          ) : null}
          {warned.length > 0 ? (
            <details>
              <summary className="text-sm font-medium">Warnings on stored rows ({warned.length.toLocaleString('en')})</summary>
              <ul className="max-h-60 list-disc overflow-auto pl-5 text-sm text-amber-900">
                {warned.slice(0, 300).map((o) => (
                  <li key={o.row}>{o.warnings.map(describeIssue).join(' ')}</li>
                ))}
              </ul>
            </details>
          ) : null}
        </section>
      ) : null}

      {parsed && plan && counts ? (
        <section aria-labelledby="step-commit" className="space-y-3 rounded border border-gray-200 bg-white p-4">
          <h2 id="step-commit" className="text-lg font-semibold">
            4. Import
          </h2>
          <fieldset className="space-y-1">
            <legend className="text-sm font-medium">When some rows are refused</legend>
            <div className="flex items-center gap-2">
              <input id="mode-valid" type="radio" name="modeChoice" checked={mode === 'valid-rows'} onChange={() => setMode('valid-rows')} />
              <label htmlFor="mode-valid" className="text-sm">
                Import the other rows (the refused ones are listed above)
              </label>
            </div>
            <div className="flex items-center gap-2">
              <input id="mode-all" type="radio" name="modeChoice" checked={mode === 'all-or-nothing'} onChange={() => setMode('all-or-nothing')} />
              <label htmlFor="mode-all" className="text-sm">
                All or nothing: import only when no row is refused
              </label>
            </div>
          </fieldset>
          {blocked ? (
            <p className="text-sm text-red-800" data-testid="import-blocked">
              {fileErrors.length > 0
                ? 'Fix the problems with the file or the mapping first.'
                : counts.stored === 0
                  ? 'No row would be stored.'
                  : `${counts.refused} rows are refused: import the other rows, or fix the file.`}
            </p>
          ) : (
            <p className="text-sm text-gray-700">
              {counts.polls.toLocaleString('en')} polls will be written in one transaction; polls already in the database are counted as duplicates.
            </p>
          )}
          {commitError ? (
            <p role="alert" className="text-sm text-red-800" data-testid="commit-error">
              {commitError}
            </p>
          ) : null}
          {progress && committing ? (
            <div className="space-y-1">
              <label htmlFor="commit-progress" className="text-sm" data-testid="commit-progress-label">
                {progressText(progress)}
              </label>
              <progress id="commit-progress" max={progress.total} value={progress.done} className="block w-full" />
            </div>
          ) : null}
          <div className="flex gap-3">
            <button
              type="button"
              onClick={commit}
              disabled={blocked || committing || progress !== null}
              className="rounded bg-blue-700 px-4 py-2 text-sm font-medium text-white disabled:opacity-50"
            >
              {committing ? 'Importing…' : 'Import'}
            </button>
            {committing && progress?.phase !== 'commit' ? (
              <button type="button" onClick={() => xhr.current?.abort()} className="rounded border border-gray-400 px-4 py-2 text-sm">
                Cancel
              </button>
            ) : null}
          </div>
          {result ? (
            <div role="status" className="space-y-2 rounded border border-green-700 bg-green-50 p-3 text-sm" data-testid="import-result">
              {result.summary ? (
                <>
                  <p>
                    Imported {result.summary.pollsCreated.toLocaleString('en')} polls from {parsed.fileName} in {(result.summary.ms / 1000).toFixed(1)} s
                    {result.summary.alreadyStored > 0 ? `; ${result.summary.alreadyStored.toLocaleString('en')} rows were already in the database` : ''}. Audit
                    event {result.summary.auditId}.
                  </p>
                  {result.summary.possibleDuplicatesOfStored && result.summary.possibleDuplicatesOfStored.length > 0 ? (
                    <p data-testid="import-stored-possible-duplicates">
                      {result.summary.possibleDuplicatesOfStored.length.toLocaleString('en')} imported row
                      {result.summary.possibleDuplicatesOfStored.length === 1 ? ' shares' : 's share'} pollster, field dates and question with a poll already
                      stored, with other figures (imported and flagged; check them):{' '}
                      {result.summary.possibleDuplicatesOfStored
                        .slice(0, 20)
                        .map((d) => `row ${d.row} → poll ${d.pollId}`)
                        .join(', ')}
                      {result.summary.possibleDuplicatesOfStored.length > 20 ? ', …' : ''}.
                    </p>
                  ) : null}
                  <p className="font-mono" data-testid="import-summary-identity">
                    {result.summary.identity}
                  </p>
                </>
              ) : (
                <p data-testid="import-refusal">{result.refusal ?? 'Nothing was written.'}</p>
              )}
              <OutcomeList outcomes={result.outcomes} />
            </div>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
