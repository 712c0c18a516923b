import { AppError } from '@/lib/errors/app-error';
import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';
import { hash64 } from '@/lib/import/hash';
import { describeIssue, identityLine, possibleKeyText, type TImportPlan, type TImportRecord } from '@/lib/import/prepare';
import { optionKey } from '@/lib/schemas/question';
import type { TImportOptions } from '@/lib/import/options';
import { slugify } from '@/lib/format/slug';
import { findPollsByExternalKey, writePollsBulk, type BulkPoll, type BulkPollster, type BulkQuestion } from '@/lib/writes/bulk';
import { removeImported, type TImported } from '@/lib/writes/import-undo';
import { isWriteContext, runWrite, withWrite, type WriteContext } from '@/lib/writes/write';

/**
 * The write half of the CSV import: one write through the shared write path (lib/writes: one
 * transaction, one audit row, one ChangeLog row) that creates every planned poll with its results
 * and subgroup breakdowns through the bulk writer (lib/writes/bulk.ts, multi-row INSERTs), the
 * pollsters, questions and options it needs, and the remembered column mapping. The audit row lists
 * what it created, so the import can be undone (lib/writes/import-undo.ts). Rows whose poll already exists
 * (same externalKey: pollster, dates, question, wording, n and results) are exact duplicates of the
 * database and are counted as such, so importing a file twice adds nothing.
 */

export interface TImportSummary {
  rowsIn: number;
  stored: number;
  refused: number;
  duplicates: number;
  /** Of the duplicates: rows whose poll was already in the database. */
  alreadyStored: number;
  /** Those rows (the first 1,000), for the list of duplicates. */
  alreadyStoredRows: number[];
  pollsCreated: number;
  /** Stored rows flagged as possible duplicates: of an earlier row of the file, or of a stored poll. */
  possibleDuplicates: number;
  /** Of those: rows whose pollster, field dates and question match a poll already stored, with its id (the first 1,000). */
  possibleDuplicatesOfStored: { row: number; pollId: number }[];
  pollstersCreated: number;
  questionsCreated: string[];
  pollIds: number[];
  auditId: number | null;
  ms: number;
  identity: string;
}

export interface TCommitProgress {
  phase: 'commit';
  done: number;
  total: number;
}

export interface TCommitArgs {
  plan: TImportPlan;
  options: TImportOptions;
  fileName: string;
  userId: number | null;
  onProgress?: (p: TCommitProgress) => void;
  signal?: AbortSignal;
  /** A turn of the event loop between rounds (a cancel message can arrive; progress is sent). */
  yieldNow?: () => Promise<void>;
  /** Polls per transaction (default ROUND); smaller in tests, to commit a fixture in several parts. */
  roundSize?: number;
  /** Remember the column mapping for this file shape (default true; the seed does not). */
  remember?: boolean;
  /**
   * Let go of the plan's records as they are written (`plan.records` is emptied when the commit
   * starts; `plan.counts.polls` still says how many there were), so a 1,000,000-row import's memory
   * falls as it commits instead of staying at its peak until the end. runImport sets it; a caller
   * that reads `plan.records` afterwards leaves it off (default false).
   */
  releaseRecords?: boolean;
  /**
   * Write the Import audit row (default true). Inside a caller's write (the seed) the caller writes
   * the one audit row of its write instead, with this summary in it.
   */
  audit?: boolean;
}

/**
 * Polls per transaction: bounds how long the write lock is held (~2 s at 10,000 rows/s). Not
 * smaller: every committed part is a change the page caches must honour, and re-rendering the
 * overview over a freshly grown database is what stalled the page thread during a 100k-row import
 * (parts of 5,000: page max 25–45 s; the p95 was under 100 ms either way; see the import notes).
 */
const ROUND = 20_000;

