import { AppError } from '@/lib/errors';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { describeIssue, type TImportPreview, type TImportRecord } from '@/lib/import/prepare';
import { optionKey } from '@/lib/schemas/question';
import type { TImportMode, TImportOptions } from '@/lib/schemas/import';
import { slugify, wordingKey } from '@/lib/text';
import { writePollsBulk, type BulkPoll, type BulkPollster, type BulkQuestion } from '@/lib/writes/bulk';
import { runWrite } from '@/lib/writes/write';

/**
 * The write half of the CSV import: one write (lib/writes) that creates every valid, new row's poll
 * (with its question results and subgroup breakdowns), the pollsters and questions it needs, the
 * remembered column mapping and one AuditEvent, through the bulk write path (lib/writes/bulk.ts). Rows whose externalKey already exists are skipped,
 * so importing the same file twice adds nothing.
 */

export interface TImportSummary {
  created: number;
  skippedExisting: number;
  skippedDuplicates: number;
  skippedInvalid: number;
  pollstersCreated: number;
  questionsCreated: string[];
  pollIds: number[];
  auditId: number | null;
  ms: number;
}

export interface TCommitArgs {
  preview: TImportPreview;
  options: TImportOptions;
  mode: TImportMode;
  fileName: string;
  userId: number | null;
}

interface QuestionTarget {
  slug: string;
  /** lower-cased option label or key → option key */
  options: Map<string, string>;
}

function day(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

/** Refuse the whole commit when the mode says so; the messages name rows and columns. */
export function refusalOf(preview: TImportPreview, mode: TImportMode): string | null {
  if (preview.fileIssues.some((i) => i.severity === 'error')) {
    return `The file cannot be imported: ${preview.fileIssues.map(describeIssue).join(' ')}`;
  }
  const bad = preview.rows.filter((r) => r.errors.length > 0);
  if (bad.length > 0 && mode === 'all-or-nothing') {
    const first = bad.slice(0, 3).flatMap((r) => r.errors.map(describeIssue));
    return `Nothing was imported: ${bad.length} row${bad.length === 1 ? ' has' : 's have'} errors (all or nothing). ${first.join(' ')}${bad.length > 3 ? ' …' : ''} Fix the file, or choose “import valid rows”.`;
  }
  if (preview.rows.length === 0) return 'The file has no data rows.';
  return null;
}

/** The question a row goes to: an existing one (read), or one this import creates (a BulkQuestion). */
async function resolveQuestion(
  db: PrismaClient,
  cache: Map<string, QuestionTarget>,
  creating: Map<string, BulkQuestion>,
  slug: string,
  title: string,
  firstRecord: TImportRecord,
  optionLabels: readonly string[],
): Promise<QuestionTarget> {
  const hit = cache.get(slug);
  if (hit) return hit;
  const q = await db.question.findUnique({ where: { slug }, select: { options: { select: { key: true, label: true, position: true } } } });
  let options: { key: string; label: string }[];
  if (q) options = q.options;
  else {
    const keys = new Set<string>();
    options = optionLabels.map((label) => {
      let key = optionKey(label);
      while (keys.has(key)) key = `${key}_`;
      keys.add(key);
      return { key, label };
    });
    creating.set(slug, {
      slug,
      title,
      wording: firstRecord.wording,
      population: firstRecord.population,
      notes: 'Created by a CSV import; check the title, wording and options.',
      options: options.map((o, position) => ({ ...o, position })),
    });
  }
  const byLabel = new Map<string, string>();
  for (const o of options) {
    byLabel.set(o.label.toLowerCase(), o.key);
    byLabel.set(o.key, o.key);
  }
  const target = { slug, options: byLabel };
  cache.set(slug, target);
  return target;
}

function optionKeyOf(q: QuestionTarget, label: string, row: number): string {
  const key = q.options.get(label.toLowerCase()) ?? q.options.get(optionKey(label));
  if (key === undefined) {
    throw new AppError('VALIDATION', `Row ${row}: question “${q.slug}” has no option “${label}”. Add the option to the question, or map the column to one of its options.`);
  }
  return key;
}

function bulkPoll(r: TImportRecord, row: number, pollsterSlug: string, q: QuestionTarget, userId: number | null): BulkPoll {
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
        questionSlug: q.slug,
        wording: r.wording,
        wordingKey: wordingKey(r.wording),
        results: r.results.map((x) => ({ optionKey: optionKeyOf(q, x.option, row), percent: x.percent })),
        breakdowns: r.breakdowns.map((b) => ({
          dimension: b.dimension,
          subgroup: b.subgroup,
          sampleSize: b.sampleSize,
          results: b.results.map((x) => ({ optionKey: optionKeyOf(q, x.option, row), percent: x.percent })),
        })),
      },
    ],
  };
}

