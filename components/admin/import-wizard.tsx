'use client';

import Papa from 'papaparse';
import { useActionState, useEffect, useMemo, useRef, useState } from 'react';
import { commitImportAction, loadImportMappingAction } from '@/lib/actions/import';
import type { TImportFormState } from '@/lib/entry/form-state';
import { decodeUtf8 } from '@/lib/import/encoding';
import { DuplicateTracker, countRows, createRowReader, describeIssue, type TImportRow } from '@/lib/import/prepare';
import { IMPORT_FIELDS, IMPORT_FIELD_LABELS, parseTarget, suggestMapping, type TImportMapping } from '@/lib/import/targets';
import type { TImportMode, TImportOptions } from '@/lib/schemas/import';
import { FieldErrors, FormAlert, SaveButton } from '@/components/admin/entry-fields';
import { SearchCombobox } from '@/components/ui/search-combobox';

/**
 * CSV import in four steps: choose a file → map columns → preview every row's problems → commit.
 *
 * Parsing happens in the browser, in 64 KB chunks with papaparse's `chunk` callback; after each
 * chunk the parser pauses and yields to the page so the progress bar moves (validation runs the
 * same way, 500 rows at a time). The commit uploads the file itself: the server decodes, parses
 * and validates it again with the same lib/import code and writes in one transaction.
 */

const IDLE: TImportFormState = { status: 'idle' };
const CHUNK_BYTES = 64 * 1024;

interface Parsed {
  fileName: string;
  file: File;
  headers: string[];
  rows: string[][];
  remembered: boolean;
}

type Progress = { phase: 'reading' | 'checking'; done: number; total: number } | null;

