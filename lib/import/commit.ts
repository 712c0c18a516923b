import { recordAudit } from '@/lib/audit';
import { AppError } from '@/lib/errors';
import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';
import { describeIssue, type TImportPreview, type TImportRecord } from '@/lib/import/prepare';
import { optionKey } from '@/lib/schemas/question';
import type { TImportMode, TImportOptions } from '@/lib/schemas/import';
import { slugify, wordingKey } from '@/lib/text';

/**
 * The write half of the CSV import: one transaction that creates every valid, new row's poll (with
 * its question results and subgroup breakdowns), the pollsters and questions it needs, the
 * remembered column mapping and one AuditEvent. Rows whose externalKey already exists are skipped,
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

type Tx = Prisma.TransactionClient;

interface QuestionTarget {
  id: number;
  slug: string;
  /** lower-cased option label or key → option id */
  options: Map<string, number>;
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

async function resolveQuestion(
  tx: Tx,
  cache: Map<string, QuestionTarget>,
  created: string[],
  slug: string,
  title: string,
  firstRecord: TImportRecord,
  optionLabels: readonly string[],
): Promise<QuestionTarget> {
  const hit = cache.get(slug);
  if (hit) return hit;
  let q = await tx.question.findUnique({ where: { slug }, include: { options: true } });
  if (!q) {
    const keys = new Set<string>();
    q = await tx.question.create({
      data: {
        slug,
        title,
        wording: firstRecord.wording,
        population: firstRecord.population,
        notes: 'Created by a CSV import; check the title, wording and options.',
        options: {
          create: optionLabels.map((label, position) => {
            let key = optionKey(label);
            while (keys.has(key)) key = `${key}_`;
            keys.add(key);
            return { key, label, position };
          }),
        },
      },
      include: { options: true },
    });
    created.push(slug);
  }
  const options = new Map<string, number>();
  for (const o of q.options) {
    options.set(o.label.toLowerCase(), o.id);
    options.set(o.key, o.id);
  }
  const target = { id: q.id, slug: q.slug, options };
  cache.set(slug, target);
  return target;
}

function optionId(q: QuestionTarget, label: string, row: number): number {
  const id = q.options.get(label.toLowerCase()) ?? q.options.get(optionKey(label));
  if (id === undefined) {
    throw new AppError('VALIDATION', `Row ${row}: question “${q.slug}” has no option “${label}”. Add the option to the question, or map the column to one of its options.`);
  }
  return id;
}