function day(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

/** Refuse the whole commit when the mode says so; the messages name rows and columns. */
export function refusalOf(plan: TImportPlan, options: TImportOptions): string | null {
  const fileErrors = plan.fileIssues.filter((i) => i.severity === 'error');
  if (fileErrors.length > 0) return `The file cannot be imported: ${fileErrors.map(describeIssue).join(' ')}`;
  const bad = plan.outcomes.filter((o) => o.status === 'refused');
  if (bad.length > 0 && options.mode === 'all-or-nothing') {
    const first = bad.slice(0, 3).flatMap((o) => o.errors.map(describeIssue));
    return `Nothing was imported: ${bad.length} row${bad.length === 1 ? ' has' : 's have'} errors (all or nothing). ${first.join(' ')}${bad.length > 3 ? ' …' : ''} Fix the file, or choose “import valid rows”.`;
  }
  if (plan.counts.rowsIn === 0) return 'The file has no data rows.';
  return null;
}

/** Pollster slugs by lower-cased name; a new name whose slug another name holds gets a suffix. */
async function resolvePollsters(w: WriteContext, records: readonly TImportRecord[]): Promise<{ slugOf: Map<string, string>; fresh: BulkPollster[] }> {
  const slugOf = new Map<string, string>();
  const taken = new Set<string>();
  for (const p of await w.tx.pollster.findMany({ select: { slug: true, name: true } })) {
    slugOf.set(p.name.toLowerCase(), p.slug);
    taken.add(p.slug);
  }
  const fresh: BulkPollster[] = [];
  for (const r of records) {
    const lower = r.pollster.toLowerCase();
    if (slugOf.has(lower)) continue;
    const base = slugify(r.pollster);
    let slug = base;
    for (let k = 2; taken.has(slug); k += 1) slug = `${base}-${k}`;
    taken.add(slug);
    slugOf.set(lower, slug);
    fresh.push({ slug, name: r.pollster });
  }
  return { slugOf, fresh };
}

interface QuestionKeys {
  wording: string;
  /** lower-cased option label or key → option key */
  keys: Map<string, string>;
}

/**
 * Questions by slug: existing ones keep their options and get the file's missing ones appended
 * (keys made unique with a suffix); new ones are created with the file's options in order.
 */
async function resolveQuestions(
  w: WriteContext,
  plan: TImportPlan,
  used: ReadonlySet<string>,
): Promise<{ targets: Map<string, QuestionKeys>; bulk: BulkQuestion[]; addedOptions: { question: string; key: string }[] }> {
  const wanted = plan.questions.filter((q) => used.has(q.slug));
  const existing = new Map<string, { title: string; wording: string; options: { key: string; label: string; position: number }[] }>();
  for (let i = 0; i < wanted.length; i += 500) {
    const found = await w.tx.question.findMany({
      where: { slug: { in: wanted.slice(i, i + 500).map((q) => q.slug) } },
      select: { slug: true, title: true, wording: true, options: { select: { key: true, label: true, position: true } } },
    });
    for (const q of found) existing.set(q.slug, q);
  }
  const targets = new Map<string, QuestionKeys>();
  const bulk: BulkQuestion[] = [];
  const addedOptions: { question: string; key: string }[] = [];
  for (const q of wanted) {
    const have = existing.get(q.slug);
    const keys = new Map<string, string>();
    const taken = new Set<string>();
    const options: { key: string; label: string; position: number }[] = [];
    let position = 0;
    for (const o of have?.options ?? []) {
      keys.set(o.label.toLowerCase(), o.key);
      keys.set(o.key, o.key);
      taken.add(o.key);
      options.push(o);
      position = Math.max(position, o.position + 1);
    }
    for (const label of q.options) {
      if (keys.has(label.toLowerCase()) || keys.has(optionKey(label))) continue;
      const base = optionKey(label);
      let key = base;
      for (let k = 2; taken.has(key); k += 1) key = `${base.slice(0, 36)}_${k}`;
      taken.add(key);
      keys.set(label.toLowerCase(), key);
      options.push({ key, label, position });
      position += 1;
      if (have) addedOptions.push({ question: q.slug, key });
    }
    const wording = have?.wording ?? q.wording ?? q.title;
    targets.set(q.slug, { wording, keys });
    bulk.push({
      slug: q.slug,
      title: have?.title ?? q.title.slice(0, 200),
      wording,
      population: q.population,
      notes: have ? undefined : 'Created by a CSV import; check the title, wording and options.',
      options,
    });
  }
  return { targets, bulk, addedOptions };
}

function keyOf(q: QuestionKeys, label: string): string {
  const key = q.keys.get(label.toLowerCase()) ?? q.keys.get(optionKey(label));
  if (key === undefined) throw new Error(`option “${label}” was not planned`);
  return key;
}

function bulkPoll(r: TImportRecord, pollsterSlug: string, q: QuestionKeys, userId: number | null): BulkPoll {
  return {
    externalKey: r.externalKey,
    pollsterSlug,
    sponsorName: r.sponsor,
    fieldStart: day(r.fieldStart.start),
    fieldEnd: day(r.fieldEnd.end),
    datePrecision: r.datePrecision,
    publishedAt: r.published ? day(r.published.start) : null,
    publishedPrecision: r.published?.precision ?? 'day',
    sampleSize: r.sampleSize,
    population: r.population,
    mode: r.mode,
    modeDetail: r.modeDetail,
    reportedMoe: r.moe,
    moeConfidence: r.moe !== null ? 0.95 : null,
    designEffect: r.designEffect,
    weighting: r.weighting,
    sourceUrls: r.sourceUrls,
    notes: r.notes,
    enteredById: userId,
    questions: [
      {
        questionSlug: r.questionSlug,
        wording: r.wording ?? q.wording,
        results: r.results.map((x) => ({ optionKey: keyOf(q, x.option), percent: x.percent })),
        breakdowns: r.breakdowns.map((b) => ({
          dimension: b.dimension,
          subgroup: b.subgroup,
          sampleSize: b.sampleSize,
          results: b.results.map((x) => ({ optionKey: keyOf(q, x.option), percent: x.percent })),
        })),
      },
    ],
  };
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function resultsKey(results: readonly { label: string; percent: number }[]): string {
  return results
    .map((r) => `${r.label.toLowerCase()}=${r.percent}`)
    .sort()
    .join(',');
}

interface StoredMatches {
  /** Records that repeat a stored poll exactly (n, wording and every result), by exactKey → poll id. */
  exact: Map<string, number>;
  /** Records whose pollster, field dates and question match a stored poll, by possibleKey → poll id (the lowest). */
  possible: Map<string, number>;
}

/**
 * Polls already stored with a record's pollster, field dates and question. Found by question and by
 * the file's range of field-end dates (indexed), then keyed as the plan keys its records, so a
 * poll entered by hand or by another file counts too. One that also has the record's n, wording and
 * results, and neither has subgroup shares, is an exact duplicate of the database; otherwise the
 * record is stored and flagged as a possible duplicate of it.
 */
async function findStoredMatches(tx: Prisma.TransactionClient, records: readonly TImportRecord[]): Promise<StoredMatches> {
  const exact = new Map<string, number>();
  const possible = new Map<string, number>();
  if (records.length === 0) return { exact, possible };
  const slugs = [...new Set(records.map((r) => r.questionSlug))];
  const questions: { id: number; slug: string }[] = [];
  for (let i = 0; i < slugs.length; i += 1_000) {
    questions.push(...(await tx.question.findMany({ where: { slug: { in: slugs.slice(i, i + 1_000) } }, select: { id: true, slug: true } })));
  }
  // New questions have no polls: a file of new questions (the usual first import) reads nothing more.
  if (questions.length === 0) return { exact, possible };
  const slugOf = new Map(questions.map((q) => [q.id, q.slug]));
  const known = new Set(questions.map((q) => q.slug));
  const wanted = new Set<string>();
  let from = '9999-12-31';
  let to = '0000-01-01';
  for (const r of records) {
    if (!known.has(r.questionSlug)) continue;
    wanted.add(r.possibleKey);
    if (r.fieldEnd.end < from) from = r.fieldEnd.end;
    if (r.fieldEnd.end > to) to = r.fieldEnd.end;
  }
  if (wanted.size === 0) return { exact, possible };
  const stored = await tx.pollQuestion.findMany({
    where: { questionId: { in: [...slugOf.keys()] }, poll: { fieldEnd: { gte: day(from), lte: day(to) }, fieldStart: { not: null } } },
    select: {
      questionId: true,
      wording: true,
      poll: { select: { id: true, fieldStart: true, fieldEnd: true, sampleSize: true, pollster: { select: { name: true } } } },
      results: { select: { percent: true, option: { select: { label: true } } } },
      _count: { select: { breakdowns: true } },
    },
    orderBy: { pollId: 'asc' },
  });
  const figures = new Map<string, { pollId: number; wording: string; figures: string }[]>();
  for (const pq of stored) {
    const { poll } = pq;
    if (!poll.fieldStart || !poll.fieldEnd) continue;
    const key = hash64(possibleKeyText(poll.pollster.name, isoDay(poll.fieldStart), isoDay(poll.fieldEnd), slugOf.get(pq.questionId) ?? ''));
    if (!wanted.has(key)) continue;
    if (!possible.has(key)) possible.set(key, poll.id);
    if (pq._count.breakdowns > 0) continue;
    const list = figures.get(key) ?? [];
    list.push({
      pollId: poll.id,
      wording: pq.wording.toLowerCase(),
      figures: `${poll.sampleSize ?? ''}|${resultsKey(pq.results.map((x) => ({ label: x.option.label, percent: x.percent })))}`,
    });
    figures.set(key, list);
  }
  for (const r of records) {
    const candidates = figures.get(r.possibleKey);
    if (!candidates || r.breakdowns.length > 0) continue;
    const mine = `${r.sampleSize ?? ''}|${resultsKey(r.results.map((x) => ({ label: x.option, percent: x.percent })))}`;
    // A file without a wording column leaves the wording to the question: compare it only when given.
    const same = candidates.find((c) => c.figures === mine && (r.wording === null || c.wording === r.wording.toLowerCase()));
    if (same) exact.set(r.exactKey, same.pollId);
  }
  return { exact, possible };
}

/**
 * Commit a plan. Given a client, in short transactions of ROUND polls (the first also reads what is
 * stored and writes the pollsters and questions; the last remembers the mapping and writes the
 * import's audit row), with a turn of the event loop between them: no write lock is held for the
 * whole of a big file, so other writers and the page thread's freshness polling are never stalled
 * behind it. All or nothing still holds: if a later part fails or the import is cancelled, one more
 * write takes back every part already saved (removeImported, as undo does) before the error is
 * reported. Given a WriteContext (the seed), everything runs inside the caller's one transaction.
 */
export async function commitImport(db: PrismaClient | WriteContext, args: TCommitArgs): Promise<TImportSummary> {
  const started = performance.now();
  const { plan, options } = args;
  const refusal = refusalOf(plan, options);
  if (refusal) throw new AppError('VALIDATION', refusal);
  const own = !isWriteContext(db);
  const size = Math.max(1, args.roundSize ?? ROUND);
  const write = <T>(work: (w: WriteContext) => Promise<T>) => withWrite(db, { actor: args.userId, source: 'import', timeout: 600_000, maxWait: 30_000 }, work);
  const saved: TImported = { pollIds: [], createdPollsters: [], createdQuestions: [], addedOptions: [] };
  let state: {
    /** Records still to write: each part is taken off the front, so written ones can be collected. */
    pending: TImportRecord[];
    possible: PossibleRow[];
    alreadyStoredRows: number[];
    pollsters: Awaited<ReturnType<typeof resolvePollsters>>;
    questions: Awaited<ReturnType<typeof resolveQuestions>>;
  } | null = null;
  let summary: Omit<TImportSummary, 'ms'> | null = null;
  let total = 0;
  try {
    for (let i = 0; summary === null; i += size) {
      if (args.signal?.aborted) throw new AppError('VALIDATION', 'The import was cancelled; nothing was saved.');
      summary = await write(async (w) => {
        if (state === null) {
          const existing = await findPollsByExternalKey(
            w.tx,
            plan.records.map((r) => r.externalKey),
          );
          const unseen = plan.records.filter((r) => !existing.has(r.externalKey));
          const matches = await findStoredMatches(w.tx, unseen);
          const isStored = (r: TImportRecord) => existing.has(r.externalKey) || matches.exact.has(r.exactKey);
          const fresh = unseen.filter((r) => !matches.exact.has(r.exactKey));
          for (const r of fresh) r.possibleDuplicateOfPoll = matches.possible.get(r.possibleKey) ?? null;
          const pollsters = await resolvePollsters(w, fresh);
          const questions = await resolveQuestions(w, plan, new Set(fresh.map((r) => r.questionSlug)));
          const possible = fresh.flatMap((r) =>
            r.possibleDuplicateOf !== null || r.possibleDuplicateOfPoll !== null
              ? [{ row: r.rows[0] ?? 0, of: r.possibleDuplicateOf, ofPoll: r.possibleDuplicateOfPoll ?? null }]
              : [],
          );
          state = { pending: fresh, possible, alreadyStoredRows: plan.records.filter(isStored).flatMap((r) => r.rows), pollsters, questions };
          saved.addedOptions = questions.addedOptions;
          total = fresh.length;
          if (args.releaseRecords) plan.records = [];
        }
        const { pollsters, questions } = state;
        const round = state.pending.splice(0, size).map((r) => {
          const q = questions.targets.get(r.questionSlug);
          const slug = pollsters.slugOf.get(r.pollster.toLowerCase());
          if (!q || slug === undefined) throw new Error(`row ${r.rows[0] ?? '?'}: question or pollster was not planned`);
          return bulkPoll(r, slug, q, args.userId);
        });
        // Pollsters and questions go with the first round; later rounds only add polls.
        const written = await writePollsBulk(
          w,
          { pollsters: i === 0 ? pollsters.fresh : [], questions: i === 0 ? questions.bulk : [], polls: round },
          { existingPolls: 'skip' },
        );
        saved.pollIds.push(...written.pollIds);
        saved.createdPollsters.push(...written.pollstersCreated);
        saved.createdQuestions.push(...written.questionsCreated);
        const last = state.pending.length === 0;
        if (!last) {
          // A part of a chunked import is a write of its own and is audited as one; the import's
          // own audit row (the one undo reads) comes with the last part.
          if (own)
            await w.audit({
              entity: 'Import',
              entityId: plan.shapeKey,
              action: 'import-part',
              after: { file: args.fileName, part: i / size + 1, polls: written.pollIds.length },
            });
          return null;
        }
        return finish(w, args, state, saved);
      });
      args.onProgress?.({ phase: 'commit', done: Math.min(total, i + size), total });
      // Between transactions: other writers and the event loop get their turn.
      if (summary === null && args.yieldNow) await args.yieldNow();
    }
  } catch (e) {
    if (own && saved.pollIds.length + saved.createdPollsters.length + saved.createdQuestions.length > 0) {
      await runWrite(db, { actor: args.userId, source: 'import', timeout: 600_000, maxWait: 30_000 }, async (w) => {
        const removed = await removeImported(w, saved);
        await w.audit({
          entity: 'Import',
          entityId: plan.shapeKey,
          action: 'import-rolled-back',
          after: { file: args.fileName, reason: e instanceof Error ? e.message : String(e), ...removed },
        });
      });
    }
    if (e instanceof AppError) throw e;
    throw new Error(`The import failed; nothing was saved. (${e instanceof Error ? e.message : String(e)})`, { cause: e });
  }
  return { ...summary, ms: Math.round(performance.now() - started) };
}

/** A stored row flagged as a possible duplicate: of an earlier row of the file (`of`), or of a stored poll (`ofPoll`). */
interface PossibleRow {
  row: number;
  of: number | null;
  ofPoll: number | null;
}

/** The last part: remember the mapping, write the import's audit row (what undo reads), and sum up. */
async function finish(
  w: WriteContext,
  args: TCommitArgs,
  state: { possible: PossibleRow[]; alreadyStoredRows: number[] },
  saved: TImported,
): Promise<Omit<TImportSummary, 'ms'>> {
  const { plan, options } = args;
  const { possible, alreadyStoredRows } = state;
  if (args.remember !== false) {
    await w.tx.importMapping.upsert({
      where: { shapeKey: plan.shapeKey },
      create: { shapeKey: plan.shapeKey, mapping: JSON.stringify(plan.mapping) },
      update: { mapping: JSON.stringify(plan.mapping) },
    });
  }
  const alreadyStored = alreadyStoredRows.length;
  const counts = {
    rowsIn: plan.counts.rowsIn,
    stored: plan.counts.stored - alreadyStored,
    refused: plan.counts.refused,
    duplicates: plan.counts.duplicates + alreadyStored,
  };
  const ofStored = possible.flatMap((p) => (p.ofPoll ? [{ row: p.row, pollId: p.ofPoll }] : []));
  const result = {
    ...counts,
    alreadyStored,
    alreadyStoredRows: alreadyStoredRows.slice(0, 1_000),
    pollsCreated: saved.pollIds.length,
    possibleDuplicates: possible.length,
    possibleDuplicatesOfStored: ofStored.slice(0, 1_000),
    pollstersCreated: saved.createdPollsters.length,
    questionsCreated: saved.createdQuestions,
    pollIds: saved.pollIds,
    identity: identityLine(counts),
  };
  if (args.audit === false) return { ...result, auditId: null };
  const audit = await w.audit({
    entity: 'Import',
    entityId: plan.shapeKey,
    action: 'import',
    after: {
      file: args.fileName,
      mode: options.mode,
      identity: identityLine(counts),
      ...counts,
      alreadyStored,
      possibleDuplicates: possible,
      refusedRows: plan.outcomes
        .filter((o) => o.status === 'refused')
        .slice(0, 200)
        .map((o) => ({ row: o.row, reasons: o.errors.map(describeIssue) })),
      pollIds: saved.pollIds,
      createdPollsters: saved.createdPollsters,
      createdQuestions: saved.createdQuestions,
      addedOptions: saved.addedOptions,
    },
  });
  return { ...result, auditId: audit.id };
}

/**
 * What a commit would find stored, without writing (a dry run): rows already in the database, and
 * rows that would be flagged as possible duplicates of a stored poll. Read outside any transaction,
 * so a commit made later checks again.
 */
export async function previewStoredMatches(
  db: PrismaClient,
  plan: TImportPlan,
): Promise<{ alreadyStored: number; alreadyStoredRows: number[]; possibleDuplicatesOfStored: { row: number; pollId: number }[] }> {
  const existing = await findPollsByExternalKey(
    db,
    plan.records.map((r) => r.externalKey),
  );
  const unseen = plan.records.filter((r) => !existing.has(r.externalKey));
  const matches = await findStoredMatches(db, unseen);
  const alreadyStoredRows = plan.records.filter((r) => existing.has(r.externalKey) || matches.exact.has(r.exactKey)).flatMap((r) => r.rows);
  const possibleDuplicatesOfStored = unseen.flatMap((r) => {
    const pollId = matches.exact.has(r.exactKey) ? undefined : matches.possible.get(r.possibleKey);
    return pollId === undefined ? [] : [{ row: r.rows[0] ?? 0, pollId }];
  });
  return {
    alreadyStored: alreadyStoredRows.length,
    alreadyStoredRows: alreadyStoredRows.slice(0, 1_000),
    possibleDuplicatesOfStored: possibleDuplicatesOfStored.slice(0, 1_000),
  };
}

/** The mapping remembered for a file shape, if any. */
export async function findImportMapping(db: PrismaClient, key: string): Promise<Record<string, string> | null> {
  const row = await db.importMapping.findUnique({ where: { shapeKey: key } });
  if (!row) return null;
  try {
    const value: unknown = JSON.parse(row.mapping);
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));
    }
  } catch {
    // A corrupt remembered mapping is the same as none: the page suggests one again.
  }
  return null;
}