function yieldToBrowser(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function parseInChunks(text: string, onProgress: (fraction: number) => void): Promise<{ headers: string[]; rows: string[][]; error: string | null }> {
  return new Promise((resolve) => {
    let headers: string[] | null = null;
    const rows: string[][] = [];
    let error: string | null = null;
    Papa.parse<string[]>(text, {
      header: false,
      skipEmptyLines: 'greedy',
      chunkSize: CHUNK_BYTES,
      chunk: (results: Papa.ParseResult<string[]>, parser: Papa.Parser) => {
        for (const row of results.data) {
          if (headers === null) headers = row.map((h) => h.trim());
          else rows.push(row);
        }
        const first = results.errors[0];
        if (first && !error) error = `CSV syntax near row ${(first.row ?? 0) + 1}: ${first.message}.`;
        onProgress(Math.min(1, results.meta.cursor / Math.max(1, text.length)));
        parser.pause();
        setTimeout(() => parser.resume(), 0);
      },
      complete: () => resolve({ headers: headers ?? [], rows, error }),
    });
  });
}

function targetChoices(mapping: TImportMapping, header: string): { value: string; label: string }[] {
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
  return [...out].map(([value, label]) => ({ value, label }));
}

export function ImportWizard() {
  const [parsed, setParsed] = useState<Parsed | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [progress, setProgress] = useState<Progress>(null);
  const [mapping, setMapping] = useState<TImportMapping>({});
  const [mode, setMode] = useState<TImportMode>('all-or-nothing');
  const [dateOrder, setDateOrder] = useState<'mdy' | 'dmy'>('mdy');
  const [questionSlug, setQuestionSlug] = useState<string>('');
  const [newSlug, setNewSlug] = useState('');
  const [newTitle, setNewTitle] = useState('');
  const [rows, setRows] = useState<TImportRow[] | null>(null);
  const [onlyProblems, setOnlyProblems] = useState(true);
  const [state, commit, pending] = useActionState(commitImportAction, IDLE);
  const run = useRef(0);

  const options: TImportOptions = useMemo(
    () => ({
      mode,
      dateOrder,
      questionSlug: questionSlug === 'new' ? newSlug.trim() || undefined : questionSlug || undefined,
      questionTitle: questionSlug === 'new' ? newTitle.trim() || null : null,
    }),
    [mode, dateOrder, questionSlug, newSlug, newTitle],
  );
  const reader = useMemo(() => (parsed ? createRowReader(parsed.headers, mapping, options) : null), [parsed, mapping, options]);

  // Re-check every row whenever the mapping or the options change, in slices, with progress.
  useEffect(() => {
    if (!parsed || !reader) return;
    const token = ++run.current;
    void (async () => {
      const tracker = new DuplicateTracker();
      const out: TImportRow[] = [];
      for (let i = 0; i < parsed.rows.length; i += 500) {
        if (token !== run.current) return;
        for (let j = i; j < Math.min(parsed.rows.length, i + 500); j += 1) out.push(tracker.mark(reader.readRow(parsed.rows[j] ?? [], j + 2)));
        setProgress({ phase: 'checking', done: out.length, total: parsed.rows.length });
        await yieldToBrowser();
      }
      if (token !== run.current) return;
      setRows(out);
      setProgress(null);
    })();
  }, [parsed, reader]);

  async function onFile(file: File | undefined) {
    setParsed(null);
    setRows(null);
    setFileError(null);
    if (!file) return;
    setProgress({ phase: 'reading', done: 0, total: file.size });
    const decoded = decodeUtf8(await file.arrayBuffer());
    if (!decoded.ok) {
      setProgress(null);
      setFileError(decoded.message);
      return;
    }
    const result = await parseInChunks(decoded.text, (f) => setProgress({ phase: 'reading', done: Math.round(f * file.size), total: file.size }));
    if (result.headers.length === 0 || result.rows.length === 0) {
      setProgress(null);
      setFileError(result.headers.length === 0 ? 'The file is empty.' : 'The file has a header row but no data rows.');
      return;
    }
    let remembered: TImportMapping | null = null;
    try {
      remembered = await loadImportMappingAction(result.headers);
    } catch {
      remembered = null; // a failed lookup only costs the suggestion
    }
    setMapping(remembered ?? suggestMapping(result.headers));
    setParsed({ fileName: file.name, file, headers: result.headers, rows: result.rows, remembered: remembered !== null });
    if (result.error) setFileError(result.error);
  }

  const counts = rows ? countRows(rows) : null;
  const fileIssues = reader?.fileIssues ?? [];
  const blocked = fileIssues.length > 0 || (mode === 'all-or-nothing' && (counts?.withErrors ?? 0) > 0);
  const shown = (rows ?? []).filter((r) => !onlyProblems || r.errors.length > 0 || r.warnings.length > 0);

  return (
    <div className="space-y-6">
      <section aria-labelledby="step-file" className="space-y-3 rounded border border-gray-200 bg-white p-4">
        <h2 id="step-file" className="text-lg font-semibold">
          1. Choose a CSV file
        </h2>
        <div className="space-y-1">
          <label htmlFor="csv-file" className="block text-sm font-medium">
            CSV file (UTF-8, header row first)
          </label>
          <input
            id="csv-file"
            type="file"
            accept=".csv,text/csv"
            aria-describedby="csv-file-hint csv-file-error"
            onChange={(e) => void onFile(e.target.files?.[0])}
            className="block text-sm"
          />
          <p id="csv-file-hint" className="text-xs text-gray-600">
            Dates as 2019-11-22, 11/22/2019, a month (2019-11) or a year (2019). Empty cells stay empty (“not disclosed”).
          </p>
          {fileError ? (
            <p id="csv-file-error" role="alert" data-testid="file-error" className="text-sm text-red-800">
              {fileError}
            </p>
          ) : null}
        </div>
        {progress ? (
          <div className="space-y-1">
            <label htmlFor="import-progress" className="text-sm">
              {progress.phase === 'reading'
                ? `Reading the file… ${Math.round((progress.done / Math.max(1, progress.total)) * 100)}%`
                : `Checking rows… ${progress.done.toLocaleString('en')} of ${progress.total.toLocaleString('en')}`}
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
            {parsed.fileName}: {parsed.rows.length.toLocaleString('en')} rows, {parsed.headers.length} columns.{' '}
            {parsed.remembered ? 'Mapping remembered from an earlier import of a file with these columns.' : 'Mapping suggested from the column names; it is remembered when you import.'}
          </p>
          <table className="text-sm">
            <caption className="sr-only">Column mapping</caption>
            <thead>
              <tr className="text-left">
                <th scope="col" className="pr-3">Column</th>
                <th scope="col" className="pr-3">First value</th>
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
                      {targetChoices(mapping, h).map((c) => (
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
                <div className="space-y-1">
                  <label htmlFor="new-question-slug" className="block text-sm font-medium">
                    New question slug
                  </label>
                  <input id="new-question-slug" value={newSlug} onChange={(e) => setNewSlug(e.target.value)} className="block w-full rounded border border-gray-400 px-2 py-1.5 text-sm" />
                </div>
                <div className="space-y-1">
                  <label htmlFor="new-question-title" className="block text-sm font-medium">
                    New question title
                  </label>
                  <input id="new-question-title" value={newTitle} onChange={(e) => setNewTitle(e.target.value)} className="block w-full rounded border border-gray-400 px-2 py-1.5 text-sm" />
                </div>
              </>
            ) : null}
            <div className="space-y-1">
              <label htmlFor="date-order" className="block text-sm font-medium">
                Dates like 3/4/2019 are
              </label>
              <select id="date-order" value={dateOrder} onChange={(e) => setDateOrder(e.target.value === 'dmy' ? 'dmy' : 'mdy')} className="block w-full rounded border border-gray-400 bg-white px-2 py-1.5 text-sm">
                <option value="mdy">month/day/year (US)</option>
                <option value="dmy">day/month/year</option>
              </select>
            </div>
          </div>
        </section>
      ) : null}

      {parsed && counts ? (
        <section aria-labelledby="step-preview" className="space-y-3 rounded border border-gray-200 bg-white p-4">
          <h2 id="step-preview" className="text-lg font-semibold">
            3. Preview
          </h2>
          <p className="text-sm" data-testid="import-counts">
            {counts.rows} rows: {counts.valid} ready, {counts.withErrors} with errors, {counts.duplicates} duplicates of an earlier row (skipped), {counts.withWarnings} with
            warnings.
          </p>
          {fileIssues.length > 0 ? (
            <ul role="alert" className="list-disc pl-5 text-sm text-red-800" data-testid="file-issues">
              {fileIssues.map((i) => (
                <li key={i.message}>{describeIssue(i)}</li>
              ))}
            </ul>
          ) : null}
          <div className="flex items-center gap-2">
            <input id="only-problems" type="checkbox" checked={onlyProblems} onChange={(e) => setOnlyProblems(e.target.checked)} className="h-4 w-4" />
            <label htmlFor="only-problems" className="text-sm">
              Show only rows with errors or warnings
            </label>
          </div>
          <div className="max-h-96 overflow-auto">
            <table className="w-full text-sm" data-testid="preview-table">
              <caption className="sr-only">Rows of the file and their problems</caption>
              <thead className="sticky top-0 bg-white">
                <tr className="border-b border-gray-300 text-left">
                  <th scope="col" className="pr-3">Row</th>
                  <th scope="col" className="pr-3">Poll</th>
                  <th scope="col" className="pr-3">Results</th>
                  <th scope="col">Problems</th>
                </tr>
              </thead>
              <tbody>
                {shown.slice(0, 300).map((r) => (
                  <tr key={r.row} className="border-b border-gray-100 align-top">
                    <th scope="row" className="pr-3 text-left font-normal">
                      {r.row}
                    </th>
                    <td className="pr-3">
                      {r.record ? `${r.record.pollster}, ${r.record.fieldStart.start} – ${r.record.fieldEnd.end}, n = ${r.record.sampleSize ?? 'not disclosed'}` : '—'}
                    </td>
                    <td className="pr-3">{r.record ? r.record.results.map((x) => `${x.option} ${x.percent}%`).join(', ') : ''}</td>
                    <td>
                      <ul>
                        {r.errors.map((i) => (
                          <li key={i.message} className="text-red-800">
                            Error{i.column ? ` (${i.column})` : ''}: {i.message}
                          </li>
                        ))}
                        {r.warnings.map((i) => (
                          <li key={i.message} className="text-amber-900">
                            Warning{i.column ? ` (${i.column})` : ''}: {i.message}
                          </li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {shown.length > 300 ? <p className="text-sm text-gray-700">First 300 of {shown.length} rows shown.</p> : null}
          </div>
        </section>
      ) : null}

      {parsed && counts ? (
        <section aria-labelledby="step-commit" className="space-y-3 rounded border border-gray-200 bg-white p-4">
          <h2 id="step-commit" className="text-lg font-semibold">
            4. Import
          </h2>
          <form
            action={(fd) => {
              fd.set('file', parsed.file, parsed.fileName);
              return commit(fd);
            }}
            className="space-y-3"
          >
            <input type="hidden" name="fileName" value={parsed.fileName} />
            <input type="hidden" name="mapping" value={JSON.stringify(reader?.mapping ?? mapping)} />
            <input type="hidden" name="options" value={JSON.stringify(options)} />
            <fieldset className="space-y-1">
              <legend className="text-sm font-medium">When some rows have errors</legend>
              <div className="flex items-center gap-2">
                <input id="mode-all" type="radio" name="modeChoice" checked={mode === 'all-or-nothing'} onChange={() => setMode('all-or-nothing')} />
                <label htmlFor="mode-all" className="text-sm">
                  All or nothing: import only when every row is valid
                </label>
              </div>
              <div className="flex items-center gap-2">
                <input id="mode-valid" type="radio" name="modeChoice" checked={mode === 'valid-rows'} onChange={() => setMode('valid-rows')} />
                <label htmlFor="mode-valid" className="text-sm">
                  Import the valid rows and skip the rows with errors
                </label>
              </div>
            </fieldset>
            {blocked ? (
              <p className="text-sm text-red-800" data-testid="import-blocked">
                {fileIssues.length > 0
                  ? 'Fix the problems with the file or the mapping first.'
                  : `${counts.withErrors} row${counts.withErrors === 1 ? ' has' : 's have'} errors: fix the file, or choose to import only the valid rows.`}
              </p>
            ) : (
              <p className="text-sm text-gray-700">
                {counts.valid} poll{counts.valid === 1 ? '' : 's'} will be written in one transaction; rows imported before are skipped.
              </p>
            )}
            <FormAlert status={state.status} message={state.message} code={state.code} />
            <FieldErrors id="import-file" errors={state.status === 'error' ? state.fieldErrors?.file : undefined} />
            {pending ? (
              <div className="space-y-1">
                <label htmlFor="commit-progress" className="text-sm">
                  Uploading and importing…
                </label>
                <progress id="commit-progress" className="block w-full" />
              </div>
            ) : null}
            <SaveButton pending={pending || blocked || progress !== null} pendingLabel={pending ? 'Importing…' : 'Import'}>
              Import
            </SaveButton>
          </form>
        </section>
      ) : null}
    </div>
  );
}