export async function commitImport(db: PrismaClient, args: TCommitArgs): Promise<TImportSummary> {
  const started = performance.now();
  const { preview, options, mode } = args;
  const refusal = refusalOf(preview, mode);
  if (refusal) throw new AppError('VALIDATION', refusal);
  const candidates = preview.rows.filter((r) => r.errors.length === 0 && r.duplicateOf === null && r.record !== null);
  const skippedInvalid = preview.rows.filter((r) => r.errors.length > 0).length;
  const skippedDuplicates = preview.rows.filter((r) => r.errors.length === 0 && r.duplicateOf !== null).length;

  const summary = await db.$transaction(
    async (tx) => {
      const keys = candidates.map((r) => r.record?.externalKey ?? '');
      const existing = new Set<string>();
      // SQLite allows 32,766 bound parameters; stay far below it.
      for (let i = 0; i < keys.length; i += 500) {
        const found = await tx.poll.findMany({ where: { externalKey: { in: keys.slice(i, i + 500) } }, select: { externalKey: true } });
        for (const f of found) if (f.externalKey) existing.add(f.externalKey);
      }
      const fresh = candidates.filter((r) => r.record && !existing.has(r.record.externalKey));

      const pollsters = await tx.pollster.findMany({ select: { id: true, slug: true, name: true } });
      const pollsterIds = new Map<string, number>();
      for (const p of pollsters) {
        pollsterIds.set(p.slug, p.id);
        pollsterIds.set(p.name.toLowerCase(), p.id);
      }
      let pollstersCreated = 0;
      const pollsterId = async (name: string): Promise<number> => {
        const known = pollsterIds.get(name.toLowerCase()) ?? pollsterIds.get(slugify(name));
        if (known !== undefined) return known;
        const p = await tx.pollster.create({ data: { name, slug: slugify(name) } });
        pollstersCreated += 1;
        pollsterIds.set(p.slug, p.id);
        pollsterIds.set(name.toLowerCase(), p.id);
        return p.id;
      };

      const questionCache = new Map<string, QuestionTarget>();
      const questionsCreated: string[] = [];
      // Resolve pollsters and questions first (few, sequential), then insert the rows in bulk:
      // five statements per chunk instead of a dozen per poll (550 polls: seconds, not tens).
      const planned: { row: number; r: TImportRecord; pollsterId: number; q: QuestionTarget }[] = [];
      for (const row of fresh) {
        const r = row.record;
        if (!r) continue;
        const slug = r.questionKey ? slugify(r.questionKey) : (options.questionSlug ?? '');
        const title = r.questionKey ? r.questionKey : (options.questionTitle ?? options.questionSlug ?? slug);
        const q = await resolveQuestion(tx, questionCache, questionsCreated, slug, title, r, preview.options);
        // Check the options before anything is written for this row.
        for (const x of r.results) optionId(q, x.option, row.row);
        for (const b of r.breakdowns) for (const x of b.results) optionId(q, x.option, row.row);
        planned.push({ row: row.row, r, pollsterId: await pollsterId(r.pollster), q });
      }
      const pollIds: number[] = [];
      for (let i = 0; i < planned.length; i += 200) {
        const chunk = planned.slice(i, i + 200);
        const polls = await tx.poll.createManyAndReturn({
          data: chunk.map(({ r, pollsterId: pid }) => ({
            pollsterId: pid,
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
            sourceUrls: JSON.stringify(r.sourceUrls),
            notes: r.notes,
            externalKey: r.externalKey,
            enteredById: args.userId,
          })),
          select: { id: true, externalKey: true },
        });
        const pollIdByKey = new Map(polls.map((p) => [p.externalKey ?? '', p.id]));
        const pqs = await tx.pollQuestion.createManyAndReturn({
          data: chunk.map(({ r, q }) => ({
            pollId: pollIdByKey.get(r.externalKey) ?? -1,
            questionId: q.id,
            wording: r.wording,
            wordingKey: wordingKey(r.wording),
          })),
          select: { id: true, pollId: true },
        });
        const pqByPoll = new Map(pqs.map((pq) => [pq.pollId, pq.id]));
        const pqOf = (r: TImportRecord) => pqByPoll.get(pollIdByKey.get(r.externalKey) ?? -1) ?? -1;
        await tx.result.createMany({
          data: chunk.flatMap(({ r, q, row }) => r.results.map((x) => ({ pollQuestionId: pqOf(r), optionId: optionId(q, x.option, row), percent: x.percent }))),
        });
        const breakdownData = chunk.flatMap(({ r }) =>
          r.breakdowns.map((b, position) => ({ pollQuestionId: pqOf(r), dimension: b.dimension, subgroup: b.subgroup, sampleSize: b.sampleSize, position })),
        );
        if (breakdownData.length > 0) {
          const made = await tx.breakdown.createManyAndReturn({ data: breakdownData, select: { id: true, pollQuestionId: true, dimension: true, subgroup: true } });
          const bId = new Map(made.map((b) => [`${b.pollQuestionId}\u0000${b.dimension}\u0000${b.subgroup}`, b.id]));
          await tx.breakdownResult.createMany({
            data: chunk.flatMap(({ r, q, row }) =>
              r.breakdowns.flatMap((b) =>
                b.results.map((x) => ({
                  breakdownId: bId.get(`${pqOf(r)}\u0000${b.dimension}\u0000${b.subgroup}`) ?? -1,
                  optionId: optionId(q, x.option, row),
                  percent: x.percent,
                })),
              ),
            ),
          });
        }
        pollIds.push(...polls.map((p) => p.id));
      }

      await tx.importMapping.upsert({
        where: { shapeKey: preview.shapeKey },
        create: { shapeKey: preview.shapeKey, mapping: JSON.stringify(preview.mapping) },
        update: { mapping: JSON.stringify(preview.mapping) },
      });

      let auditId: number | null = null;
      if (pollIds.length > 0) {
        const audit = await recordAudit(tx, {
          userId: args.userId,
          entity: 'Import',
          entityId: preview.shapeKey,
          action: 'import',
          after: {
            file: args.fileName,
            mode,
            rows: preview.rows.length,
            created: pollIds.length,
            skippedExisting: existing.size,
            skippedDuplicates,
            skippedInvalid,
            pollstersCreated,
            questionsCreated,
            pollIds,
          },
        });
        auditId = audit.id;
      }
      return { created: pollIds.length, skippedExisting: existing.size, pollstersCreated, questionsCreated, pollIds, auditId };
    },
    { timeout: 300_000, maxWait: 30_000 },
  );
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
