import type { PrismaClient } from '@/lib/generated/prisma/client';
import { AppError } from '@/lib/errors/app-error';
import { dumpBody } from '@/lib/export/http';
import { getDataVersion } from '@/lib/http/cache';
import { runWrite } from '@/lib/writes/write';
import { diffDumps, parseDumpJson, pollFingerprints, sha256, ZPublishReleaseInput, type Changelog } from '@/lib/releases/snapshot';
import { diffOutcomes, freezeOutcomes, parseFrozenOutcomes, serialiseOutcomes } from '@/lib/releases/outcomes';
import { listOutcomes } from '@/lib/data/outcomes';

export interface PublishedRelease {
  id: number;
  version: string;
  title: string;
  publishedAt: Date;
  pollsSha256: string;
  pollsRows: number;
  indicatorsSha256: string;
  indicatorsRows: number;
  outcomesSha256: string;
  outcomesRows: number;
  changelog: Changelog;
  previousVersion: string | null;
}

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

/**
 * Publish a release: freeze the polls and indicators dumps (CSV and JSON, as the dump URLs serve
 * them at this instant, with `generated_at` = the publication time), their SHA-256 checksums and
 * row counts, the per-poll fingerprints, the outcomes (what accuracy is scored against) and the
 * changelog of polls and outcomes against the previous release; one
 * write (lib/writes runWrite: transaction, audit row, freshness signal). The caller checks that the
 * user is an admin first.
 *
 * The dumps are read before the transaction (they stream in batches); the read stamp is compared
 * before and after, and a write landing in between refuses the publication (publish again).
 */
export async function publishRelease(
  db: PrismaClient,
  userId: number | null,
  raw: unknown,
  options: { now?: Date; databaseUrl?: string } = {},
): Promise<PublishedRelease> {
  const parsed = ZPublishReleaseInput.safeParse(raw);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const i of parsed.error.issues) (fieldErrors[String(i.path[0] ?? '_form')] ??= []).push(i.message);
    throw new AppError('VALIDATION', 'Some fields need attention.', fieldErrors);
  }
  const input = parsed.data;
  if (await db.release.findUnique({ where: { version: input.version }, select: { id: true } })) {
    throw new AppError('CONFLICT', `Release ${input.version} already exists; releases are never overwritten.`, { version: ['already published'] });
  }
  const now = options.now ?? new Date();
  const read = { now, databaseUrl: options.databaseUrl };
  const stampBefore = JSON.stringify(await getDataVersion(db, 'all'));
  const [pollsCsv, pollsJson, indicatorsCsv, indicatorsJson, outcomes] = await Promise.all([
    text(dumpBody(db, 'polls', { ...read, format: 'csv' })),
    text(dumpBody(db, 'polls', { ...read, format: 'json' })),
    text(dumpBody(db, 'indicators', { ...read, format: 'csv' })),
    text(dumpBody(db, 'indicators', { ...read, format: 'json' })),
    listOutcomes(db).then(freezeOutcomes),
  ]);
  if (JSON.stringify(await getDataVersion(db, 'all')) !== stampBefore) {
    throw new AppError('CONFLICT', 'The data changed while the release was being written; publish again.');
  }
  const polls = parseDumpJson(pollsJson).rows;
  const indicatorRows = parseDumpJson(indicatorsJson).rows.length;
  // The four reads are not one snapshot: an edit between them would make the CSV and JSON differ.
  // The data version (read stamp) is compared before and after; a change means read again.
  const previous = await db.release.findFirst({
    orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
    select: { version: true, pollsJson: true, outcomesJson: true },
  });
  const changelog: Changelog = {
    ...diffDumps(previous ? parseDumpJson(previous.pollsJson).rows : null, polls),
    // A previous release without frozen outcomes counts as none (every outcome "added").
    outcomes: diffOutcomes(previous?.outcomesJson ? parseFrozenOutcomes(previous.outcomesJson) : null, outcomes),
  };
  const outcomesJson = serialiseOutcomes(outcomes);
  const title = input.title ?? `Pollboard polls and indicators, release ${input.version}`;
  const data = {
    version: input.version,
    title,
    notes: input.notes ?? null,
    publishedAt: now,
    publishedById: userId,
    pollsJson,
    pollsCsv,
    pollsSha256: sha256(pollsCsv),
    pollsRows: polls.length,
    indicatorsJson,
    indicatorsCsv,
    indicatorsSha256: sha256(indicatorsCsv),
    indicatorsRows: indicatorRows,
    outcomesJson,
    outcomesSha256: sha256(outcomesJson),
    outcomesRows: outcomes.length,
    pollFingerprints: JSON.stringify(pollFingerprints(polls)),
    changelog: JSON.stringify(changelog),
  };
  // The row carries four dumps, and touching everything re-reads every question's search text: more than
  // Prisma's 5 s default on a loaded PostgreSQL (seen as P2028 in the e2e run).
  const saved = await runWrite(db, { actor: userId, source: 'form', timeout: 60_000, maxWait: 30_000 }, async (w) => {
    const release = await w.tx.release.create({ data, select: { id: true } });
    // Every page's "matches release … / changed since" line and every ?release= view changes.
    w.touch.everything();
    await w.audit({
      entity: 'Release',
      entityId: input.version,
      action: 'publish',
      after: {
        version: input.version,
        title,
        pollsSha256: data.pollsSha256,
        pollsRows: data.pollsRows,
        indicatorsSha256: data.indicatorsSha256,
        indicatorsRows: data.indicatorsRows,
        outcomesSha256: data.outcomesSha256,
        outcomesRows: data.outcomesRows,
        previous: previous?.version ?? null,
        added: changelog.added.length,
        corrected: changelog.corrected.map((c) => c.exportKey),
        removed: changelog.removed.map((c) => c.exportKey),
        outcomes: {
          added: changelog.outcomes?.added.length ?? 0,
          corrected: changelog.outcomes?.corrected.map((c) => c.key) ?? [],
          removed: changelog.outcomes?.removed.map((c) => c.key) ?? [],
        },
      },
    });
    return release;
  });
  return {
    id: saved.id,
    version: input.version,
    title,
    publishedAt: now,
    pollsSha256: data.pollsSha256,
    pollsRows: data.pollsRows,
    indicatorsSha256: data.indicatorsSha256,
    indicatorsRows: data.indicatorsRows,
    outcomesSha256: data.outcomesSha256,
    outcomesRows: data.outcomesRows,
    changelog,
    previousVersion: previous?.version ?? null,
  };
}
