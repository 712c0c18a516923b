import type { PrismaClient } from '@/lib/generated/prisma/client';
import { commitImport, findImportMapping, previewStoredMatches, refusalOf, type TImportSummary } from '@/lib/import/commit';
import { decodeBytes, detectEncoding, type TImportEncoding } from '@/lib/import/encoding';
import { shapeKey } from '@/lib/import/hash';
import { autoMapping, findPreset } from '@/lib/import/presets';
import { planImportAsync, type TImportPlan } from '@/lib/import/prepare';
import { MAX_IMPORT_ROWS } from '@/lib/import/limits';
import { parseCsvAsync } from '@/lib/import/read-csv';
import type { TImportMapping } from '@/lib/import/targets';
import type { TImportOptions } from '@/lib/import/options';

/**
 * The server's import pipeline, shared by the upload route and `npm run import:csv`: decode (the
 * given encoding, or the detected one), parse and check in slices, then commit through the bulk
 * writer. Events report progress in rows.
 */
export type TImportEvent =
  | { type: 'progress'; phase: 'upload' | 'parse' | 'check' | 'commit'; done: number; total: number }
  | { type: 'plan'; counts: TImportPlan['counts']; facts: TImportPlan['facts']; encoding: TImportEncoding; mappingSource: string }
  | { type: 'done'; summary: TImportSummary | null; plan: TImportPlan; encoding: TImportEncoding; mappingSource: string };

export interface TRunArgs {
  db: PrismaClient;
  bytes: Uint8Array;
  encoding: TImportEncoding | 'auto';
  /** An explicit mapping, a preset id, or 'auto' (remembered for this shape → preset → suggestion). */
  mapping: TImportMapping | string;
  options: TImportOptions;
  fileName: string;
  userId: number | null;
  dryRun?: boolean;
  onEvent?: (e: TImportEvent) => void;
  signal?: AbortSignal;
  yieldNow?: () => Promise<void>;
}

export class ImportInputError extends Error {}

const NO_CELLS: string[] = [];

export interface TRunResult {
  /** After a commit its `records` are empty (released as they were written); `counts.polls` says how many there were. */
  plan: TImportPlan;
  /** null for a dry run or a refused commit. */
  summary: TImportSummary | null;
  encoding: TImportEncoding;
  mappingSource: string;
  /** Why nothing was written (file problems, or errors in all-or-nothing mode). */
  refusal: string | null;
  /** A dry run: what the database already holds of the file (a commit checks again). */
  stored?: Awaited<ReturnType<typeof previewStoredMatches>>;
}

/** Decode and parse; its own function so the decoded text is not kept alive by runImport's frame. */
async function readText(args: TRunArgs, encoding: TImportEncoding) {
  const decoded = decodeBytes(args.bytes, encoding);
  if (!decoded.ok) throw new ImportInputError(decoded.message);
  return parseCsvAsync(decoded.text, {
    onProgress: (done, total) => args.onEvent?.({ type: 'progress', phase: 'parse', done, total }),
    yieldNow: args.yieldNow,
    signal: args.signal,
  });
}

export async function runImport(args: TRunArgs): Promise<TRunResult> {
  const encoding = args.encoding === 'auto' ? detectEncoding(args.bytes).encoding : args.encoding;
  const csv = await readText(args, encoding);
  if (csv.rows.length > MAX_IMPORT_ROWS)
    throw new ImportInputError(`The file has ${csv.rows.length.toLocaleString('en')} rows; the limit is ${MAX_IMPORT_ROWS.toLocaleString('en')}. Split it.`);
  let mapping: TImportMapping;
  let mappingSource: string;
  let options = args.options;
  if (typeof args.mapping !== 'string') {
    mapping = args.mapping;
    mappingSource = 'given';
  } else if (args.mapping === 'auto') {
    const remembered = await findImportMapping(args.db, shapeKey(csv.headers));
    const auto = autoMapping(csv.headers, csv.rows.slice(0, 500));
    options = { ...options, ...auto.options };
    if (remembered) {
      mapping = remembered;
      mappingSource = 'remembered for this file shape';
    } else {
      mapping = auto.mapping;
      mappingSource = auto.preset ? `preset ${auto.preset.id}` : 'suggested from the column names';
    }
  } else {
    const preset = findPreset(args.mapping);
    if (!preset) throw new ImportInputError(`Unknown mapping “${args.mapping}”: use auto or a preset id.`);
    mapping = preset.mapping(csv.headers, csv.rows.slice(0, 500));
    options = { ...options, ...preset.options };
    mappingSource = `preset ${preset.id}`;
  }
  const plan = await planImportAsync(csv.headers, csv.rows, mapping, options, csv.issues, {
    onProgress: (done, total) => args.onEvent?.({ type: 'progress', phase: 'check', done, total }),
    yieldNow: args.yieldNow,
    signal: args.signal,
    // Each row's cells go once read: the check's records replace them, so the two never both peak.
    releaseRow: (i) => {
      csv.rows[i] = NO_CELLS;
    },
  });
  // The cells are not needed past the check: let a big file's strings go before the commit.
  csv.rows.length = 0;
  args.onEvent?.({ type: 'plan', counts: plan.counts, facts: plan.facts, encoding, mappingSource });
  if (args.dryRun) return { plan, summary: null, encoding, mappingSource, refusal: null, stored: await previewStoredMatches(args.db, plan) };
  const refusal = refusalOf(plan, options);
  if (refusal) return { plan, summary: null, encoding, mappingSource, refusal };
  const summary = await commitImport(args.db, {
    plan,
    options,
    fileName: args.fileName,
    userId: args.userId,
    signal: args.signal,
    yieldNow: args.yieldNow,
    releaseRecords: true,
    onProgress: (p) => args.onEvent?.({ type: 'progress', phase: 'commit', done: p.done, total: p.total }),
  });
  return { plan, summary, encoding, mappingSource, refusal: null };
}
