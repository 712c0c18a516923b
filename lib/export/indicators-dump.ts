import type { PrismaClient } from '@/lib/generated/prisma/client';
import type { ColumnSegment, CsvColumn } from '@/lib/export/csv';
import type { DumpBatchOptions } from '@/lib/export/polls-dump';
import { openSqlReader } from '@/lib/export/sql-reader';
import type { TObservationFacts } from '@/lib/data/dto';

/** Version of the indicators dump's column layout; see the changelog in docs/EXPORT-FORMAT.md. */
export const INDICATORS_DUMP_SCHEMA_VERSION = 1;

export const OBSERVATION_EXPORT_KEY_PREFIX = 'pollboard:observation:';

/** One observation with its indicator's fields. */
export interface IndicatorDumpRow extends TObservationFacts {
  observationId: number;
  exportKey: string;
  indicatorSlug: string;
  indicatorName: string;
  unit: string;
  currency: string | null;
  indicatorSource: string | null;
  periodStart: Date;
  kind: string;
  updatedAt: Date;
}

const c = <K extends string>(
  name: K,
  type: CsvColumn<IndicatorDumpRow>['type'],
  nullable: boolean,
  description: string,
  get: CsvColumn<IndicatorDumpRow>['get'],
): CsvColumn<IndicatorDumpRow> & { name: K } => ({ name, type, nullable, description, get });

/** The documented columns of the indicators dump: one row per observation. */
export const INDICATOR_DUMP_COLUMNS = [
  c('schema_version', 'integer', false, 'Version of this column layout (see the changelog).', () => INDICATORS_DUMP_SCHEMA_VERSION),
  c('export_key', 'string', false, 'Stable key of the observation: its import/seed key, else `pollboard:observation:<id>`.', (r) => r.exportKey),
  c('observation_id', 'integer', false, 'Id of the observation in this database.', (r) => r.observationId),
  c('indicator_slug', 'string', false, 'Indicator slug (`/indicators/<slug>`).', (r) => r.indicatorSlug),
  c('indicator_name', 'string', false, 'Indicator name.', (r) => r.indicatorName),
  c('unit', 'string', false, 'Unit of `value` (e.g. "US$ bn").', (r) => r.unit),
  c('currency', 'string', true, 'ISO currency code, for money indicators.', (r) => r.currency),
  c('indicator_source', 'string', true, 'Source of the indicator series as a whole.', (r) => r.indicatorSource),
  c('period', 'string', false, 'Period label as published: `2017`, `2017-Q1`, `2017-03`, `FY2017`…', (r) => r.period),
  c('period_type', 'string', false, '`year`, `quarter`, `month`, `day`, `fiscal-year`, `partial-year`.', (r) => r.periodType),
  c('period_start', 'date', false, 'First day of the period (YYYY-MM-DD), for sorting and charts.', (r) => r.periodStart),
  c('value', 'number', false, 'The value, in `unit`.', (r) => r.value),
  c('kind', 'string', false, '`actual`, `estimate`, `target` or `forecast` (a target is not a data point).', (r) => r.kind),
  c('basis', 'string', true, 'Basis of the figure (calendar or fiscal year, derived…).', (r) => r.basis),
  c('derived', 'boolean', false, '`true` when computed by us or the source from other figures.', (r) => r.derived),
  c('is_primary', 'boolean', false, '`false` for an alternative figure of the same period (other source or basis).', (r) => r.isPrimary),
  c('source_name', 'string', true, 'Source of this observation.', (r) => r.sourceName),
  c('source_url', 'string', true, 'URL of the source.', (r) => r.sourceUrl),
  c('notes', 'string', true, 'Notes.', (r) => r.notes),
  c('updated_at', 'datetime', false, 'Last change of the observation (ISO 8601 UTC).', (r) => r.updatedAt),
] as const;

const SQL_OBSERVATIONS = `SELECT o."id", o."externalKey", i."slug" AS "indicatorSlug", i."name" AS "indicatorName", i."unit",
  i."currency", i."source" AS "indicatorSource", o."period", o."periodType", o."periodStart", o."value", o."kind", o."basis",
  o."derived", o."isPrimary", o."sourceName", o."sourceUrl", o."notes", o."updatedAt"
  FROM "Observation" o JOIN "Indicator" i ON i."id" = o."indicatorId"
  WHERE o."indicatorId" = ? AND o."id" > ? ORDER BY o."id" LIMIT ?`;

interface ObservationSqlRow {
  id: number;
  externalKey: string | null;
  indicatorSlug: string;
  indicatorName: string;
  unit: string;
  currency: string | null;
  indicatorSource: string | null;
  period: string;
  periodType: string;
  periodStart: Date | string;
  value: number;
  kind: string;
  basis: string | null;
  derived: boolean | number;
  isPrimary: boolean | number;
  sourceName: string | null;
  sourceUrl: string | null;
  notes: string | null;
  updatedAt: Date | string;
}

/**
 * Read every observation in keyset-paginated batches, ordered by indicator slug, then entry order
 * (id). Keyset on the id (not on the period: dates compare as text on SQLite, ids compare the same on
 * every database), so memory stays bounded whatever the table size.
 */
export async function* readIndicatorDumpBatches(db: PrismaClient, options: DumpBatchOptions = {}): AsyncGenerator<IndicatorDumpRow[]> {
  const batchSize = options.batchSize ?? 1000;
  const sql = openSqlReader(db, options.databaseUrl);
  try {
    // Indicators are few: walk them by slug, the observations of each in id-keyset batches.
    const indicators = await sql.all<{ id: number }>('SELECT "id" FROM "Indicator" ORDER BY "slug"', []);
    for (const indicator of indicators) {
      let after = 0;
      for (;;) {
        const rows = await sql.all<ObservationSqlRow>(SQL_OBSERVATIONS, [indicator.id, after, batchSize]);
        if (rows.length === 0) break;
        const lastRow = rows[rows.length - 1] as ObservationSqlRow;
        after = lastRow.id;
        yield rows.map((o) => ({
          observationId: o.id,
          exportKey: o.externalKey ?? `${OBSERVATION_EXPORT_KEY_PREFIX}${o.id}`,
          indicatorSlug: o.indicatorSlug,
          indicatorName: o.indicatorName,
          unit: o.unit,
          currency: o.currency,
          indicatorSource: o.indicatorSource,
          period: o.period,
          periodType: o.periodType,
          periodStart: new Date(o.periodStart),
          value: o.value,
          kind: o.kind,
          basis: o.basis,
          derived: Boolean(o.derived),
          isPrimary: Boolean(o.isPrimary),
          sourceName: o.sourceName,
          sourceUrl: o.sourceUrl,
          notes: o.notes,
          updatedAt: new Date(o.updatedAt),
        }));
        if (rows.length < batchSize) break;
      }
    }
  } finally {
    await sql.close();
  }
}

export const INDICATOR_DUMP_SEGMENTS: readonly ColumnSegment<IndicatorDumpRow>[] = [{ columns: INDICATOR_DUMP_COLUMNS }];