/**
 * Resolve every valid row to bulk rows (lib/writes/bulk.ts) — pollsters by name or slug, questions
 * by slug, answers by option label or key, all checked before anything is written — then write them
 * in one write with the remembered column mapping and one audit row.
 */
export async function commitImport(db: PrismaClient, args: TCommitArgs): Promise<TImportSummary> {
  const started = performance.now();
  const { preview, options, mode } = args;
  const refusal = refusalOf(preview, mode);
  if (refusal) throw new AppError('VALIDATION', refusal);
  const candidates = preview.rows.filter((r) => r.errors.length === 0 && r.duplicateOf === null && r.record !== null);
  const skippedInvalid = preview.rows.filter((r) => r.errors.length > 0).length;
  const skippedDuplicates = preview.rows.filter((r) => r.errors.length === 0 && r.duplicateOf !== null).length;

  const pollsterSlugs = new Map<string, string>();
  for (const p of await db.pollster.findMany({ select: { slug: true, name: true } })) {
    pollsterSlugs.set(p.slug, p.slug);
    pollsterSlugs.set(p.name.toLowerCase(), p.slug);
  }
  const newPollsters = new Map<string, BulkPollster>();
  const pollsterSlug = (name: string): string => {
    const known = pollsterSlugs.get(name.toLowerCase()) ?? pollsterSlugs.get(slugify(name));
    if (known !== undefined) return known;
    const slug = slugify(name);
    newPollsters.set(slug, { slug, name });
    pollsterSlugs.set(slug, slug);
    pollsterSlugs.set(name.toLowerCase(), slug);
    return slug;
  };

  const questionCache = new Map<string, QuestionTarget>();
  const newQuestions = new Map<string, BulkQuestion>();
  const polls: BulkPoll[] = [];
  for (const row of candidates) {
    const r = row.record;
    if (!r) continue;
    const slug = r.questionKey ? slugify(r.questionKey) : (options.questionSlug ?? '');
    const title = r.questionKey ? r.questionKey : (options.questionTitle ?? options.questionSlug ?? slug);
    const q = await resolveQuestion(db, questionCache, newQuestions, slug, title, r, preview.options);
    polls.push(bulkPoll(r, row.row, pollsterSlug(r.pollster), q, args.userId));
  }

  const summary = await runWrite(db, { actor: args.userId, source: 'import', timeout: 300_000, maxWait: 30_000 }, async (w) => {
    const written = await writePollsBulk(w, { pollsters: [...newPollsters.values()], questions: [...newQuestions.values()], polls }, { existingPolls: 'skip' });
    await w.tx.importMapping.upsert({
      where: { shapeKey: preview.shapeKey },
      create: { shapeKey: preview.shapeKey, mapping: JSON.stringify(preview.mapping) },
      update: { mapping: JSON.stringify(preview.mapping) },
    });
    const pollIds = written.pollIds;
    let auditId: number | null = null;
    if (pollIds.length > 0) {
      const audit = await w.audit({
        entity: 'Import',
        entityId: preview.shapeKey,
        action: 'import',
        after: {
          file: args.fileName,
          mode,
          rows: preview.rows.length,
          created: pollIds.length,
          skippedExisting: written.pollsSkipped,
          skippedDuplicates,
          skippedInvalid,
          pollstersCreated: written.pollstersCreated.length,
          questionsCreated: written.questionsCreated,
          pollIds,
        },
      });
      auditId = audit.id;
    }
    return {
      created: pollIds.length,
      skippedExisting: written.pollsSkipped,
      pollstersCreated: written.pollstersCreated.length,
      questionsCreated: written.questionsCreated,
      pollIds,
      auditId,
    };
  });
  return { ...summary, skippedDuplicates, skippedInvalid, ms: Math.round(performance.now() - started) };
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
