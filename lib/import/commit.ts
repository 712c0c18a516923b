import { recordAudit } from '@/lib/audit';
import { AppError } from '@/lib/errors';
import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';
import { bulkInsert, type SqlValue } from '@/lib/import/bulk';
import { describeIssue, identityLine, type TImportPlan, type TImportRecord, type TRowOutcome } from '@/lib/import/prepare';
import { optionKey } from '@/lib/schemas/question';
import type { TImportOptions } from '@/lib/schemas/import';
import { slugify, wordingKey } from '@/lib/text';

/**
 * The write half of the CSV import: one transaction that creates every planned poll (with its
 * results and subgroup breakdowns), the pollsters, questions and options it needs, the remembered
 * column mapping and one AuditEvent listing what it created (so the import can be undone). Rows
 * whose poll already exists (same externalKey: pollster, dates, question, wording, n and results)
 * are exact duplicates of the database and are counted as such, so importing a file twice adds
 * nothing. Writes go through the bulk writer (multi-row INSERTs), in rounds with progress.
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
  possibleDuplicates: number;
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
}

type Tx = Prisma.TransactionClient;

/** Polls per round of statements: bounds memory and lets progress move. */
const ROUND = 5_000;

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

interface QuestionTarget {
  id: number;
  wording: string;
  /** lower-cased option label or key → option id */
  options: Map<string, number>;
}

/** Pollster ids by name; a new name whose slug is taken by another name gets a suffixed slug. */
async function savePollsters(tx: Tx, records: readonly TImportRecord[], created: number[]): Promise<Map<string, number>> {
  const all = await tx.pollster.findMany({ select: { id: true, slug: true, name: true } });
  const byName = new Map<string, number>();
  const slugs = new Set<string>();
  for (const p of all) {
    byName.set(p.name.toLowerCase(), p.id);
    slugs.add(p.slug);
  }
  const fresh: { name: string; slug: string }[] = [];
  const freshNames = new Set<string>();
  for (const r of records) {
    const lower = r.pollster.toLowerCase();
    if (byName.has(lower) || freshNames.has(lower)) continue;
    freshNames.add(lower);
    const base = slugify(r.pollster);
    let slug = base;
    for (let k = 2; slugs.has(slug); k += 1) slug = `${base}-${k}`;
    slugs.add(slug);
    fresh.push({ name: r.pollster, slug });
  }
  const now = new Date();
  const made = await bulkInsert<{ id: number | bigint; name: string }>(
    tx,
    'Pollster',
    ['slug', 'name', 'createdAt', 'updatedAt'],
    fresh.map((p) => [p.slug, p.name, now, now]),
    ' RETURNING "id", "name"',
  );
  for (const p of made) {
    byName.set(p.name.toLowerCase(), Number(p.id));
    created.push(Number(p.id));
  }
  return byName;
}

/** Questions by slug (created when missing) with every option the file uses (added when missing). */
async function saveQuestions(tx: Tx, plan: TImportPlan, createdQuestions: { id: number; slug: string }[], createdOptions: number[]): Promise<Map<string, QuestionTarget>> {
  const targets = new Map<string, QuestionTarget>();
  const slugs = plan.questions.map((q) => q.slug);
  const existing = [];
  for (let i = 0; i < slugs.length; i += 500) {
    existing.push(...(await tx.question.findMany({ where: { slug: { in: slugs.slice(i, i + 500) } }, include: { options: true } })));
  }
  const bySlug = new Map(existing.map((q) => [q.slug, q]));
  const now = new Date();
  const missing = plan.questions.filter((q) => !bySlug.has(q.slug));
  const made = await bulkInsert<{ id: number | bigint; slug: string }>(
    tx,
    'Question',
    ['slug', 'title', 'wording', 'population', 'notes', 'createdAt', 'updatedAt'],
    missing.map((q) => [q.slug, q.title.slice(0, 200), q.wording ?? q.title, q.population, 'Created by a CSV import; check the title, wording and options.', now, now]),
    ' RETURNING "id", "slug"',
  );
  for (const q of made) createdQuestions.push({ id: Number(q.id), slug: q.slug });
  const madeIds = new Map(made.map((q) => [q.slug, Number(q.id)]));
  const newOptions: SqlValue[][] = [];
  for (const q of plan.questions) {
    const found = bySlug.get(q.slug);
    const id = found?.id ?? madeIds.get(q.slug);
    if (id === undefined) throw new Error(`question ${q.slug} missing after insert`);
    const options = new Map<string, number>();
    const keys = new Set<string>();
    let position = 0;
    for (const o of found?.options ?? []) {
      options.set(o.label.toLowerCase(), o.id);
      options.set(o.key, o.id);
      keys.add(o.key);
      position = Math.max(position, o.position + 1);
    }
    targets.set(q.slug, { id, wording: found?.wording ?? q.wording ?? q.title, options });
    for (const label of q.options) {
      if (options.has(label.toLowerCase()) || options.has(optionKey(label))) continue;
      const base = optionKey(label);
      let key = base;
      for (let k = 2; keys.has(key); k += 1) key = `${base.slice(0, 36)}_${k}`;
      keys.add(key);
      newOptions.push([id, key, label, position]);
      position += 1;
    }
  }
  const opts = await bulkInsert<{ id: number | bigint; questionId: number | bigint; label: string }>(
    tx,
    'QuestionOption',
    ['questionId', 'key', 'label', 'position'],
    newOptions,
    ' RETURNING "id", "questionId", "label"',
  );
  const byId = new Map([...targets.values()].map((t) => [t.id, t]));
  for (const o of opts) {
    createdOptions.push(Number(o.id));
    byId.get(Number(o.questionId))?.options.set(o.label.toLowerCase(), Number(o.id));
  }
  return targets;
}

function optionIdOf(q: QuestionTarget, label: string): number {
  const id = q.options.get(label.toLowerCase()) ?? q.options.get(optionKey(label));
  if (id === undefined) throw new Error(`option “${label}” missing after insert`);
  return id;
}

async function writeRound(tx: Tx, round: readonly TImportRecord[], pollsters: ReadonlyMap<string, number>, questions: ReadonlyMap<string, QuestionTarget>, userId: number | null): Promise<number[]> {
  const now = new Date();
  const made = await bulkInsert<{ id: number | bigint; externalKey: string }>(
    tx,
    'Poll',
    [
      'pollsterId', 'sponsorName', 'fieldStart', 'fieldEnd', 'datePrecision', 'publishedAt', 'publishedPrecision', 'sampleSize', 'population', 'mode', 'modeDetail',
      'weighting', 'reportedMoe', 'moeConfidence', 'designEffect', 'sourceUrls', 'notes', 'externalKey', 'enteredById', 'createdAt', 'updatedAt',
    ],
    round.map((r) => [
      pollsters.get(r.pollster.toLowerCase()) ?? -1,
      r.sponsor,
      day(r.fieldStart.start),
      day(r.fieldEnd.end),
      r.datePrecision,
      r.published ? day(r.published.start) : null,
      r.published?.precision ?? 'day',
      r.sampleSize,
      r.population,
      r.mode,
      r.modeDetail,
      r.weighting,
      r.moe,
      r.moe !== null ? 0.95 : null,
      r.designEffect,
      JSON.stringify(r.sourceUrls),
      r.notes,
      r.externalKey,
      userId,
      now,
      now,
    ]),
    ' RETURNING "id", "externalKey"',
  );
  const pollId = new Map(made.map((p) => [p.externalKey, Number(p.id)]));
  const qOf = (r: TImportRecord): QuestionTarget => {
    const q = questions.get(r.questionSlug);
    if (!q) throw new Error(`question ${r.questionSlug} missing`);
    return q;
  };
  const pqs = await bulkInsert<{ id: number | bigint; pollId: number | bigint }>(
    tx,
    'PollQuestion',
    ['pollId', 'questionId', 'wording', 'wordingKey', 'position'],
    round.map((r) => {
      const q = qOf(r);
      const wording = r.wording ?? q.wording;
      return [pollId.get(r.externalKey) ?? -1, q.id, wording, wordingKey(wording), 0];
    }),
    ' RETURNING "id", "pollId"',
  );
  const pqByPoll = new Map(pqs.map((pq) => [Number(pq.pollId), Number(pq.id)]));
  const pqOf = (r: TImportRecord) => pqByPoll.get(pollId.get(r.externalKey) ?? -1) ?? -1;
  await bulkInsert(
    tx,
    'Result',
    ['pollQuestionId', 'optionId', 'percent'],
    round.flatMap((r) => r.results.map((x) => [pqOf(r), optionIdOf(qOf(r), x.option), x.percent])),
  );
  const breakdowns = round.flatMap((r) => r.breakdowns.map((b, position) => ({ r, b, position, pq: pqOf(r) })));
  if (breakdowns.length > 0) {
    const bs = await bulkInsert<{ id: number | bigint; pollQuestionId: number | bigint; dimension: string; subgroup: string }>(
      tx,
      'Breakdown',
      ['pollQuestionId', 'dimension', 'subgroup', 'sampleSize', 'position'],
      breakdowns.map(({ b, position, pq }) => [pq, b.dimension, b.subgroup, b.sampleSize, position]),
      ' RETURNING "id", "pollQuestionId", "dimension", "subgroup"',
    );
    const bId = new Map(bs.map((b) => [`${Number(b.pollQuestionId)}\u0000${b.dimension}\u0000${b.subgroup}`, Number(b.id)]));
    await bulkInsert(
      tx,
      'BreakdownResult',
      ['breakdownId', 'optionId', 'percent'],
      breakdowns.flatMap(({ r, b, pq }) => b.results.map((x) => [bId.get(`${pq}\u0000${b.dimension}\u0000${b.subgroup}`) ?? -1, optionIdOf(qOf(r), x.option), x.percent])),
    );
  }
  return made.map((p) => Number(p.id));
}

export async function commitImport(db: PrismaClient, args: TCommitArgs): Promise<TImportSummary> {
  const started = performance.now();
  const { plan, options } = args;
  const refusal = refusalOf(plan, options);
  if (refusal) throw new AppError('VALIDATION', refusal);
  const summary = await db.$transaction(
    async (tx) => {
      const existing = new Set<string>();
      const keys = plan.records.map((r) => r.externalKey);
      for (let i = 0; i < keys.length; i += 1_000) {
        const found = await tx.poll.findMany({ where: { externalKey: { in: keys.slice(i, i + 1_000) } }, select: { externalKey: true } });
        for (const f of found) if (f.externalKey) existing.add(f.externalKey);
      }
      const fresh = plan.records.filter((r) => !existing.has(r.externalKey));
      const alreadyStored = plan.records.filter((r) => existing.has(r.externalKey)).reduce((n, r) => n + r.rows.length, 0);
      const pollstersCreated: number[] = [];
      const questionsCreated: { id: number; slug: string }[] = [];
      const optionsCreated: number[] = [];
      const pollsters = await savePollsters(tx, fresh, pollstersCreated);
      const used = new Set(fresh.map((r) => r.questionSlug));
      const freshPlan = { ...plan, questions: plan.questions.filter((q) => used.has(q.slug)) };
      const questions = await saveQuestions(tx, freshPlan, questionsCreated, optionsCreated);
      const pollIds: number[] = [];
      for (let i = 0; i < fresh.length; i += ROUND) {
        if (args.signal?.aborted) throw new AppError('VALIDATION', 'The import was cancelled; nothing was saved.');
        pollIds.push(...(await writeRound(tx, fresh.slice(i, i + ROUND), pollsters, questions, args.userId)));
        args.onProgress?.({ phase: 'commit', done: Math.min(fresh.length, i + ROUND), total: fresh.length });
      }
      await tx.importMapping.upsert({
        where: { shapeKey: plan.shapeKey },
        create: { shapeKey: plan.shapeKey, mapping: JSON.stringify(plan.mapping) },
        update: { mapping: JSON.stringify(plan.mapping) },
      });
      const stored = plan.counts.stored - alreadyStored;
      const duplicates = plan.counts.duplicates + alreadyStored;
      const counts = { rowsIn: plan.counts.rowsIn, stored, refused: plan.counts.refused, duplicates };
      const refusedRows = plan.outcomes.filter((o: TRowOutcome) => o.status === 'refused').slice(0, 200);
      const audit = await recordAudit(tx, {
        userId: args.userId,
        entity: 'Import',
        entityId: plan.shapeKey,
        action: 'import',
        after: {
          file: args.fileName,
          mode: options.mode,
          identity: identityLine(counts),
          ...counts,
          alreadyStored,
          possibleDuplicates: fresh.filter((r) => r.possibleDuplicateOf !== null).map((r) => ({ row: r.rows[0], of: r.possibleDuplicateOf })),
          refusedRows: refusedRows.map((o) => ({ row: o.row, reasons: o.errors.map(describeIssue) })),
          pollIds,
          createdPollsterIds: pollstersCreated,
          createdQuestionIds: questionsCreated.map((q) => q.id),
          createdOptionIds: optionsCreated,
        },
      });
      return {
        ...counts,
        alreadyStored,
        alreadyStoredRows: plan.records
          .filter((r) => existing.has(r.externalKey))
          .flatMap((r) => r.rows)
          .slice(0, 1_000),
        pollsCreated: pollIds.length,
        possibleDuplicates: fresh.filter((r) => r.possibleDuplicateOf !== null).length,
        pollstersCreated: pollstersCreated.length,
        questionsCreated: questionsCreated.map((q) => q.slug),
        pollIds,
        auditId: audit.id,
        identity: identityLine(counts),
      };
    },
    { timeout: 600_000, maxWait: 30_000 },
  );
  return { ...summary, ms: Math.round(performance.now() - started) };
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
